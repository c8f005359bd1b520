import type { Metadata } from 'next'
import Link from 'next/link'

import { currentAccount } from '@/lib/auth'
import { STATE_LABELS, reservationsOf } from '@/lib/store'

export const metadata: Metadata = { title: 'Payment received', description: 'Your payment is being confirmed.' }

// Stripe sends the customer here after paying; the reservation turns Paid only when the signed
// webhook arrives, which may be a moment later.
export default async function PaymentCompletePage({ searchParams }: { searchParams: Promise<{ session_id?: string }> }) {
  const { session_id: sessionId } = await searchParams
  const account = await currentAccount()
  const reservation = account && sessionId ? reservationsOf(account.id).find((r) => r.checkoutSessionId === sessionId) : undefined
  return (
    <section className="panel">
      <h1>Thank you!</h1>
      <p>We are confirming your payment with the bank. This usually takes a few seconds.</p>
      {reservation && (
        <p>
          Reservation <Link href={`/account/reservations/${reservation.code}`}>{reservation.code}</Link>:{' '}
          <span className="state" data-state={reservation.state} data-testid="reservation-state">
            {STATE_LABELS[reservation.state]}
          </span>
        </p>
      )}
      <p>
        <Link href="/account/reservations">Your reservations</Link>
      </p>
    </section>
  )
}
