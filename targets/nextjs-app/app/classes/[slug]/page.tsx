import type { Metadata } from 'next'
import Image from 'next/image'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { ReserveForm } from '@/app/classes/[slug]/reserve-form'
import { currentAccount } from '@/lib/auth'
import { craftLabel, findClass, formatFee, formatSession, upcomingSessions } from '@/lib/catalogue'
import { faultOn } from '@/lib/faults'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ slug: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const info = findClass((await params).slug)
  return info ? { title: info.title, description: info.summary } : { title: 'Class not found' }
}

export default async function ClassPage({ params }: Props) {
  const { slug } = await params
  if (faultOn('class-detail-500')) throw new Error(`could not load class ${slug}: connection reset`)
  const info = findClass(slug)
  if (!info) notFound()
  const account = await currentAccount()
  const sessions = upcomingSessions(info).map((s) => ({ id: s.id, label: formatSession(s.startsAt) }))
  return (
    <article className="detail">
      <div>
        <p className="meta">
          <Link href="/classes">Classes</Link> / {craftLabel(info.craft)}
        </p>
        <h1>{info.title}</h1>
        <Image src={info.image} alt="" width={1200} height={800} priority sizes="(max-width: 720px) 100vw, 60vw" />
        <p>{info.summary}</p>
        <p className="meta">
          {Math.round(info.durationMin / 6) / 10} hours · up to {info.seatsPerSession} people · {info.neighbourhood}
        </p>
      </div>
      <aside className="panel">
        <p>
          Taught at <strong data-testid="class-studio">{info.studio}</strong>
        </p>
        <p>
          <span data-testid="class-fee">{formatFee(info.feeCents)}</span> per seat
        </p>
        {account ? (
          <ReserveForm slug={info.slug} sessions={sessions} />
        ) : (
          <p>
            <Link href={`/signin?next=${encodeURIComponent(`/classes/${info.slug}`)}`} className="button">
              Sign in to reserve
            </Link>
          </p>
        )}
      </aside>
    </article>
  )
}
