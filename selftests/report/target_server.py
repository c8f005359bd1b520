"""A tiny real HTTP target for the report self-tests: a health endpoint and a route that resets once."""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    server: _TargetServer

    def log_message(self, format: str, *args: object) -> None:  # quiet: the test output is what matters
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/flaky/"):
            with self.server.lock:
                first = self.path not in self.server.seen
                self.server.seen.add(self.path)
            if first:
                # RST instead of FIN: the client sees "connection reset by peer", a transient error.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()
                return
        if self.path.startswith("/api/health") or self.path.startswith("/flaky/"):
            body = json.dumps({"status": "healthy", "version": "demo-1.0.0", "services": {}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            body = b"<h1>not here</h1>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _TargetServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.seen: set[str] = set()


@contextmanager
def running_target() -> Iterator[str]:
    """Serve on a free loopback port for the block; yields the base URL."""
    server = _TargetServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
