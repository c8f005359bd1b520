// The signed-in customer: {"user": {"id", "name", "email"}}; 401 when the session is gone.
import { NextResponse } from 'next/server'

import { currentAccount } from '@/lib/auth'

export const dynamic = 'force-dynamic'

export async function GET(): Promise<NextResponse> {
  const account = await currentAccount()
  if (!account) return NextResponse.json({ error: 'unauthenticated' }, { status: 401, headers: { 'Cache-Control': 'no-store' } })
  return NextResponse.json(
    { user: { id: account.id, name: account.name, email: account.email } },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
