import Image from 'next/image'
import Link from 'next/link'

import { BusyHydration } from '@/app/busy-hydration'
import { LateBanner } from '@/app/late-banner'
import { CLASSES, formatFee } from '@/lib/catalogue'
import { faultOn } from '@/lib/faults'

export const dynamic = 'force-dynamic'

export default function HomePage() {
  const featured = CLASSES.filter((_, index) => index % 3 === 0).slice(0, 3)
  return (
    <>
      {faultOn('home-layout-shift') && <LateBanner />}
      {faultOn('home-long-task') && <BusyHydration />}
      <section className="hero">
        <div>
          <h1>Learn a craft from the people who practise it</h1>
          <p className="lede">
            Small-group classes in ceramics, woodwork, printmaking, textiles and glass, taught in working studios
            around the city.
          </p>
          <Link href="/classes" className="button">
            Find a class
          </Link>
        </div>
        {faultOn('heavy-home') ? (
          <img src="/media/studio-banner.png" alt="A potter at the wheel" width={720} height={720} />
        ) : (
          <Image src="/img/hero.jpg" alt="A potter at the wheel" width={800} height={400} priority sizes="(max-width: 720px) 100vw, 50vw" />
        )}
      </section>
      <section aria-labelledby="featured">
        <h2 id="featured">This month&apos;s favourites</h2>
        <ul className="class-grid">
          {featured.map((info) => (
            <li key={info.slug} className="class-tile">
              <Link href={`/classes/${info.slug}`} prefetch={false}>
                <Image src={info.image} alt="" width={600} height={400} sizes="(max-width: 720px) 100vw, 33vw" />
                <div className="body">
                  <h3>{info.title}</h3>
                  <p className="meta">
                    {info.studio} · from {formatFee(info.feeCents)}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
