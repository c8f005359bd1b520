// The guard in front of the private pages and APIs: no valid session cookie -> pages redirect to
// /signin?next=<path>, APIs answer 401 JSON. It checks the cookie's signature and expiry only
// (edge runtime, Web Crypto); route handlers and pages also check the session is still live.
import { type NextRequest, NextResponse } from 'next/server'

import { activeFaults } from '@/lib/faults'
import { SESSION_COOKIE, verifySession } from '@/lib/session-token'

const PRIVATE_PAGES = [/^\/account(\/.*)?$/]
const PRIVATE_APIS = [/^\/api\/me$/, /^\/api\/reservations(\/.*)?$/, /^\/api\/checkout_sessions$/]

// errors-under-load: start times of recent requests (module state lives as long as the sandbox).
const recentStarts: number[] = []

function isPrivate(pathname: string, faults: Set<string>): 'page' | 'api' | null {
  if (PRIVATE_APIS.some((re) => re.test(pathname))) {
    // The bug: the guard's API list forgot the collection route; its handler trusts the guard.
    if (faults.has('reservations-api-unguarded') && pathname === '/api/reservations') return null
    return 'api'
  }
  if (PRIVATE_PAGES.some((re) => re.test(pathname))) {
    // The bug: a matcher of '/account/:path+' that does not match /account itself.
    if (faults.has('account-unguarded') && pathname === '/account') return null
    return 'page'
  }
  return null
}

function overloaded(): boolean {
  const now = Date.now()
  recentStarts.push(now)
  while (recentStarts.length && recentStarts[0] < now - 1000) recentStarts.shift()
  return recentStarts.length > 5 && Math.random() < 0.2
}

function withCors(request: NextRequest, response: NextResponse, faults: Set<string>): NextResponse {
  const origin = request.headers.get('origin')
  if (origin && faults.has('cors-any-origin') && request.nextUrl.pathname.startsWith('/api/')) {
    response.headers.set('Access-Control-Allow-Origin', origin)
    response.headers.set('Access-Control-Allow-Credentials', 'true')
    response.headers.append('Vary', 'Origin')
  }
  return response
}

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const faults = activeFaults()
  const { pathname, search } = request.nextUrl
  if (faults.has('errors-under-load') && overloaded()) {
    return NextResponse.json({ error: 'internal_error' }, { status: 500 })
  }
  const kind = isPrivate(pathname, faults)
  if (kind === null) return withCors(request, NextResponse.next(), faults)
  // CVE-2025-29927: middleware skipped for requests that claim to be internal subrequests.
  if (faults.has('middleware-subrequest-bypass') && request.headers.get('x-middleware-subrequest')?.includes('middleware')) {
    return NextResponse.next()
  }
  const claims = await verifySession(request.cookies.get(SESSION_COOKIE)?.value)
  if (claims) return withCors(request, NextResponse.next(), faults)
  if (kind === 'api') {
    return withCors(
      request,
      NextResponse.json(
        { error: 'unauthenticated', message: 'Sign in to use this endpoint.' },
        { status: 401, headers: { 'WWW-Authenticate': 'Cookie realm="loomhall"', 'Cache-Control': 'no-store' } },
      ),
      faults,
    )
  }
  // Built on the Host header the client sent: Next.js turns a same-origin Location into a relative
  // one. (request.nextUrl, and x-forwarded-host in middleware, name the server's own host instead.)
  const host = request.headers.get('host') ?? request.nextUrl.host
  const signin = new URL(`/signin?next=${encodeURIComponent(pathname + search)}`, `${request.nextUrl.protocol}//${host}`)
  return NextResponse.redirect(signin, 307)
}

export const config = {
  // Everything but build assets, optimized images and public files.
  matcher: ['/((?!_next/static|_next/image|img/|favicon.ico|robots.txt|sitemap.xml).*)'],
}
