import type { Metadata } from 'next'

import { ClassCatalogue, type Tile } from '@/app/classes/catalogue'
import { CLASSES, CRAFTS, craftLabel, formatFee } from '@/lib/catalogue'
import { faultOn, sleep } from '@/lib/faults'

export const dynamic = 'force-dynamic'

export const metadata: Metadata = {
  title: 'Classes',
  description: 'Every upcoming craft class at Loomhall studios: search by craft, studio or keyword.',
}

export default async function ClassesPage({ searchParams }: { searchParams: Promise<{ category?: string }> }) {
  if (faultOn('slow-catalogue')) await sleep(2500)
  if (faultOn('catalogue-500')) throw new Error('catalogue query failed: relation "classes" does not exist')
  const { category } = await searchParams
  const tiles: Tile[] = CLASSES.map((info) => ({
    slug: info.slug,
    title: info.title,
    craft: info.craft,
    craftLabel: craftLabel(info.craft),
    studio: info.studio,
    fee: formatFee(info.feeCents),
    image: info.image,
    keywords: `${info.title} ${info.studio} ${info.neighbourhood} ${info.summary} ${craftLabel(info.craft)}`.toLowerCase(),
  }))
  const initialCraft = CRAFTS.some((c) => c.id === category) ? category : undefined
  return (
    <>
      <h1>Classes</h1>
      <p className="lede">Small groups, all materials included. Pick a craft or search for what you want to make.</p>
      <ClassCatalogue
        tiles={tiles}
        crafts={CRAFTS}
        initialCraft={initialCraft}
        searchWorks={!faultOn('search-inert')}
        craftWorks={!faultOn('category-inert')}
      />
    </>
  )
}
