// One class with its upcoming sessions: {"class": {...}, "sessions": [{"id", "startsAt"}]}.
import { NextResponse } from 'next/server'

import { findClass, publicClass, upcomingSessions } from '@/lib/catalogue'

export const dynamic = 'force-dynamic'

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<NextResponse> {
  const info = findClass((await params).slug)
  if (!info) return NextResponse.json({ error: 'not_found' }, { status: 404, headers: { 'Cache-Control': 'no-store' } })
  return NextResponse.json(
    { class: { ...publicClass(info), summary: info.summary }, sessions: upcomingSessions(info) },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
