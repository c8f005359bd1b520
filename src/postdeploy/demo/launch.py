"""Start the bundled demo as a child process, the way a user starts it, and wait for its ready line."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from postdeploy.demo.protection import WALL_PREFIX
from postdeploy.demo.settings import PROTECTION_SECRET_ENV

READY_PREFIX = "postdeploy demo ready:"

# The demo's documented test values (README, .env.example): a local test account, not a secret.
DEMO_TEST_ENV = {
    "POSTDEPLOY_TEST_EMAIL": "pilot@skymarket.test",
    "POSTDEPLOY_TEST_PASSWORD": "demo-pilot-pass",
    "DEMO_STRIPE_WEBHOOK_SECRET": "whsec_demo_local_test_secret",  # the demo's default when unset
}


class DemoStartError(RuntimeError):
    """The demo did not print its ready line in time; the message carries its last output."""


@dataclass
class RunningDemo:
    base_url: str
    checkout_url: str
    process: subprocess.Popen[str]
    ca_bundle: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    # The protection wall's secret when the demo runs behind one (also in `env`, by its env var name).
    protect_secret: str | None = None
    # What the wall reported: requests it refused (a client of the suite without the secret) and
    # requests that brought the secret to the checkout origin (a leak to a third party).
    wall_events: list[str] = field(default_factory=list)
    # With supabase=True: the data API's origin, and a libpq URI for its PostgreSQL's superuser
    # (a private Unix socket; self-tests use it to change the database under a running demo).
    supabase_url: str | None = None
    postgres_uri: str | None = None
    # The demo's last output lines (access log, errors), kept for failure messages.
    output: deque[str] = field(default_factory=lambda: deque(maxlen=200))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def parse_ready_line(line: str) -> dict[str, str]:
    """`postdeploy demo ready: https://127.0.0.1:P checkout=https://… ca=/path http=http://…` → {"url": …, …}."""
    values: dict[str, str] = {}
    for token in line[len(READY_PREFIX) :].split():
        key, sep, value = token.partition("=")
        if sep:
            values[key] = value
        else:
            values["url"] = token
    return values


@contextmanager
def running_demo(
    faults: Sequence[str] = (),
    https: bool = False,
    extra_env: dict[str, str] | None = None,
    timeout: float = 15.0,
    protect: bool = False,
    environment: str = "local",
    supabase: bool = False,
    latency_ms: int = 0,
) -> Iterator[RunningDemo]:
    """Run `postdeploy demo serve` on free ports until the block ends.

    `protect` puts the main origin behind a Vercel-style wall; the suite's env then carries its
    secret (a fresh one per start), as a CI job with the bypass secret configured would.
    `supabase` adds its PostgreSQL-backed data API, which takes a few seconds more to start."""
    port, checkout_port = free_port(), free_port()
    cmd = [sys.executable, "-m", "postdeploy", "demo", "serve", "--port", str(port)]
    cmd += ["--checkout-port", str(checkout_port), "--environment", environment]
    for fault in faults:
        cmd += ["--fault", fault]
    if https:
        cmd.append("--https")
    if protect:
        cmd.append("--protect")
    if latency_ms:
        cmd += ["--latency-ms", str(latency_ms)]
    if supabase:
        cmd.append("--supabase")
        timeout += 30
    env = {**os.environ, **(extra_env or {}), "PYTHONUNBUFFERED": "1"}
    # A secret the caller planted (the redaction audit) or a fresh one; unused without a wall.
    secret = env.get(PROTECTION_SECRET_ENV) or secrets.token_urlsafe(24)
    env[PROTECTION_SECRET_ENV] = secret
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, bufsize=1)
    try:
        reader = _OutputReader(process)
        reader.start()
        ready = reader.wait_ready(timeout)
        demo_env = dict(DEMO_TEST_ENV)
        if env.get("DEMO_TEST_PASSWORD"):
            demo_env["POSTDEPLOY_TEST_PASSWORD"] = env["DEMO_TEST_PASSWORD"]
        if env.get("DEMO_STRIPE_WEBHOOK_SECRET"):
            demo_env["DEMO_STRIPE_WEBHOOK_SECRET"] = env["DEMO_STRIPE_WEBHOOK_SECRET"]
        if "ca" in ready:
            demo_env["POSTDEPLOY_CA_BUNDLE"] = ready["ca"]
        if "http" in ready:  # the HTTPS demo's plain-HTTP port, for test_http_redirects_to_https
            demo_env["POSTDEPLOY__TLS__HTTP_URL"] = ready["http"] + "/"
        if "environment" in ready:  # the profile says what the demo plays (preview, production)
            demo_env["POSTDEPLOY_ENVIRONMENT"] = ready["environment"]
        protected = ready.get("protected") == "yes"
        if protected:
            demo_env[PROTECTION_SECRET_ENV] = secret
        if "supabase" in ready:  # the audit must find the project on the pages, not skip
            demo_env["POSTDEPLOY__SUPABASE__REQUIRED"] = "true"
            if "environment" in ready:  # a preview's or production's profile names its own project
                demo_env["POSTDEPLOY__SUPABASE__URL"] = ready["supabase"]
        demo = RunningDemo(
            base_url=ready["url"],
            checkout_url=ready.get("checkout", ""),
            process=process,
            ca_bundle=ready.get("ca"),
            env=demo_env,
            output=reader.lines,
            protect_secret=secret if protected else None,
            wall_events=reader.wall_events,
            supabase_url=ready.get("supabase"),
            postgres_uri=ready.get("pg"),
        )
        yield demo
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[str]) -> None:
    """SIGTERM, then SIGKILL after 5 s; the output pipe closed (its reader thread then ends)."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout:
        process.stdout.close()


class _OutputReader(threading.Thread):
    """Reads the demo's output for its whole life: finds the ready line, keeps the tail, and
    keeps the pipe drained (a full pipe buffer would block the demo mid-request)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.lines: deque[str] = deque(maxlen=200)
        self.wall_events: list[str] = []
        self.ready: dict[str, str] | None = None
        self.ready_event = threading.Event()

    def run(self) -> None:
        assert self.process.stdout is not None
        try:
            for line in self.process.stdout:
                self.lines.append(line.rstrip())
                if line.startswith(WALL_PREFIX) and len(self.wall_events) < 100:
                    self.wall_events.append(line.rstrip())
                if self.ready is None and line.startswith(READY_PREFIX):
                    self.ready = parse_ready_line(line.strip())
                    self.ready_event.set()
        except (ValueError, OSError):
            pass  # the pipe was closed at shutdown
        self.ready_event.set()

    def wait_ready(self, timeout: float) -> dict[str, str]:
        self.ready_event.wait(timeout)
        if self.ready is None:
            tail = " | ".join(list(self.lines)[-5:]) or "no output"
            raise DemoStartError(
                f"demo did not become ready within {timeout:.0f}s (exit={self.process.poll()}): {tail}"
            )
        return self.ready
