"""Runs the demo in the foreground: one uvicorn server listening on the main and checkout ports,
a fresh seeded SQLite file per start, and the ready line once both ports accept requests."""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from postdeploy.demo.launch import READY_PREFIX  # one definition: the launcher parses what this prints
from postdeploy.demo.settings import DemoSettings
from postdeploy.demo.switches import ActiveFaults

if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from postdeploy.demo.supabase import SupabasePart

HOST = "127.0.0.1"


@dataclass
class ServeOptions:
    port: int = 8000
    checkout_port: int = 8001
    faults: list[str] = field(default_factory=list)
    https: bool = False
    db: str | None = None
    access_log: bool = False
    environment: str = "local"
    protect_secret: str | None = None  # a protection wall in front of the main origin
    latency_ms: int = 0  # every answer held back this long (benches)
    supabase: bool = False  # the Supabase-compatible data API on a third origin, with PostgreSQL


def _listen(port: int) -> socket.socket:
    # proto=IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY on accepted sockets only when the
    # proto says TCP; without it every keep-alive response stalls ~40 ms (Nagle + delayed ACK).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def serve(options: ServeOptions) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="postdeploy-demo-"))
    supabase: SupabasePart | None = None
    try:
        if options.supabase:
            # Imported only here: the demo without it starts without PostgreSQL or psycopg.
            from postdeploy.demo.supabase import PostgresError, start_part

            # A SIGTERM while PostgreSQL starts still runs the `finally` below, which stops it.
            signal.signal(signal.SIGTERM, _exit_on_sigterm)
            try:
                supabase = start_part(ActiveFaults(options.faults))
            except PostgresError as exc:
                print(f"postdeploy demo: {exc}", file=sys.stderr)
                return 1
        return _serve(options, workdir, supabase)
    finally:
        if supabase is not None:
            supabase.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _serve(options: ServeOptions, workdir: Path, supabase: SupabasePart | None = None) -> int:
    import uvicorn

    from postdeploy.demo.app import build_app

    faults = ActiveFaults(options.faults)
    try:
        sockets = [_listen(options.port), _listen(options.checkout_port)]
    except OSError as exc:
        print(
            f"postdeploy demo: cannot listen on {HOST}:{options.port}/{options.checkout_port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 1
    scheme = "https" if options.https else "http"
    cert_file = key_file = ca_file = None
    plain_http_sock = _listen(0) if options.https else None  # any free port: it is in the ready line
    data_api_sock = _listen(0) if supabase is not None else None  # the data API's origin, likewise
    data_api_origin = f"{scheme}://{HOST}:{data_api_sock.getsockname()[1]}" if data_api_sock else None
    if options.https:
        from postdeploy.demo.tls import generate

        certs = generate(workdir, faults)
        cert_file, key_file, ca_file = certs.cert, certs.key, certs.ca
    settings = DemoSettings(
        main_origin=f"{scheme}://{HOST}:{options.port}",
        checkout_origin=f"{scheme}://{HOST}:{options.checkout_port}",
        db_path=options.db or str(workdir / "skymarket.sqlite3"),
        faults=faults,
        https=options.https,
        ca_file=ca_file,
        environment=options.environment,
        protect_secret=options.protect_secret,
        latency_s=options.latency_ms / 1000,
        supabase_url=data_api_origin,
        supabase_anon_key=supabase.keys.anon if supabase is not None else None,
    )
    extra_origins: dict[int, ASGIApp] = {}
    if supabase is not None and data_api_sock is not None:
        sockets.append(data_api_sock)
        extra_origins[data_api_sock.getsockname()[1]] = supabase.app
    app = build_app(settings, options.port, options.checkout_port, extra_origins)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=options.access_log,
        server_header=False,
        date_header=True,
        lifespan="off",
        timeout_graceful_shutdown=2,
        ssl_certfile=cert_file,
        ssl_keyfile=key_file,
    )
    server = uvicorn.Server(config)

    async def run() -> None:
        plain_http = None
        if plain_http_sock is not None:
            from postdeploy.demo.plain_http import serve_plain_http

            redirect = not faults.on("http-not-redirected")
            plain_http = await serve_plain_http(plain_http_sock, settings.main_origin, redirect)
        if supabase is not None:
            from postdeploy.demo.supabase import PostgresError

            try:
                await supabase.open()
            except PostgresError as exc:
                print(f"postdeploy demo: {exc}", file=sys.stderr)
                raise SystemExit(1) from None
        # uvicorn re-raises the SIGTERM it shut down on; with the default handler that kills the
        # process before any `finally` runs (PostgreSQL would be left running, the temp folder kept).
        signal.signal(signal.SIGTERM, lambda *_: None)
        serving = asyncio.create_task(server.serve(sockets=sockets))
        while not server.started and not serving.done():
            await asyncio.sleep(0.005)
        if server.started:
            line = f"{READY_PREFIX} {settings.main_origin} checkout={settings.checkout_origin}"
            if ca_file:
                line += f" ca={ca_file}"
            if plain_http_sock is not None:
                line += f" http=http://{HOST}:{plain_http_sock.getsockname()[1]}"
            if settings.protect_secret:
                line += " protected=yes"
            if options.environment != "local":
                line += f" environment={options.environment}"
            if supabase is not None:
                line += f" supabase={data_api_origin} pg={supabase.cluster.superuser_uri}"
            if faults:
                line += f" faults={','.join(sorted(options.faults))}"
            print(line, flush=True)
        try:
            await serving
        finally:
            if plain_http is not None:
                plain_http.close()
            if supabase is not None:
                await supabase.close()

    asyncio.run(run())
    return 0
