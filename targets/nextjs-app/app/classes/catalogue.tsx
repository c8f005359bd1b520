'use client'

// The catalogue's search and craft filter act in place as you type or press: no navigation, no submit.
import Image from 'next/image'
import Link from 'next/link'
import { useMemo, useState } from 'react'

export interface Tile {
  slug: string
  title: string
  craft: string
  craftLabel: string
  studio: string
  fee: string
  image: string
  keywords: string
}

interface Props {
  tiles: Tile[]
  crafts: { id: string; label: string }[]
  initialCraft?: string
  searchWorks: boolean // false under the search-inert fault
  craftWorks: boolean // false under the category-inert fault
}

export function ClassCatalogue({ tiles, crafts, initialCraft, searchWorks, craftWorks }: Props) {
  const [query, setQuery] = useState('')
  const [craft, setCraft] = useState<string | null>(initialCraft ?? null)
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
    return tiles
      .filter((tile) => !craftWorks || craft === null || tile.craft === craft)
      .filter((tile) => !searchWorks || words.every((word) => tile.keywords.includes(word)))
  }, [tiles, query, craft, searchWorks, craftWorks])

  return (
    <>
      <div className="filters">
        <div>
          <label htmlFor="class-search">Search classes</label>
          <input
            id="class-search"
            type="search"
            placeholder="Craft, studio or keyword"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            autoComplete="off"
          />
        </div>
        <div role="group" aria-label="Craft" className="crafts">
          <button type="button" aria-pressed={craft === null} onClick={() => setCraft(null)}>
            All crafts
          </button>
          {crafts.map((c) => (
            <button key={c.id} type="button" aria-pressed={craft === c.id} onClick={() => setCraft(c.id)}>
              {c.label}
            </button>
          ))}
        </div>
      </div>
      <p aria-live="polite" className="meta" data-testid="result-count">
        {shown.length === 1 ? '1 class' : `${shown.length} classes`}
      </p>
      {shown.length === 0 ? (
        <div className="no-results" data-testid="no-results">
          <h2>No classes match your search</h2>
          <p>Try another word, or clear the filters to see every class.</p>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setQuery('')
              setCraft(null)
            }}
          >
            Clear filters
          </button>
        </div>
      ) : (
        <ul className="class-grid">
          {shown.map((tile) => (
            <li key={tile.slug} className="class-tile" data-testid="class-tile">
              {/* No prefetch: a grid of classes would fetch every class's payload on load. */}
              <Link href={`/classes/${tile.slug}`} prefetch={false}>
                <Image src={tile.image} alt="" width={600} height={400} sizes="(max-width: 720px) 100vw, 33vw" />
                <div className="body">
                  <h2>{tile.title}</h2>
                  <p className="meta">
                    {tile.craftLabel} · {tile.studio} · {tile.fee}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
