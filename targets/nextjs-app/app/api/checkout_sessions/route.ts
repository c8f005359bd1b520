// Start paying a reservation: POST {"reservation": code} -> {"url"} of a Stripe Checkout Session.
// The browser goes there; only the signed checkout.session.completed webhook marks it paid.
import { type NextRequest, NextResponse } from 'next/server'

import { currentAccount } from '@/lib/auth'
import { findClass, formatSession } from '@/lib/catalogue'
import { ownReservation } from '@/lib/reservations'
import { jsonBody, publicOrigin } from '@/lib/request'
import { stripe } from '@/lib/stripe'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function POST(request: NextRequest): Promise<NextResponse> {
  const account = await currentAccount()
  if (!account) return NextResponse.json({ error: 'unauthenticated' }, { status: 401, headers: NO_STORE })
  const body = await jsonBody(request)
  const code = typeof body?.reservation === 'string' ? body.reservation : ''
  const reservation = ownReservation(account, code)
  if (!reservation) return NextResponse.json({ error: 'not_found' }, { status: 404, headers: NO_STORE })
  if (reservation.state !== 'awaiting_payment') {
    return NextResponse.json(
      { error: 'not_payable', message: 'This reservation is not awaiting payment.' },
      { status: 409, headers: NO_STORE },
    )
  }
  const info = findClass(reservation.classSlug)
  const origin = publicOrigin(request)
  try {
    const session = await stripe().checkout.sessions.create({
      mode: 'payment',
      customer_email: account.email,
      client_reference_id: reservation.code,
      metadata: { reservation_code: reservation.code },
      line_items: [
        {
          quantity: reservation.seats,
          price_data: {
            currency: 'eur',
            unit_amount: info?.feeCents ?? reservation.amountCents,
            product_data: { name: `${info?.title ?? 'Class'} · ${formatSession(`${reservation.sessionId}:00`)}` },
          },
        },
      ],
      success_url: `${origin}/payment/complete?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/account/reservations/${reservation.code}`,
    })
    reservation.checkoutSessionId = session.id
    return NextResponse.json({ url: session.url }, { headers: NO_STORE })
  } catch (error) {
    console.error('checkout: could not create a session:', error instanceof Error ? error.message : error)
    return NextResponse.json(
      { error: 'payment_unavailable', message: 'Payments are unavailable right now. Try again shortly.' },
      { status: 502, headers: NO_STORE },
    )
  }
}
