'use client'

// Reserve seats in one session: the first session is preselected, so one press reserves a seat.
import { useRouter } from 'next/navigation'
import { type FormEvent, useState } from 'react'

interface Props {
  slug: string
  sessions: { id: string; label: string }[]
}

export function ReserveForm({ slug, sessions }: Props) {
  const router = useRouter()
  const [session, setSession] = useState(sessions[0]?.id ?? '')
  const [seats, setSeats] = useState(1)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const response = await fetch('/api/reservations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ class: slug, session, seats }),
    })
    const body = await response.json().catch(() => ({}))
    if (response.status === 201 && body.reservation?.url) {
      router.push(body.reservation.url)
      return
    }
    setBusy(false)
    setError(body.message ?? 'The reservation could not be made. Try again.')
  }

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>Choose a session</legend>
        {sessions.map((s) => (
          <label key={s.id} className="choice">
            <input type="radio" name="session" value={s.id} checked={session === s.id} onChange={() => setSession(s.id)} />{' '}
            {s.label}
          </label>
        ))}
      </fieldset>
      <label htmlFor="seats">Seats</label>{' '}
      <input
        id="seats"
        type="number"
        min={1}
        max={4}
        value={seats}
        onChange={(event) => setSeats(Number(event.target.value))}
        style={{ width: '4rem' }}
      />
      {error && (
        <p className="form-error" data-testid="form-error">
          {error}
        </p>
      )}
      <p>
        <button type="submit" disabled={busy}>
          Reserve a seat
        </button>
      </p>
    </form>
  )
}
