// Stripe webhooks, verified with Stripe's own library (signature and timestamp tolerance). A
// checkout.session.completed event with payment_status=paid is what marks a reservation paid.
import { type NextRequest, NextResponse } from 'next/server'
import type Stripe from 'stripe'

import { faultOn } from '@/lib/faults'
import { store } from '@/lib/store'
import { stripe, webhookSecret } from '@/lib/stripe'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'Cache-Control': 'no-store' }
const FOREVER_S = 10 * 365 * 24 * 3600

function verified(payload: string, signature: string | null): Stripe.Event | null {
  if (faultOn('webhook-unsigned')) return JSON.parse(payload) as Stripe.Event
  if (!signature) return null
  try {
    const tolerance = faultOn('webhook-replay') ? FOREVER_S : undefined // undefined: Stripe's 300 s
    return stripe().webhooks.constructEvent(payload, signature, webhookSecret(), tolerance)
  } catch {
    return null
  }
}

function completed(session: Stripe.Checkout.Session): void {
  const code = session.client_reference_id ?? session.metadata?.reservation_code
  const reservation = code ? store().reservations.get(code) : undefined
  if (!reservation || session.payment_status !== 'paid') return
  if (faultOn('payment-never-confirmed')) return
  if (reservation.state === 'awaiting_payment') {
    reservation.state = 'paid'
    reservation.paidAt = new Date().toISOString()
    reservation.checkoutSessionId = session.id
  }
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  const payload = await request.text()
  let event: Stripe.Event | null
  try {
    event = verified(payload, request.headers.get('stripe-signature'))
  } catch {
    event = null // unparsable JSON under webhook-unsigned
  }
  if (!event) {
    return NextResponse.json({ error: 'invalid_signature' }, { status: 400, headers: NO_STORE })
  }
  const seen = store().processedEvents
  if (!seen.has(event.id)) {
    seen.add(event.id)
    if (event.type === 'checkout.session.completed') completed(event.data.object)
  }
  return NextResponse.json({ received: true }, { headers: NO_STORE })
}
