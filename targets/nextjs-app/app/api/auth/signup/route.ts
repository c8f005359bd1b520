// Sign up (JSON). POST {"name", "email", "password"} -> 202 {"status": "confirmation_sent"}: the
// account exists but cannot sign in until the emailed link (/auth/confirm?token=…) is opened.
// An email that is already registered gets the same answer, so sign-up does not reveal accounts.
import { randomBytes, randomUUID } from 'node:crypto'
import { type NextRequest, NextResponse } from 'next/server'

import { sendMail } from '@/lib/mail'
import { hashPassword } from '@/lib/passwords'
import { jsonBody, publicOrigin } from '@/lib/request'
import { accountByEmail, store } from '@/lib/store'

export const dynamic = 'force-dynamic'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const NO_STORE = { 'Cache-Control': 'no-store' }

export async function POST(request: NextRequest): Promise<NextResponse> {
  const body = await jsonBody(request)
  if (body === null) {
    return NextResponse.json({ error: 'unsupported_media_type' }, { status: 415, headers: NO_STORE })
  }
  const name = typeof body.name === 'string' ? body.name.trim() : ''
  const email = typeof body.email === 'string' ? body.email.trim() : ''
  const password = typeof body.password === 'string' ? body.password : ''
  const errors: Record<string, string> = {}
  if (!name) errors.name = 'Tell us your name.'
  if (!EMAIL.test(email)) errors.email = 'Enter a valid email address.'
  if (password.length < 10) errors.password = 'Use at least 10 characters.'
  if (Object.keys(errors).length) {
    return NextResponse.json({ error: 'invalid_request', fields: errors }, { status: 422, headers: NO_STORE })
  }
  if (!accountByEmail(email)) {
    const token = randomBytes(24).toString('base64url')
    store().accounts.set(email.toLowerCase(), {
      id: randomUUID(),
      name,
      email,
      passwordHash: hashPassword(password),
      confirmedAt: null,
      confirmToken: token,
      createdAt: new Date().toISOString(),
    })
    const link = `${publicOrigin(request)}/auth/confirm?token=${token}`
    await sendMail({
      to: email,
      subject: 'Confirm your Loomhall account',
      text: `Hello ${name},\n\nConfirm your email address to start booking classes:\n${link}\n`,
      link,
    })
  }
  return NextResponse.json({ status: 'confirmation_sent', email }, { status: 202, headers: NO_STORE })
}
