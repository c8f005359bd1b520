import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'

import { CancelButton } from '@/app/account/reservations/reservation-actions'
import { currentAccount } from '@/lib/auth'
import { findClass, formatFee, formatSession } from '@/lib/catalogue'
import { STATE_LABELS, reservationsOf } from '@/lib/store'

export const metadata: Metadata = { title: 'Reservations', description: 'Your class reservations.' }

export default async function ReservationsPage() {
  const account = await currentAccount()
  if (!account) redirect('/signin?next=%2Faccount%2Freservations')
  const reservations = reservationsOf(account.id)
  return (
    <>
      <h1>Reservations</h1>
      {reservations.length === 0 ? (
        <p>
          You have no reservations yet. <Link href="/classes">Browse classes</Link>.
        </p>
      ) : (
        <table className="reservations">
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Class</th>
              <th scope="col">Session</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {reservations.map((r) => (
              <tr key={r.code} data-reservation-code={r.code}>
                <td>
                  <Link href={`/account/reservations/${r.code}`}>{r.code}</Link>
                </td>
                <td>{findClass(r.classSlug)?.title ?? r.classSlug}</td>
                <td>{formatSession(`${r.sessionId}:00`)}</td>
                <td>{formatFee(r.amountCents)}</td>
                <td>
                  <span className="state" data-state={r.state} data-testid="reservation-state">
                    {STATE_LABELS[r.state]}
                  </span>
                </td>
                <td>{r.state !== 'cancelled' && <CancelButton code={r.code} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
