"""`postdeploy.checks.smoke.tls.inspect` against a real local TLS server with generated certificates."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from postdeploy.checks.smoke.tls import check_chain, check_expiry, check_hostname, inspect
from selftests.smoke.certs import issue, make_ca, write


@contextmanager
def tls_server(cert: str, key: str) -> Iterator[int]:
    """Accepts connections, completes the handshake, closes: all `inspect` needs."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                with context.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                pass  # a client that rejected our certificate: expected in these tests

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()


def test_trusted_certificate_with_ca_bundle(tmp_path: Path) -> None:
    ca = make_ca()
    cert, key, bundle = write(tmp_path, issue(ca, ["localhost", "127.0.0.1"]), ca)
    with tls_server(cert, key) as port:
        facts = inspect("127.0.0.1", port, bundle)
        untrusted = inspect("127.0.0.1", port, None)
    assert facts.verify_error is None
    assert check_hostname(facts) == [] and check_chain(facts) == [] and check_expiry(facts, 30, 7) == []
    (finding,) = check_chain(untrusted)  # the system store does not know our CA
    assert finding.id == "tls.untrusted-chain" and "system trust store" in finding.message


def test_expired_and_wrong_host(tmp_path: Path) -> None:
    ca = make_ca()
    cert, key, bundle = write(tmp_path, issue(ca, ["wrong.example"], -60, -2), ca)
    with tls_server(cert, key) as port:
        facts = inspect("127.0.0.1", port, bundle)
    assert facts.verify_error is not None and "expired" in facts.verify_error
    assert [f.id for f in check_expiry(facts, 30, 7)] == ["tls.expired"]
    assert [f.id for f in check_hostname(facts)] == ["tls.hostname-mismatch"]
    assert check_chain(facts) == []


def test_plain_http_port_is_an_oserror() -> None:
    with socket.create_server(("127.0.0.1", 0)) as plain:
        port = plain.getsockname()[1]
        with pytest.raises(OSError):
            inspect("127.0.0.1", port, None, timeout=0.5)
