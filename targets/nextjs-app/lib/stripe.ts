// The Stripe client, from env: STRIPE_SECRET_KEY, and STRIPE_API_BASE to point it at a Stripe-like
// test server (e.g. http://127.0.0.1:4242) instead of api.stripe.com.
import Stripe from 'stripe'

let client: Stripe | null = null

export function stripe(): Stripe {
  if (client) return client
  const key = process.env.STRIPE_SECRET_KEY
  if (!key) throw new Error('STRIPE_SECRET_KEY is not set')
  const base = process.env.STRIPE_API_BASE
  const config: Stripe.StripeConfig = { maxNetworkRetries: 1, timeout: 10_000 }
  if (base) {
    const url = new URL(base)
    config.host = url.hostname
    config.port = url.port || (url.protocol === 'https:' ? '443' : '80')
    config.protocol = url.protocol === 'https:' ? 'https' : 'http'
  }
  client = new Stripe(key, config)
  return client
}

export function webhookSecret(): string {
  const secret = process.env.STRIPE_WEBHOOK_SECRET
  if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET is not set')
  return secret
}
