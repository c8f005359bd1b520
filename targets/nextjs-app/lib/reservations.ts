// Reservations as the API and pages show them, and the rules for making and cancelling one.
import { findClass, upcomingSessions } from '@/lib/catalogue'
import { type Account, type Reservation, STATE_LABELS, newReservationCode, store } from '@/lib/store'

export function publicReservation(r: Reservation) {
  const info = findClass(r.classSlug)
  return {
    code: r.code,
    class: { slug: r.classSlug, title: info?.title ?? r.classSlug, studio: info?.studio ?? '' },
    session: { id: r.sessionId, startsAt: `${r.sessionId}:00` },
    seats: r.seats,
    amount: { amount: r.amountCents, currency: 'EUR' },
    state: r.state,
    stateLabel: STATE_LABELS[r.state],
    createdAt: r.createdAt,
    paidAt: r.paidAt,
    url: `/account/reservations/${r.code}`,
  }
}

export type ReserveResult = { reservation: Reservation } | { error: string; message: string }

export function reserve(account: Account, slug: unknown, sessionId: unknown, seats: unknown): ReserveResult {
  const info = typeof slug === 'string' ? findClass(slug) : undefined
  if (!info) return { error: 'unknown_class', message: 'This class does not exist.' }
  const session = upcomingSessions(info).find((s) => s.id === sessionId)
  if (!session) return { error: 'unknown_session', message: 'Choose one of the upcoming sessions.' }
  const count = typeof seats === 'number' ? seats : Number(seats ?? 1)
  if (!Number.isInteger(count) || count < 1 || count > 4) {
    return { error: 'invalid_seats', message: 'Reserve between 1 and 4 seats.' }
  }
  const reservation: Reservation = {
    code: newReservationCode(),
    accountId: account.id,
    classSlug: info.slug,
    sessionId: session.id,
    seats: count,
    amountCents: info.feeCents * count,
    state: 'awaiting_payment',
    createdAt: new Date().toISOString(),
    paidAt: null,
    checkoutSessionId: null,
  }
  store().reservations.set(reservation.code, reservation)
  return { reservation }
}

export function ownReservation(account: Account, code: string): Reservation | undefined {
  const reservation = store().reservations.get(code)
  return reservation && reservation.accountId === account.id ? reservation : undefined
}
