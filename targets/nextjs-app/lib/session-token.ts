// Signed session tokens (HMAC-SHA256 with Web Crypto), verified by middleware on the edge runtime
// and by route handlers on Node. The token carries the session id; revocation lives in the store.

export const SESSION_COOKIE = 'lh_session'
export const SESSION_TTL_S = 7 * 24 * 3600

export interface SessionClaims {
  sid: string
  uid: string
  exp: number // unix seconds
}

const encoder = new TextEncoder()

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)
  const binary = atob(padded)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

async function hmacKey(): Promise<CryptoKey> {
  const secret = process.env.SESSION_SECRET
  if (!secret || secret.length < 32) {
    throw new Error('SESSION_SECRET must be set (32 characters or more)')
  }
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ])
}

export async function signSession(claims: SessionClaims): Promise<string> {
  const body = base64url(encoder.encode(JSON.stringify(claims)))
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(), encoder.encode(body))
  return `${body}.${base64url(new Uint8Array(signature))}`
}

/** The claims of a well-signed, unexpired token; null for anything else. */
export async function verifySession(token: string | undefined): Promise<SessionClaims | null> {
  if (!token) return null
  const [body, signature, extra] = token.split('.')
  if (!body || !signature || extra !== undefined) return null
  let valid = false
  try {
    valid = await crypto.subtle.verify('HMAC', await hmacKey(), fromBase64url(signature), encoder.encode(body))
  } catch {
    return null
  }
  if (!valid) return null
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(body))) as SessionClaims
    if (typeof claims.sid !== 'string' || typeof claims.uid !== 'string' || typeof claims.exp !== 'number') return null
    return claims.exp > Date.now() / 1000 ? claims : null
  } catch {
    return null
  }
}
