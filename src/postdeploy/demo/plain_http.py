"""The HTTPS demo's plain-HTTP port, as a real site has one: every request gets a permanent
redirect to the same path over HTTPS. With the `http-not-redirected` fault it serves the page over
plain http instead (200), which is what `test_http_redirects_to_https` must catch.

A few lines of asyncio rather than a second uvicorn: it only answers with a status line, so it adds
nothing to the demo's start-up.
"""

from __future__ import annotations

import asyncio
import socket

READ_TIMEOUT_S = 5.0
MAX_HEADER_LINES = 100


async def serve_plain_http(sock: socket.socket, https_origin: str, redirect: bool) -> asyncio.Server:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), READ_TIMEOUT_S)
            for _ in range(MAX_HEADER_LINES):  # read the headers to their end before answering
                if (await asyncio.wait_for(reader.readline(), READ_TIMEOUT_S)).strip() == b"":
                    break
            parts = request_line.decode("latin-1").split()
            path = parts[1] if len(parts) >= 2 and parts[1].startswith("/") else "/"
            if redirect:
                status, extra, body = "301 Moved Permanently", f"Location: {https_origin}{path}\r\n", b""
            else:
                status, extra, body = "200 OK", "Content-Type: text/html; charset=utf-8\r\n", b"<h1>SkyMarket</h1>"
            head = f"HTTP/1.1 {status}\r\n{extra}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(answer, sock=sock)
