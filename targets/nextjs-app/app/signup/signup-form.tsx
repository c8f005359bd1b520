'use client'

// Posts JSON to /api/auth/signup; the account must then be confirmed from the emailed link.
import { useRouter } from 'next/navigation'
import { type FormEvent, useState } from 'react'

export function SignUpForm() {
  const router = useRouter()
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setBusy(true)
    const response = await fetch('/api/auth/signup', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: form.get('name'), email: form.get('email'), password: form.get('password') }),
    })
    const body = await response.json().catch(() => ({}))
    if (response.status === 202) {
      router.push(`/signup/check-email?email=${encodeURIComponent(String(form.get('email')))}`)
      return
    }
    setBusy(false)
    setErrors(body.fields ?? { form: 'Sign-up failed. Try again.' })
  }

  return (
    <form onSubmit={submit} noValidate>
      {Object.keys(errors).length > 0 && (
        <div className="form-error" data-testid="form-error" aria-live="assertive">
          {Object.values(errors).map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <label htmlFor="name">Full name</label>
      <input id="name" name="name" autoComplete="name" required />
      <label htmlFor="email">Email address</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" minLength={10} required />
      <button type="submit" disabled={busy}>
        Create account
      </button>
    </form>
  )
}
