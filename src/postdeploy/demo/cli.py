"""`postdeploy demo serve|faults`: run the bundled demo target, or list its fault catalogue."""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from postdeploy.demo.faults import as_json, catalogue, validate
from postdeploy.demo.settings import ENVIRONMENTS, PROTECTION_SECRET_ENV


class _Parser(argparse.ArgumentParser):
    """Bad arguments are one line and exit 2, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="postdeploy demo", description="The bundled demo target.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{serve,faults,stripe}")
    serve = sub.add_parser("serve", help="run the demo in the foreground; prints its URL when ready")
    serve.add_argument("--port", type=int, default=8000, help="main origin port (default 8000)")
    serve.add_argument("--checkout-port", type=int, default=8001, help="hosted checkout origin port (default 8001)")
    serve.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a catalogued fault on (repeatable; see `postdeploy demo faults`)",
    )
    serve.add_argument("--https", action="store_true", help="serve over HTTPS with a generated local CA")
    serve.add_argument(
        "--supabase",
        action="store_true",
        help="also serve a Supabase-compatible data API on a third port, backed by a throwaway PostgreSQL",
    )
    serve.add_argument("--db", metavar="PATH", help="keep the SQLite database at PATH (default: fresh temp file)")
    serve.add_argument("--access-log", action="store_true", help="print one line per request")
    serve.add_argument(
        "--environment",
        choices=ENVIRONMENTS,
        default="local",
        help="the deployment the demo plays: a preview is noindex, production embeds a live-mode key",
    )
    serve.add_argument(
        "--latency-ms",
        type=int,
        default=0,
        metavar="MS",
        help="hold every answer back this long (benches: a target as far away as a CDN edge)",
    )
    serve.add_argument(
        "--protect",
        action="store_true",
        help=f"a Vercel-style protection wall: 401 without the secret in ${PROTECTION_SECRET_ENV}",
    )
    faults = sub.add_parser("faults", help="list the fault catalogue")
    faults.add_argument("--json", action="store_true", help="machine-readable output")
    stripe = sub.add_parser(
        "stripe",
        help="a standalone Stripe-like test server (Checkout Sessions API, hosted page, signed webhooks)",
        description="Signs webhooks with $STRIPE_WEBHOOK_SECRET; when $STRIPE_SECRET_KEY is set, only that "
        "test key may call the API.",
    )
    stripe.add_argument("--port", type=int, default=12111, help="API and hosted page port (default 12111)")
    stripe.add_argument("--webhook-url", required=True, metavar="URL", help="where checkout.session.completed goes")
    stripe.add_argument("--business-name", default="Test business", help="the name the hosted page shows")
    stripe.add_argument("--access-log", action="store_true", help="print one line per request")
    return parser


def _serve_stripe(args: argparse.Namespace) -> int:
    import os
    from urllib.parse import urlsplit

    from postdeploy.demo.stripe_api import StripeOptions, serve_stripe

    if not 0 < args.port < 65536:
        print(f"postdeploy demo stripe: port {args.port} is out of range (1-65535)", file=sys.stderr)
        return 2
    url = urlsplit(args.webhook_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        print(f"postdeploy demo stripe: --webhook-url {args.webhook_url!r} is not an http(s) URL", file=sys.stderr)
        return 2
    secret = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
    if not secret:
        print("postdeploy demo stripe: set STRIPE_WEBHOOK_SECRET (the secret the app verifies with)", file=sys.stderr)
        return 2
    key = os.environ.get("STRIPE_SECRET_KEY") or None
    if key and not key.startswith(("sk_test_", "rk_test_")):
        print("postdeploy demo stripe: STRIPE_SECRET_KEY must be a test-mode key (sk_test_…)", file=sys.stderr)
        return 2
    options = StripeOptions(args.port, args.webhook_url, secret, key, args.business_name, args.access_log)
    return serve_stripe(options)


def _list_faults(as_json_output: bool) -> int:
    if as_json_output:
        print(as_json())
        return 0
    faults = list(catalogue().values())
    width = max((len(f.name) for f in faults), default=0)
    for fault in faults:
        tls = " [https]" if fault.tls else (" [supabase]" if fault.supabase else "")
        print(f"{fault.name:<{width}}  {fault.layer:<8}  {fault.breaks}{tls}")
        print(f"{'':<{width}}  {'':<8}  caught by: {fault.check}")
    return 0


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "faults":
        return _list_faults(args.json)
    if args.command == "stripe":
        return _serve_stripe(args)
    try:
        names = validate(args.fault)
    except ValueError as exc:
        print(f"postdeploy demo: {exc}", file=sys.stderr)
        return 2
    for port in (args.port, args.checkout_port):
        if not 0 < port < 65536:
            print(f"postdeploy demo: port {port} is out of range (1-65535)", file=sys.stderr)
            return 2
    if args.port == args.checkout_port:
        print("postdeploy demo: --port and --checkout-port must differ", file=sys.stderr)
        return 2
    tls_faults = [name for name in names if catalogue()[name].tls]
    if tls_faults and not args.https:
        print(f"postdeploy demo: fault {tls_faults[0]!r} needs --https", file=sys.stderr)
        return 2
    supabase_faults = [name for name in names if catalogue()[name].supabase]
    if supabase_faults and not args.supabase:
        print(f"postdeploy demo: fault {supabase_faults[0]!r} needs --supabase", file=sys.stderr)
        return 2
    secret = None
    if args.protect or any(catalogue()[name].protect for name in names):
        secret = os.environ.get(PROTECTION_SECRET_ENV)
        if not secret:
            print(f"postdeploy demo: --protect needs ${PROTECTION_SECRET_ENV} (the wall's secret)", file=sys.stderr)
            return 2
    from postdeploy.demo.server import ServeOptions, serve

    options = ServeOptions(
        args.port, args.checkout_port, sorted(names), args.https, args.db, args.access_log, supabase=args.supabase
    )
    options.environment = _environment(args.environment, names)
    options.protect_secret = secret
    options.latency_ms = max(0, args.latency_ms)
    return serve(options)


def _environment(given: str, names: frozenset[str]) -> str:
    """The environment a fault needs (e.g. production-noindex plays production), else the one given."""
    needed = {catalogue()[name].environment for name in names} - {None}
    return str(needed.pop()) if len(needed) == 1 else given
