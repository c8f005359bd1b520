"""A Chromium for Lighthouse that already holds the target's cookies (Vercel's protection bypass).

Lighthouse's `--extra-headers` go to every origin the page loads, third parties included (where
they leak the secret and break CORS preflights). A cookie stays on its origin: so we start the
browser ourselves, set the cookie for the target's origin through the DevTools protocol, and let
Lighthouse connect with `--port`. Lighthouse clears caches and storage between runs, not cookies.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import websocket

# chrome-launcher 1.2.1's defaults (what Lighthouse starts Chrome with when it launches it itself),
# so a run through this browser measures the same page as a run through Lighthouse's own launch.
LAUNCHER_FLAGS = (
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CalculateNativeWinOcclusion,"
    "InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication,"
    "PrivacySandboxSettings4,RenderDocument",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--disable-default-apps",
    "--mute-audio",
    "--no-default-browser-check",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-ipc-flooding-protection",
    "--password-store=basic",
    "--use-mock-keychain",
    "--force-fieldtrials=*BackgroundTracing/default/",
    "--disable-hang-monitor",
    "--disable-prompt-on-repost",
    "--disable-domain-reliability",
    "--propagate-iph-for-testing",
    "about:blank",
)
START_TIMEOUT_S = 20.0


class ChromeStartError(RuntimeError):
    """The browser did not open its DevTools port; the message names why."""


@dataclass
class CookieChrome:
    """A running headless Chromium with cookies set; `port` is for `lighthouse --port`."""

    process: subprocess.Popen[bytes]
    profile_dir: Path
    port: int

    def stop(self) -> None:
        # Chromium's helpers (renderers, GPU, zygote) share its process group: end them all.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        shutil.rmtree(self.profile_dir, ignore_errors=True)


def start(
    chrome_path: str,
    flags: Sequence[str],
    env: Mapping[str, str],
    origin: str,
    cookies: Sequence[tuple[str, str]],
) -> CookieChrome:
    """Start Chromium with remote debugging on a free port and the cookies set for `origin`."""
    profile_dir = Path(tempfile.mkdtemp(prefix="postdeploy-lighthouse-chrome-"))
    cmd = [chrome_path, *flags, *LAUNCHER_FLAGS[:-1], "--remote-debugging-port=0", f"--user-data-dir={profile_dir}"]
    cmd.append(LAUNCHER_FLAGS[-1])
    process = subprocess.Popen(
        cmd, env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    chrome = CookieChrome(process, profile_dir, 0)
    try:
        chrome.port = _devtools_port(profile_dir, process)
        _set_cookies(chrome.port, origin, cookies)
    except BaseException:
        chrome.stop()
        raise
    return chrome


def _devtools_port(profile_dir: Path, process: subprocess.Popen[bytes]) -> int:
    """Chromium writes the port it picked into DevToolsActivePort in its profile folder."""
    marker = profile_dir / "DevToolsActivePort"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ChromeStartError(f"Chromium exited ({process.returncode}) before opening its DevTools port")
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int(marker.read_text().splitlines()[0])
        time.sleep(0.05)
    raise ChromeStartError(f"Chromium opened no DevTools port within {START_TIMEOUT_S:.0f}s")


def _set_cookies(port: int, origin: str, cookies: Sequence[tuple[str, str]]) -> None:
    """Storage.setCookies on the browser target: the cookies land in the default context that
    Lighthouse's new page uses, scoped to the target's origin (host-only, its scheme's Secure)."""
    with open_browser_socket(port) as socket:
        params = {"cookies": [{"name": name, "value": value, "url": origin + "/"} for name, value in cookies]}
        socket.send(json.dumps({"id": 1, "method": "Storage.setCookies", "params": params}))
        while True:
            reply = json.loads(socket.recv())
            if reply.get("id") == 1:
                break
    if "error" in reply:
        raise ChromeStartError(f"Chromium refused the bypass cookie: {reply['error'].get('message', reply['error'])}")


@contextlib.contextmanager
def open_browser_socket(port: int) -> Iterator[websocket.WebSocket]:
    """The browser-level DevTools websocket (from /json/version)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=5) as answer:
        url = json.loads(answer.read())["webSocketDebuggerUrl"]
    socket = websocket.create_connection(url, timeout=10, suppress_origin=True)
    try:
        yield socket
    finally:
        socket.close()
