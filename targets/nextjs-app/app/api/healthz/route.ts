// Health for load balancers and post-deploy checks:
// {"ok": bool, "build": {"sha", "startedAt"}, "checks": [{"name", "state": pass|warn|fail, "latencyMs"}]}
// HTTP 503 when any check fails; warnings keep ok=true and HTTP 200.
import { NextResponse } from 'next/server'

import { faultOn } from '@/lib/faults'
import { mailConfigured } from '@/lib/mail'
import { store } from '@/lib/store'

export const dynamic = 'force-dynamic'

const STARTED_AT = new Date().toISOString()
const PREVIOUS_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

type State = 'pass' | 'warn' | 'fail'
interface Check {
  name: string
  state: State
  latencyMs: number
  detail?: string
}

function timed(name: string, probe: () => [State, string | undefined]): Check {
  const started = performance.now()
  const [state, detail] = probe()
  const check: Check = { name, state, latencyMs: Math.round((performance.now() - started) * 100) / 100 }
  if (detail) check.detail = detail
  return check
}

export function GET(): NextResponse {
  const checks = [
    timed('db', () => {
      if (faultOn('health-failing')) return ['fail', 'connection refused']
      store().accounts.size // the store answers
      return ['pass', undefined]
    }),
    timed('payments', () =>
      (process.env.STRIPE_SECRET_KEY ?? '').startsWith('sk_') ? ['pass', undefined] : ['fail', 'no API key'],
    ),
    timed('mail', () => {
      if (faultOn('mail-degraded')) return ['warn', 'provider answering slowly']
      return ['pass', mailConfigured() ? 'outbox' : 'disabled']
    }),
  ]
  const ok = checks.every((check) => check.state !== 'fail')
  const sha = faultOn('stale-build') ? PREVIOUS_SHA : (process.env.GIT_COMMIT_SHA ?? 'unknown')
  return NextResponse.json(
    { ok, build: { sha, startedAt: STARTED_AT }, checks },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
