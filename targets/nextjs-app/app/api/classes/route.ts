// Public catalogue API: {"items": [...], "total": n}, optionally ?craft=<id>&q=<text>.
import { type NextRequest, NextResponse } from 'next/server'

import { CLASSES, publicClass } from '@/lib/catalogue'
import { faultOn, sleep } from '@/lib/faults'

export const dynamic = 'force-dynamic'

let inFlight = 0

export async function GET(request: NextRequest): Promise<NextResponse> {
  inFlight += 1
  try {
    if (faultOn('classes-api-slow-under-load')) {
      // A lock held per request: every other request in flight adds 150 ms.
      await sleep(Math.min(5000, 150 * (inFlight - 1)))
    }
    const craft = request.nextUrl.searchParams.get('craft')
    const q = (request.nextUrl.searchParams.get('q') ?? '').trim().toLowerCase()
    const items = CLASSES.filter((c) => !craft || c.craft === craft)
      .filter((c) => !q || `${c.title} ${c.studio} ${c.summary}`.toLowerCase().includes(q))
      .map(publicClass)
    const cacheControl = faultOn('api-cacheable') ? 'public, max-age=600' : 'no-store'
    return NextResponse.json({ items, total: items.length }, { headers: { 'Cache-Control': cacheControl } })
  } finally {
    inFlight -= 1
  }
}
