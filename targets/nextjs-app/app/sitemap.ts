import type { MetadataRoute } from 'next'
import { headers } from 'next/headers'

import { CLASSES } from '@/lib/catalogue'
import { faultOn } from '@/lib/faults'

export const dynamic = 'force-dynamic'

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const requestHeaders = await headers()
  const proto = requestHeaders.get('x-forwarded-proto')?.split(',')[0] ?? 'http'
  const origin = `${proto}://${requestHeaders.get('host') ?? 'localhost'}`
  const paths = ['/', '/classes', ...CLASSES.map((c) => `/classes/${c.slug}`), '/signin', '/signup']
  if (faultOn('sitemap-dead-link')) paths.push('/classes/retired-raku-weekend')
  return paths.map((path) => ({ url: `${origin}${path}`, changeFrequency: 'daily' }))
}
