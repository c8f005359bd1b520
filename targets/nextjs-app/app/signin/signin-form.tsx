'use client'

// Posts JSON to /api/auth/session; the session arrives as an HttpOnly cookie.
import { useRouter } from 'next/navigation'
import { type FormEvent, useState } from 'react'

export function SignInForm({ next }: { next: string }) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setBusy(true)
    setError(null)
    const response = await fetch('/api/auth/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    })
    if (response.ok) {
      router.replace(next)
      router.refresh()
      return
    }
    const body = await response.json().catch(() => ({}))
    setBusy(false)
    setError(body.message ?? 'Sign-in failed. Try again.')
  }

  return (
    <form onSubmit={submit} noValidate>
      {error && (
        <p className="form-error" data-testid="form-error" aria-live="assertive">
          {error}
        </p>
      )}
      <label htmlFor="email">Email address</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  )
}
