'use client'

// Buttons on a reservation: cancel it (DELETE /api/reservations/<code>), or pay for it (a Stripe
// Checkout Session from /api/checkout_sessions, then a top-level navigation to its hosted page).
import { useRouter } from 'next/navigation'
import { useState } from 'react'

export function CancelButton({ code }: { code: string }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  async function cancel() {
    setBusy(true)
    await fetch(`/api/reservations/${encodeURIComponent(code)}`, { method: 'DELETE' })
    router.refresh()
    setBusy(false)
  }
  return (
    <button type="button" className="secondary" onClick={cancel} disabled={busy}>
      Cancel reservation
    </button>
  )
}

export function PayButton({ code }: { code: string }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function pay() {
    setBusy(true)
    setError(null)
    const response = await fetch('/api/checkout_sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reservation: code }),
    })
    const body = await response.json().catch(() => ({}))
    if (response.ok && typeof body.url === 'string') {
      window.location.assign(body.url)
      return
    }
    setBusy(false)
    setError(body.message ?? 'Payment could not be started.')
  }
  return (
    <>
      {error && (
        <p className="form-error" data-testid="form-error">
          {error}
        </p>
      )}
      <button type="button" onClick={pay} disabled={busy}>
        Continue to payment
      </button>
    </>
  )
}
