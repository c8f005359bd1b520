// What a route handler needs to know about the request as the client made it. Behind `next start`,
// request.url carries the server's own host name, so origins come from the Host header.
import type { NextRequest } from 'next/server'

export function isHttps(request: NextRequest): boolean {
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
  return proto === 'https' || request.nextUrl.protocol === 'https:'
}

export function publicOrigin(request: NextRequest): string {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? request.nextUrl.host
  return `${isHttps(request) ? 'https' : 'http'}://${host}`
}

/** The client's address as the server saw it (next start passes it on in x-forwarded-for). */
export function clientAddress(request: NextRequest): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown'
}

export async function jsonBody(request: NextRequest): Promise<Record<string, unknown> | null> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return null
  try {
    const body: unknown = await request.json()
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null
  } catch {
    return null
  }
}
