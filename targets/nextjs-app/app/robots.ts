import type { MetadataRoute } from 'next'
import { headers } from 'next/headers'

export const dynamic = 'force-dynamic'

export default async function robots(): Promise<MetadataRoute.Robots> {
  // The Sitemap line must be an absolute URL: built from the Host the crawler asked.
  const requestHeaders = await headers()
  const proto = requestHeaders.get('x-forwarded-proto')?.split(',')[0] ?? 'http'
  const origin = `${proto}://${requestHeaders.get('host') ?? 'localhost'}`
  return { rules: [{ userAgent: '*', allow: '/', disallow: ['/account', '/api/'] }], sitemap: `${origin}/sitemap.xml` }
}
