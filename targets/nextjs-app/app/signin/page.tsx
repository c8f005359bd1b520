import type { Metadata } from 'next'
import Link from 'next/link'

import { SignInForm } from '@/app/signin/signin-form'

export const metadata: Metadata = { title: 'Sign in', description: 'Sign in to reserve and pay for classes.' }

/** Only same-site paths: never an open redirect. */
function safeNext(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/account'
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; confirmed?: string }>
}) {
  const { next, confirmed } = await searchParams
  return (
    <section className="form">
      <h1>Sign in</h1>
      {confirmed === '1' && <p className="notice">Your email address is confirmed. You can sign in now.</p>}
      {confirmed === '0' && <p className="form-error">That confirmation link is invalid or was already used.</p>}
      <SignInForm next={safeNext(next)} />
      <p>
        New to Loomhall? <Link href="/signup">Create an account</Link>
      </p>
    </section>
  )
}
