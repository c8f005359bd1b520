// The link in the confirmation email: confirms the account, then sends the visitor to sign in.
import { type NextRequest, NextResponse } from 'next/server'

import { store } from '@/lib/store'

export const dynamic = 'force-dynamic'

export function GET(request: NextRequest): NextResponse {
  const token = request.nextUrl.searchParams.get('token') ?? ''
  let outcome = 'invalid'
  if (token) {
    for (const account of store().accounts.values()) {
      if (account.confirmToken === token) {
        account.confirmedAt = new Date().toISOString()
        account.confirmToken = null
        outcome = 'confirmed'
        break
      }
    }
  }
  return new NextResponse(null, { status: 303, headers: { Location: `/signin?confirmed=${outcome === 'confirmed' ? 1 : 0}` } })
}
