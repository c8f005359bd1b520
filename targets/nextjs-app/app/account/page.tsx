import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'

import { currentAccount } from '@/lib/auth'
import { findClass, formatSession } from '@/lib/catalogue'
import { faultOn } from '@/lib/faults'
import { STATE_LABELS, reservationsOf } from '@/lib/store'

export const metadata: Metadata = { title: 'Your account', description: 'Your Loomhall account and reservations.' }

export default async function AccountPage() {
  const account = await currentAccount()
  // Under these faults the page trusts the guard alone (no second check here), which the guard
  // then fails: its matcher misses /account, or it honours x-middleware-subrequest.
  const trustsGuard = faultOn('account-unguarded') || faultOn('middleware-subrequest-bypass')
  if (!account && !trustsGuard) redirect('/signin?next=%2Faccount')
  const upcoming = account ? reservationsOf(account.id).filter((r) => r.state !== 'cancelled').slice(0, 3) : []
  return (
    <>
      <h1>Your account</h1>
      <p>Signed in as {account ? `${account.name} (${account.email})` : 'a guest'}.</p>
      <section className="panel" aria-labelledby="next-up">
        <h2 id="next-up">Next up</h2>
        {upcoming.length === 0 ? (
          <p>
            Nothing booked yet. <Link href="/classes">Find a class</Link>.
          </p>
        ) : (
          <ul>
            {upcoming.map((r) => (
              <li key={r.code}>
                <Link href={`/account/reservations/${r.code}`}>{findClass(r.classSlug)?.title ?? r.classSlug}</Link>,{' '}
                {formatSession(`${r.sessionId}:00`)} — {STATE_LABELS[r.state]}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href="/account/reservations">All reservations</Link>
        </p>
      </section>
    </>
  )
}
