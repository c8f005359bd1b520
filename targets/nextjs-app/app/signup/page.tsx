import type { Metadata } from 'next'
import Link from 'next/link'

import { SignUpForm } from '@/app/signup/signup-form'

export const metadata: Metadata = { title: 'Create an account', description: 'Create a Loomhall account to book classes.' }

export default function SignUpPage() {
  return (
    <section className="form">
      <h1>Create an account</h1>
      <SignUpForm />
      <p>
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </section>
  )
}
