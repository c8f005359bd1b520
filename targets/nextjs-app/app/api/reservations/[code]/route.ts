// One reservation of the signed-in customer. GET -> {"reservation"}; DELETE cancels it.
import { NextResponse } from 'next/server'

import { currentAccount } from '@/lib/auth'
import { faultOn } from '@/lib/faults'
import { ownReservation, publicReservation } from '@/lib/reservations'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'Cache-Control': 'no-store' }
type Params = { params: Promise<{ code: string }> }

async function find(params: Params['params']) {
  const account = await currentAccount()
  if (!account) return { response: NextResponse.json({ error: 'unauthenticated' }, { status: 401, headers: NO_STORE }) }
  const reservation = ownReservation(account, (await params).code)
  if (!reservation) return { response: NextResponse.json({ error: 'not_found' }, { status: 404, headers: NO_STORE }) }
  return { reservation }
}

export async function GET(_request: Request, { params }: Params): Promise<NextResponse> {
  const found = await find(params)
  if (!found.reservation) return found.response
  return NextResponse.json({ reservation: publicReservation(found.reservation) }, { headers: NO_STORE })
}

export async function DELETE(_request: Request, { params }: Params): Promise<NextResponse> {
  const found = await find(params)
  if (!found.reservation) return found.response
  const reservation = found.reservation
  if (reservation.state === 'cancelled') {
    return NextResponse.json({ reservation: publicReservation(reservation) }, { headers: NO_STORE })
  }
  if (!faultOn('cancel-ignored')) reservation.state = 'cancelled'
  return NextResponse.json({ reservation: publicReservation(reservation) }, { headers: NO_STORE })
}
