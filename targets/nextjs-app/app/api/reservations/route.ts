// The signed-in customer's reservations. GET -> {"reservations": [...]};
// POST {"class": slug, "session": id, "seats": n} -> 201 {"reservation": {...}}.
import { type NextRequest, NextResponse } from 'next/server'

import { currentAccount } from '@/lib/auth'
import { faultOn } from '@/lib/faults'
import { publicReservation, reserve } from '@/lib/reservations'
import { jsonBody } from '@/lib/request'
import { allReservations, reservationsOf } from '@/lib/store'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'Cache-Control': 'no-store' }
const UNAUTHENTICATED = { error: 'unauthenticated', message: 'Sign in to use this endpoint.' }

export async function GET(): Promise<NextResponse> {
  const account = await currentAccount()
  if (!account) {
    if (faultOn('reservations-api-unguarded')) {
      // The bug: "middleware already checked", so no session means an internal caller.
      return NextResponse.json({ reservations: allReservations().map(publicReservation) }, { headers: NO_STORE })
    }
    return NextResponse.json(UNAUTHENTICATED, { status: 401, headers: NO_STORE })
  }
  return NextResponse.json({ reservations: reservationsOf(account.id).map(publicReservation) }, { headers: NO_STORE })
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  const account = await currentAccount()
  if (!account) return NextResponse.json(UNAUTHENTICATED, { status: 401, headers: NO_STORE })
  const body = await jsonBody(request)
  if (body === null) return NextResponse.json({ error: 'unsupported_media_type' }, { status: 415, headers: NO_STORE })
  const result = reserve(account, body.class, body.session, body.seats)
  if ('error' in result) return NextResponse.json(result, { status: 422, headers: NO_STORE })
  return NextResponse.json({ reservation: publicReservation(result.reservation) }, { status: 201, headers: NO_STORE })
}
