"""The Lighthouse runner: the real `lighthouse` CLI in a subprocess against the system Chromium.

N runs per URL, a preset and throttling method, only the categories the budgets need, a timeout
per run, retries when a run ends in a runtime error (NO_FCP, protocol timeout…), each run's JSON
and HTML kept under `reports/lighthouse/`. Run warnings and errored audits are kept as evidence.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from postdeploy import lighthouse_chrome
from postdeploy.redact import MASK, secret_variants
from postdeploy.tools import CHROMIUM_FLAGS, HEADLESS_FLAG, ToolMissing, require_chromium, require_node_cli

__all__ = [
    "CHROME_FLAGS",
    "LighthouseSetupError",
    "Run",
    "RunSettings",
    "UrlRuns",
    "find_lighthouse",
    "lighthouse_command",
    "reports_dir",
    "run_url",
]

CHROME_FLAGS = (HEADLESS_FLAG, *CHROMIUM_FLAGS)
# Runtime errors worth another try: the page or the browser hiccuped, not a broken budget.
RETRYABLE = frozenset(
    {"NO_FCP", "PROTOCOL_TIMEOUT", "CRI_TIMEOUT", "PAGE_HUNG", "NO_NAVSTART", "TARGET_CRASHED", "NO_SCREENSHOTS",
     "NO_TRACING_STARTED", "NO_DCL", "NO_LCP", "TIMEOUT", "NO_RESULT"}
)  # fmt: skip
PROTOCOL_TIMEOUT_EXIT = 67  # lighthouse/cli/run.js: the debugger protocol timed out


class LighthouseSetupError(ToolMissing):
    """Lighthouse or Chromium cannot be used at all: a configuration problem, not a failed page."""


@dataclass(frozen=True)
class RunSettings:
    chrome_path: str
    preset: str = "desktop"  # desktop | mobile (Lighthouse's default form factor)
    throttling_method: str = "simulate"
    categories: tuple[str, ...] = ("performance", "accessibility", "best-practices", "seo")
    timeout_s: float = 120.0
    retries: int = 1
    warm_up: bool = True
    chrome_flags: tuple[str, ...] = CHROME_FLAGS
    # How Lighthouse's browser gets through the target's wall (from postdeploy.access): cookies set
    # for the target's origin only, and headers Lighthouse can only send to every origin.
    origin: str = ""
    cookies: tuple[tuple[str, str], ...] = ()
    extra_headers: tuple[tuple[str, str], ...] = ()
    # Values to mask in the JSON and HTML Lighthouse writes (it echoes its settings, headers included).
    secrets: tuple[str, ...] = ()


@dataclass
class Run:
    """One finished Lighthouse run (after its retries)."""

    url: str
    index: int
    attempts: int
    seconds: float
    lhr: dict[str, Any] | None = None
    json_path: Path | None = None
    html_path: Path | None = None
    error: str | None = None  # runtime error code and message, or why the process failed

    @property
    def ok(self) -> bool:
        return self.lhr is not None and self.error is None


@dataclass
class UrlRuns:
    """All runs of one URL; budgets are checked over `lhrs` (the runs that produced a result)."""

    url: str
    runs: list[Run] = field(default_factory=list)

    @property
    def lhrs(self) -> list[dict[str, Any]]:
        return [run.lhr for run in self.runs if run.ok and run.lhr is not None]

    @property
    def errors(self) -> list[str]:
        return [f"run {run.index}: {run.error}" for run in self.runs if run.error]

    def run_warnings(self) -> list[str]:
        return sorted({str(w) for lhr in self.lhrs for w in lhr.get("runWarnings") or []})

    def errored_audits(self) -> dict[str, str]:
        """Audits that crashed in any run: id -> error message (they have no score to check)."""
        errored: dict[str, str] = {}
        for lhr in self.lhrs:
            for audit_id, audit in (lhr.get("audits") or {}).items():
                if audit.get("scoreDisplayMode") == "error":
                    errored.setdefault(audit_id, str(audit.get("errorMessage") or "error"))
        return errored

    def html_report(self) -> Path | None:
        return next((run.html_path for run in self.runs if run.ok and run.html_path), None)


def reports_dir(env: Mapping[str, str]) -> Path:
    """Where run artifacts go: `$POSTDEPLOY_REPORTS/lighthouse`, else `reports/lighthouse`."""
    return Path(env.get("POSTDEPLOY_REPORTS") or "reports") / "lighthouse"


def find_lighthouse(env: Mapping[str, str], start: Path | None = None) -> list[str]:
    """The Lighthouse CLI (see postdeploy.tools.find_node_cli), as the command to start it."""
    try:
        return [str(require_node_cli("lighthouse", env, start))]
    except ToolMissing as exc:
        raise LighthouseSetupError(str(exc)) from None


def check_chromium(path: str) -> None:
    try:
        require_chromium(path)
    except ToolMissing as exc:
        raise LighthouseSetupError(str(exc)) from None


def lighthouse_command(
    exe: Sequence[str],
    url: str,
    settings: RunSettings,
    output_base: Path,
    port: int | None = None,
    headers_file: Path | None = None,
) -> list[str]:
    cmd = [*exe, url, "--output=json", "--output=html", f"--output-path={output_base}", "--quiet"]
    if port is not None:
        cmd.append(f"--port={port}")  # a browser we started, holding the target's cookies
    else:
        cmd.append(f"--chrome-flags={' '.join(settings.chrome_flags)}")
    if headers_file is not None:
        cmd.append(f"--extra-headers={headers_file}")  # a file, so no secret shows in the process list
    if settings.preset == "desktop":
        cmd.append("--preset=desktop")
    cmd.append(f"--throttling-method={settings.throttling_method}")
    if settings.categories:
        cmd.append(f"--only-categories={','.join(settings.categories)}")
    # Lighthouse's own page-load ceiling stays under our per-run timeout so it reports, not hangs.
    cmd.append(f"--max-wait-for-load={int(max(5.0, settings.timeout_s * 0.5) * 1000)}")
    # A page that never paints should fail fast (Lighthouse waits 30 s by default), then be retried.
    cmd.append(f"--max-wait-for-fcp={int(min(15.0, max(5.0, settings.timeout_s * 0.25)) * 1000)}")
    return cmd


def slug(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"[^A-Za-z0-9]+", "-", (parts.path + ("-" + parts.query if parts.query else "")).strip("/"))
    return f"{parts.hostname or 'site'}-{parts.port or ''}-{path.strip('-') or 'home'}".replace("--", "-")


def _kill(process: subprocess.Popen[str]) -> None:
    # Lighthouse starts Chromium as a child: end the whole process group, not just node.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _attempt(cmd: list[str], env: Mapping[str, str], timeout_s: float, output_base: Path) -> tuple[str | None, bool]:
    """One Lighthouse process. Returns (error or None, retryable)."""
    json_path = output_base.with_name(output_base.name + ".report.json")
    json_path.unlink(missing_ok=True)
    process = subprocess.Popen(
        cmd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill(process)
        return f"timed out after {timeout_s:.0f}s", True
    except BaseException:
        # Interrupted (Ctrl-C, a CI cancel): Lighthouse and its Chromium run in a session of their
        # own, so no signal to ours reaches them; they go with us.
        _kill(process)
        raise
    lhr = _read_json(json_path)
    runtime = (lhr or {}).get("runtimeError")
    if isinstance(runtime, Mapping) and runtime.get("code"):
        code = str(runtime["code"])
        return f"{code}: {runtime.get('message', '')}".strip(), code in RETRYABLE
    if process.returncode == PROTOCOL_TIMEOUT_EXIT:
        return "PROTOCOL_TIMEOUT: the debugger protocol timed out while connecting to Chrome", True
    if process.returncode != 0 or lhr is None:
        last = next((line for line in reversed(stderr.strip().splitlines()) if line.strip()), "no output")
        return f"lighthouse exited {process.returncode}: {last[:300]}", True
    return None, False


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def run_once(
    exe: Sequence[str],
    url: str,
    index: int,
    settings: RunSettings,
    out_dir: Path,
    env: Mapping[str, str],
    port: int | None = None,
    headers_file: Path | None = None,
) -> Run:
    """One run with its retries; the last attempt's files are the run's evidence."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"{slug(url)}-run{index}"
    cmd = lighthouse_command(exe, url, settings, base, port, headers_file)
    run_env = {**env, "CHROME_PATH": settings.chrome_path}
    started = time.monotonic()
    attempts, error = 0, None
    for _ in range(settings.retries + 1):
        attempts += 1
        error, retryable = _attempt(cmd, run_env, settings.timeout_s, base)
        if error is None or not retryable:
            break
    run = Run(url, index, attempts, time.monotonic() - started, error=error)
    json_path, html_path = base.with_name(base.name + ".report.json"), base.with_name(base.name + ".report.html")
    for path in (json_path, html_path):
        mask_secrets(path, settings.secrets)
    run.lhr = _read_json(json_path)
    run.json_path = json_path if json_path.is_file() else None
    run.html_path = html_path if html_path.is_file() else None
    return run


def mask_secrets(path: Path, secrets: Sequence[str]) -> None:
    """Rewrite a Lighthouse output file with every form of the given secrets masked. Only exact
    values: pattern-based redaction could break the JSON it runs over."""
    if not secrets or not path.is_file():
        return
    text = original = path.read_text(encoding="utf-8")
    for variant in secret_variants(secrets):
        text = text.replace(variant, MASK)
    if text != original:
        path.write_text(text, encoding="utf-8")


def warm_up(client: httpx.Client, url: str) -> None:
    """One GET before measuring, so a cold server (template compile, first DB hit) is not what the
    first run measures. Errors are left for Lighthouse to report."""
    with contextlib.suppress(httpx.HTTPError):
        client.get(url, follow_redirects=True)


def run_url(
    exe: Sequence[str],
    url: str,
    runs: int,
    settings: RunSettings,
    out_dir: Path,
    env: Mapping[str, str],
    progress: Callable[[str], None] | None = None,
    client: httpx.Client | None = None,
) -> UrlRuns:
    """`runs` Lighthouse runs of one URL, one after the other (parallel runs skew each other's timings).
    `client` (the target's, from postdeploy.access) makes the warm-up request."""
    check_chromium(settings.chrome_path)
    if settings.warm_up and client is not None:
        warm_up(client, url)
    result = UrlRuns(url)
    with ExitStack() as stack:
        port = headers_file = None
        if settings.cookies:
            try:
                chrome = lighthouse_chrome.start(
                    settings.chrome_path, settings.chrome_flags, env, settings.origin, settings.cookies
                )
            except (lighthouse_chrome.ChromeStartError, OSError) as exc:
                raise LighthouseSetupError(f"cannot start Chromium for Lighthouse: {exc}") from None
            stack.callback(chrome.stop)
            port = chrome.port
        if settings.extra_headers:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="postdeploy-lighthouse-")))
            headers_file = folder / "headers.json"
            headers_file.write_text(json.dumps(dict(settings.extra_headers)), encoding="utf-8")
        for index in range(1, runs + 1):
            run = run_once(exe, url, index, settings, out_dir, env, port, headers_file)
            result.runs.append(run)
            if progress:
                progress(_progress_line(run, runs))
            if not run.ok:
                break  # retried already: the page itself is broken, more runs only cost time
    return result


def _progress_line(run: Run, total: int) -> str:
    head = f"lighthouse {run.url} run {run.index}/{total}: "
    retried = f" after {run.attempts} attempts" if run.attempts > 1 else ""
    if not run.ok or run.lhr is None:
        return head + f"FAILED{retried} in {run.seconds:.1f}s ({run.error})"
    scores = " ".join(
        f"{cid}={c.get('score')}" for cid, c in (run.lhr.get("categories") or {}).items() if c.get("score") is not None
    )
    return head + f"{scores} in {run.seconds:.1f}s{retried}"
