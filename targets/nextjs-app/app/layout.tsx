import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'

import { SignOutButton } from '@/app/sign-out-button'
import { currentAccount } from '@/lib/auth'

import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Loomhall · hands-on craft classes', template: '%s · Loomhall' },
  description: 'Book small-group ceramics, woodwork, printmaking, textile and glass classes at independent studios.',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const account = await currentAccount()
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Loomhall
          </Link>
          <nav className="site-nav" aria-label="Main">
            <Link href="/classes">Classes</Link>
            {account ? (
              <>
                <Link href="/account">Account</Link>
                <SignOutButton />
              </>
            ) : (
              <Link href="/signin">Sign in</Link>
            )}
          </nav>
        </header>
        <main>{children}</main>
        <footer>
          <p>Loomhall connects you with independent craft studios. Payments are processed by Stripe.</p>
        </footer>
      </body>
    </html>
  )
}
