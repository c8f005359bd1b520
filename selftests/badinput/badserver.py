"""A deliberately misbehaving HTTP server: each mode breaks one promise a target makes."""

from __future__ import annotations

import contextlib
import http.server
import time
from collections.abc import Iterator
from contextlib import contextmanager

from selftests.local_server import serving

MODES = ("html-for-json", "huge-body", "invalid-utf8", "slow", "redirect-loop")


def _handler(mode: str) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if mode == "redirect-loop":
                self.send_response(302)
                self.send_header("Location", self.path)
                self.end_headers()
                return
            if mode == "slow":
                time.sleep(3)
            body, ctype = {
                "html-for-json": (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
                "huge-body": (b"x" * (10 * 1024 * 1024), "application/json"),
                "invalid-utf8": (b'{"status": "healthy", "version": "\xff\xfe\xfd"}', "application/json"),
                "slow": (b'{"status": "healthy"}', "application/json"),
            }[mode]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # The client may give up first (timeouts): that is the point of the mode.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def bad_server(mode: str) -> Iterator[str]:
    with serving(_handler(mode)) as url:
        yield url
