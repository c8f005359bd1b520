"""The bundled demo target: a small drone-service marketplace with a Stripe-like hosted checkout."""
