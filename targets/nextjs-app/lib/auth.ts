// Server-side session handling: who is signed in (cookie signature AND a live session in the store),
// starting and ending sessions. Middleware only checks the signature; revocation is checked here.
import { randomUUID } from 'node:crypto'
import { cookies } from 'next/headers'
import type { NextResponse } from 'next/server'

import { faultOn } from '@/lib/faults'
import { SESSION_COOKIE, SESSION_TTL_S, signSession, verifySession } from '@/lib/session-token'
import { type Account, accountById, store } from '@/lib/store'

export async function currentAccount(): Promise<Account | null> {
  const jar = await cookies()
  const claims = await verifySession(jar.get(SESSION_COOKIE)?.value)
  if (!claims) return null
  const session = store().sessions.get(claims.sid)
  if (!session || session.expiresAt < Date.now() || session.accountId !== claims.uid) return null
  return accountById(claims.uid) ?? null
}

export async function startSession(response: NextResponse, account: Account, secure: boolean): Promise<void> {
  const sid = randomUUID()
  const exp = Math.floor(Date.now() / 1000) + SESSION_TTL_S
  store().sessions.set(sid, { accountId: account.id, expiresAt: exp * 1000 })
  response.cookies.set(SESSION_COOKIE, await signSession({ sid, uid: account.id, exp }), {
    httpOnly: !faultOn('session-cookie-readable'),
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_TTL_S,
  })
}

export async function endSession(response: NextResponse, secure: boolean): Promise<void> {
  const jar = await cookies()
  const claims = await verifySession(jar.get(SESSION_COOKIE)?.value)
  if (claims) store().sessions.delete(claims.sid)
  response.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 })
}
