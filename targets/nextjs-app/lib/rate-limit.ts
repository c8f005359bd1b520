// Failed sign-ins: at most 5 per account email and 20 per client address (many people may share
// one address) in a minute; beyond that, 429 with Retry-After until the oldest failure leaves the window.
import { store } from '@/lib/store'

export const WINDOW_MS = 60_000
const LIMITS: Record<string, number> = { email: 5, addr: 20 }

function limitOf(key: string): number {
  return LIMITS[key.split(':')[0]] ?? 5
}

function recent(key: string): number[] {
  const cutoff = Date.now() - WINDOW_MS
  const kept = (store().failures.get(key) ?? []).filter((t) => t > cutoff)
  store().failures.set(key, kept)
  return kept
}

/** Seconds to wait when any of the keys is over the limit; 0 when sign-in may proceed. */
export function retryAfterSeconds(keys: string[]): number {
  let wait = 0
  for (const key of keys) {
    const failures = recent(key)
    if (failures.length >= limitOf(key)) {
      wait = Math.max(wait, Math.ceil((failures[0] + WINDOW_MS - Date.now()) / 1000))
    }
  }
  return wait > 0 ? Math.max(1, wait) : 0
}

export function recordFailure(keys: string[]): void {
  const now = Date.now()
  for (const key of keys) store().failures.set(key, [...recent(key), now])
}

export function clearFailures(keys: string[]): void {
  for (const key of keys) store().failures.delete(key)
}
