'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'

export function SignOutButton() {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  async function signOut() {
    setBusy(true)
    await fetch('/api/auth/session', { method: 'DELETE' })
    router.replace('/')
    router.refresh()
  }
  return (
    <button type="button" className="link" onClick={signOut} disabled={busy}>
      Sign out
    </button>
  )
}
