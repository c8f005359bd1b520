"""The Next.js reference target (targets/nextjs-app) for self-tests and benches: `build_nextjs()` runs
`npm ci` and `next build` once per change of its sources, and `with running_nextjs(faults=…) as app:`
serves it with `next start` beside the Stripe-like test server, on free loopback ports.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from postdeploy.demo.launch import READY_PREFIX, free_port, parse_ready_line, stop_process

APP_DIR = Path(__file__).resolve().parents[1] / "targets" / "nextjs-app"
STAMP = APP_DIR / ".build-stamp"
NPM_STAMP = APP_DIR / "node_modules" / ".postdeploy-installed"
# What the build reads: a change to any of these means a new `next build`.
SOURCES = ("package.json", "package-lock.json", "next.config.js", "tsconfig.json", "middleware.ts",
           "instrumentation.ts", "faults.json", "app", "lib", "public")  # fmt: skip

# The app's documented local test values (targets/nextjs-app/README.md): not secrets.
TEST_EMAIL = "maker@loomhall.test"
TEST_PASSWORD = "loomhall-maker-pass"
WEBHOOK_SECRET = "whsec_loomhall_local_test_secret"
SECRET_KEY = "sk_test_loomhall_local"


class NextTargetError(RuntimeError):
    """The Next.js app did not build or start; the message carries the tail of its output."""


@dataclass(frozen=True)
class BuildResult:
    seconds: float
    cached: bool
    digest: str


@dataclass
class RunningNext:
    base_url: str
    checkout_url: str  # the Stripe-like server: API base and hosted Checkout page
    env: dict[str, str]  # what a suite run needs: test account, webhook secret, expected version
    outbox: Path  # confirmation emails (MAIL_OUTBOX_DIR)
    ready_s: float  # from `next start` to the first HTTP answer
    output: deque[str] = field(default_factory=lambda: deque(maxlen=300))


def source_digest() -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        path = APP_DIR / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(APP_DIR)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _run(cmd: list[str], what: str) -> None:
    env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1"}
    proc = subprocess.run(cmd, cwd=APP_DIR, env=env, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        tail = " | ".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise NextTargetError(f"{what} failed (exit {proc.returncode}): {tail}")


def typecheck_nextjs(extra_config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`tsc --noEmit` over the app (its tsconfig.json, or a config that extends it), as its CI step runs it."""
    config = extra_config or APP_DIR / "tsconfig.json"
    cmd = ["node", "node_modules/typescript/bin/tsc", "--noEmit", "-p", str(config)]
    return subprocess.run(cmd, cwd=APP_DIR, capture_output=True, text=True, timeout=300)


def build_nextjs(force: bool = False) -> BuildResult:
    """`npm ci` when the lock file changed, `next build` when any source changed; else nothing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise NextTargetError("node and npm are needed for the Next.js target (Node.js 20)")
    started = time.monotonic()
    with open(APP_DIR / ".build-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # xdist workers: one builds, the others wait and reuse
        digest = source_digest()
        built = (APP_DIR / ".next" / "BUILD_ID").is_file()
        if not force and built and STAMP.is_file() and STAMP.read_text() == digest:
            return BuildResult(time.monotonic() - started, True, digest)
        lock_digest = hashlib.sha256((APP_DIR / "package-lock.json").read_bytes()).hexdigest()
        if not NPM_STAMP.is_file() or NPM_STAMP.read_text() != lock_digest:
            _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], "npm ci")
            NPM_STAMP.write_text(lock_digest)
        STAMP.unlink(missing_ok=True)
        # Turbopack: ~25% less CPU than webpack for the same app (bench/RESULTS.md); the type check
        # is not in the build (next.config.js) but its own self-test (selftests/nextjs/test_typecheck.py).
        _run(["node", "node_modules/next/dist/bin/next", "build", "--turbopack"], "next build")
        STAMP.write_text(digest)
    return BuildResult(time.monotonic() - started, False, digest)


class _Output(threading.Thread):
    """Drains a child's output for its whole life (a full pipe would block it) and keeps the tail."""

    def __init__(self, process: subprocess.Popen[str], lines: deque[str], prefix: str) -> None:
        super().__init__(daemon=True)
        self.process, self.lines, self.prefix = process, lines, prefix
        self.ready: dict[str, str] | None = None
        self.ready_event = threading.Event()

    def run(self) -> None:
        assert self.process.stdout is not None
        try:
            for line in self.process.stdout:
                self.lines.append(f"{self.prefix}{line.rstrip()}")
                if self.ready is None and line.startswith(READY_PREFIX):
                    self.ready = parse_ready_line(line.strip())
                    self.ready_event.set()
        except (ValueError, OSError):
            pass  # closed at shutdown
        self.ready_event.set()


def _start(cmd: list[str], env: dict[str, str], lines: deque[str], prefix: str, cwd: Path | None = None) -> _Output:
    process = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    reader = _Output(process, lines, prefix)
    reader.start()
    return reader


def _tail(lines: deque[str]) -> str:
    return " | ".join(list(lines)[-8:]) or "no output"


def _wait_http(url: str, process: subprocess.Popen[str], lines: deque[str], timeout: float) -> None:
    """Until the server answers anything at all (a 503 health under a fault is an answer too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise NextTargetError(f"next start exited with {process.returncode}: {_tail(lines)}")
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise NextTargetError(f"next start did not answer within {timeout:.0f}s: {_tail(lines)}")


@contextmanager
def running_nextjs(
    faults: Sequence[str] = (), extra_env: dict[str, str] | None = None, timeout: float = 60.0
) -> Iterator[RunningNext]:
    """Build if needed, then serve the app with `next start` and the Stripe-like server until the block ends."""
    build = build_nextjs()
    port, stripe_port = free_port(), free_port()
    base_url, checkout_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{stripe_port}"
    version = build.digest[:40]
    lines: deque[str] = deque(maxlen=300)
    with ExitStack() as stack:
        outbox = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loomhall-outbox-")))
        env = {
            **os.environ,
            "NEXT_TELEMETRY_DISABLED": "1",
            "SESSION_SECRET": os.urandom(32).hex(),
            "SEED_USER_EMAIL": TEST_EMAIL,
            "SEED_USER_PASSWORD": TEST_PASSWORD,
            "GIT_COMMIT_SHA": version,
            "STRIPE_SECRET_KEY": SECRET_KEY,
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": checkout_url,
            "MAIL_OUTBOX_DIR": str(outbox),
            "NEXTAPP_FAULTS": ",".join(faults),
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        stripe_cmd = [sys.executable, "-m", "postdeploy", "demo", "stripe", "--port", str(stripe_port),
                      "--webhook-url", f"{base_url}/api/stripe/webhook", "--business-name", "Loomhall"]  # fmt: skip
        stripe = _start(stripe_cmd, env, lines, "stripe: ")
        stack.callback(stop_process, stripe.process)
        started = time.monotonic()
        next_cmd = ["node", "node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", str(port)]
        app = _start(next_cmd, env, lines, "next: ", cwd=APP_DIR)
        stack.callback(stop_process, app.process)
        stripe.ready_event.wait(timeout)
        if stripe.ready is None:
            raise NextTargetError(f"the Stripe-like server did not start: {_tail(lines)}")
        _wait_http(f"{base_url}/api/healthz", app.process, lines, timeout)
        suite_env = {
            "POSTDEPLOY_TEST_EMAIL": env["SEED_USER_EMAIL"],
            "POSTDEPLOY_TEST_PASSWORD": env["SEED_USER_PASSWORD"],
            "STRIPE_WEBHOOK_SECRET": env["STRIPE_WEBHOOK_SECRET"],
            "GIT_COMMIT_SHA": env["GIT_COMMIT_SHA"],
        }
        yield RunningNext(base_url, checkout_url, suite_env, outbox, time.monotonic() - started, lines)
