import type { Metadata } from 'next'
import Link from 'next/link'

export const metadata: Metadata = { title: 'Check your email', description: 'Confirm your email address to finish signing up.' }

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams
  return (
    <section className="form">
      <h1>Check your email</h1>
      <p data-testid="confirmation-sent">
        We sent a confirmation link to <strong>{email || 'your email address'}</strong>. Open it to confirm your
        account, then sign in.
      </p>
      <p>
        <Link href="/signin">Back to sign in</Link>
      </p>
    </section>
  )
}
