"""The HTTPS variant: the generated root verifies the chain the server sends, cookies turn Secure, the
webhook still arrives."""

from __future__ import annotations

import ssl
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from cryptography import x509

from selftests.demo.helpers import book, login, start_checkout, wait_status
from selftests.demo_server import running_demo


def test_https_demo_checkout_confirms_over_tls() -> None:
    with running_demo(https=True) as demo:
        assert demo.base_url.startswith("https://") and demo.checkout_url.startswith("https://")
        trust = ssl.create_default_context(cafile=demo.env["POSTDEPLOY_CA_BUNDLE"])
        # The bundle holds the root alone and the leaf is signed by an intermediate: every verified
        # request below shows that the server sends the intermediate with its leaf.
        roots = x509.load_pem_x509_certificates(Path(demo.env["POSTDEPLOY_CA_BUNDLE"]).read_bytes())
        leaf = x509.load_pem_x509_certificate(
            ssl.get_server_certificate(("127.0.0.1", urlsplit(demo.base_url).port or 443)).encode()
        )
        assert len(roots) == 1 and roots[0].subject == roots[0].issuer and leaf.issuer != roots[0].subject
        with httpx.Client(base_url=demo.base_url, verify=trust, follow_redirects=False, timeout=10) as http:
            cookie = login(http).headers["set-cookie"]
            assert "Secure" in cookie and "HttpOnly" in cookie
            assert "upgrade-insecure-requests" in http.get("/").headers["content-security-policy"]
            booking = book(http)
            card = {"email": "pilot@skymarket.test", "cardNumber": "4242424242424242", "cardExpiry": "12 / 34",
                    "cardCvc": "123", "billingName": "Demo Pilot"}  # fmt: skip
            with httpx.Client(verify=trust, timeout=10) as checkout:
                paid = checkout.post(start_checkout(http, booking), data=card)
            assert paid.status_code == 303 and paid.headers["location"].startswith(demo.base_url)
            assert wait_status(http, booking, "confirmed") == "confirmed"


def test_the_plain_http_port_redirects_permanently() -> None:
    with running_demo(https=True) as demo:
        plain = demo.env["POSTDEPLOY__TLS__HTTP_URL"]
        assert plain.startswith("http://127.0.0.1:")
        answer = httpx.get(plain + "browse?q=survey", timeout=5)
    assert answer.status_code == 301
    assert answer.headers["location"] == demo.base_url + "/browse?q=survey"
