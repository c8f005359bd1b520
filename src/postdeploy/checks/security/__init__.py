"""Security checks: headers, grade, cookies, CORS, exposure, auth guards, webhooks, rate limits, methods."""
