import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound, redirect } from 'next/navigation'

import { CancelButton, PayButton } from '@/app/account/reservations/reservation-actions'
import { currentAccount } from '@/lib/auth'
import { findClass, formatFee, formatSession } from '@/lib/catalogue'
import { ownReservation } from '@/lib/reservations'
import { STATE_LABELS } from '@/lib/store'

type Props = { params: Promise<{ code: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Reservation ${(await params).code}`, description: 'Your reservation and its payment.' }
}

export default async function ReservationPage({ params }: Props) {
  const { code } = await params
  const account = await currentAccount()
  if (!account) redirect(`/signin?next=${encodeURIComponent(`/account/reservations/${code}`)}`)
  const reservation = ownReservation(account, code)
  if (!reservation) notFound()
  const info = findClass(reservation.classSlug)
  return (
    <section className="panel">
      <h1>Reservation {reservation.code}</h1>
      <p>
        <span className="state" data-state={reservation.state} data-testid="reservation-state">
          {STATE_LABELS[reservation.state]}
        </span>
      </p>
      <dl>
        <dt>Class</dt>
        <dd>{info ? <Link href={`/classes/${info.slug}`}>{info.title}</Link> : reservation.classSlug}</dd>
        <dt>Session</dt>
        <dd>{formatSession(`${reservation.sessionId}:00`)}</dd>
        <dt>Seats</dt>
        <dd>{reservation.seats}</dd>
        <dt>Total</dt>
        <dd>{formatFee(reservation.amountCents)}</dd>
      </dl>
      {reservation.state === 'awaiting_payment' && (
        <p>
          <PayButton code={reservation.code} /> <CancelButton code={reservation.code} />
        </p>
      )}
      {reservation.state === 'paid' && (
        <p>
          Paid. See you at the studio! <CancelButton code={reservation.code} />
        </p>
      )}
      <p>
        <Link href="/account/reservations">All reservations</Link>
      </p>
    </section>
  )
}
