// Sign in and out (JSON). POST {"email", "password"} -> 200 {"user"} + HttpOnly session cookie;
// 401 {"error": "invalid_credentials"}; 403 {"error": "email_not_confirmed"}; 429 with Retry-After
// after too many failures. DELETE -> 204, the session is revoked and the cookie cleared.
import { type NextRequest, NextResponse } from 'next/server'

import { endSession, startSession } from '@/lib/auth'
import { faultOn } from '@/lib/faults'
import { DUMMY_HASH, passwordMatches } from '@/lib/passwords'
import { clearFailures, recordFailure, retryAfterSeconds } from '@/lib/rate-limit'
import { clientAddress, isHttps, jsonBody } from '@/lib/request'
import { accountByEmail } from '@/lib/store'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'Cache-Control': 'no-store' }

function problem(status: number, error: string, message: string, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json({ error, message }, { status, headers: { ...NO_STORE, ...headers } })
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  const body = await jsonBody(request)
  if (body === null) {
    return problem(415, 'unsupported_media_type', 'Send a JSON body: {"email": …, "password": …}.')
  }
  const email = typeof body.email === 'string' ? body.email.trim() : ''
  const password = typeof body.password === 'string' ? body.password : ''
  if (!email || !password) return problem(400, 'invalid_request', 'Email and password are required.')

  const keys = [`email:${email.toLowerCase()}`, `addr:${clientAddress(request)}`]
  const limited = !faultOn('login-unlimited')
  const wait = limited ? retryAfterSeconds(keys) : 0
  if (wait > 0) {
    return problem(429, 'too_many_attempts', `Too many sign-in attempts. Try again in ${wait} seconds.`, {
      'Retry-After': String(wait),
    })
  }
  const account = accountByEmail(email)
  const matches = passwordMatches(password, account?.passwordHash ?? DUMMY_HASH) && !faultOn('signin-broken')
  if (!account || !matches) {
    if (limited) recordFailure(keys)
    return problem(401, 'invalid_credentials', 'Email or password is incorrect.')
  }
  if (!account.confirmedAt) {
    return problem(403, 'email_not_confirmed', 'Confirm your email address before signing in.')
  }
  clearFailures(keys)
  const response = NextResponse.json(
    { user: { id: account.id, name: account.name, email: account.email } },
    { headers: NO_STORE },
  )
  await startSession(response, account, isHttps(request))
  return response
}

export async function DELETE(request: NextRequest): Promise<NextResponse> {
  const response = new NextResponse(null, { status: 204, headers: NO_STORE })
  await endSession(response, isHttps(request))
  return response
}
