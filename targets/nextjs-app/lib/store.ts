// Loomhall's state: accounts, sessions, reservations, sign-in failures and processed webhook events.
// One in-memory store per server process (globalThis), so a fresh `next start` is a fresh state,
// seeded with the test account named by SEED_USER_EMAIL / SEED_USER_PASSWORD.
import { randomBytes, randomUUID } from 'node:crypto'

import { hashPassword } from '@/lib/passwords'

export type ReservationState = 'awaiting_payment' | 'paid' | 'cancelled'

export const STATE_LABELS: Record<ReservationState, string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  cancelled: 'Cancelled',
}

export interface Account {
  id: string
  name: string
  email: string
  passwordHash: string
  confirmedAt: string | null
  confirmToken: string | null
  createdAt: string
}

export interface Reservation {
  code: string // "LH-7Q2K9M": the public reference in URLs and emails
  accountId: string
  classSlug: string
  sessionId: string
  seats: number
  amountCents: number
  state: ReservationState
  createdAt: string
  paidAt: string | null
  checkoutSessionId: string | null
}

interface Store {
  accounts: Map<string, Account> // by lower-cased email
  sessions: Map<string, { accountId: string; expiresAt: number }>
  reservations: Map<string, Reservation>
  failures: Map<string, number[]> // sign-in failures by key, timestamps in ms
  processedEvents: Set<string>
}

const globalForStore = globalThis as unknown as { __loomhallStore?: Store }

function seeded(): Store {
  const store: Store = {
    accounts: new Map(),
    sessions: new Map(),
    reservations: new Map(),
    failures: new Map(),
    processedEvents: new Set(),
  }
  const email = process.env.SEED_USER_EMAIL
  const password = process.env.SEED_USER_PASSWORD
  if (email && password) {
    const now = new Date().toISOString()
    store.accounts.set(email.toLowerCase(), {
      id: randomUUID(),
      name: process.env.SEED_USER_NAME || 'Test Customer',
      email,
      passwordHash: hashPassword(password),
      confirmedAt: now,
      confirmToken: null,
      createdAt: now,
    })
  }
  return store
}

export function store(): Store {
  globalForStore.__loomhallStore ??= seeded()
  return globalForStore.__loomhallStore
}

export function accountByEmail(email: string): Account | undefined {
  return store().accounts.get(email.trim().toLowerCase())
}

export function accountById(id: string): Account | undefined {
  for (const account of store().accounts.values()) if (account.id === id) return account
  return undefined
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function newReservationCode(): string {
  const bytes = randomBytes(6)
  let code = 'LH-'
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length]
  return store().reservations.has(code) ? newReservationCode() : code
}

export function reservationsOf(accountId: string): Reservation[] {
  return [...store().reservations.values()]
    .filter((r) => r.accountId === accountId)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

export function allReservations(): Reservation[] {
  return [...store().reservations.values()]
}
