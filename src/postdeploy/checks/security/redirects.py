"""Open redirects: a login or auth callback that sends the browser wherever its `?next=` says.

Each route gets each usual redirect parameter with off-site values in the shapes that slip past
naive checks (`//host`, `/\\host`, `https:host`, `@host`, a double-encoded `//`). The answer's
`Location`, or a `<meta http-equiv=refresh>`, is resolved exactly as a browser does (the WHATWG
URL standard, through ada-url) and must stay on the site's own hosts. Redirects made by page
scripts after load are a browser's business, not this module's.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import ada_url
import httpx

from postdeploy.findings import Finding, Severity

PROBE_HOST = "evil.example"  # reserved by RFC 2606: never a real site
PAYLOADS: tuple[str, ...] = (
    f"//{PROBE_HOST}",
    f"/\\{PROBE_HOST}",
    f"https://{PROBE_HOST}",
    f"%2F%2F{PROBE_HOST}",  # sent encoded once more: caught when the server decodes twice
    f"https:{PROBE_HOST}",
    f"@{PROBE_HOST}",  # harmless as a path, off-site when glued to an origin: https://site@evil.example
)
# A harmless value first: only a parameter the route echoes (in a Location, a header or the page,
# such as a login form's hidden `next`) gets the off-site values, six requests instead of thirty-six.
MARKER_TOKEN = "postdeploy-redirect-check"
MARKER = f"/{MARKER_TOKEN}"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_REFRESH_URL = re.compile(r"(?i)^\s*\d*(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?(.*)$")


@dataclass(frozen=True)
class RedirectProbe:
    """One request: a route, a parameter and an off-site value, by GET (or the login form's POST)."""

    path: str
    param: str
    value: str
    method: str = "GET"

    def url(self) -> str:
        separator = "&" if "?" in self.path else "?"
        return f"{self.path}{separator}{urlencode({self.param: self.value})}"

    def label(self) -> str:
        return f"{self.method} {self.path} {self.param}={self.value}"


def probes(paths: Iterable[str], params: Iterable[str], method: str = "GET") -> list[RedirectProbe]:
    params = list(params)
    return [RedirectProbe(path, param, value, method) for path in paths for param in params for value in PAYLOADS]


def screens(paths: Iterable[str], params: Iterable[str]) -> list[RedirectProbe]:
    params = list(params)
    return [RedirectProbe(path, param, MARKER) for path in paths for param in params]


def echoes(headers: Iterable[tuple[str, str]], body: str) -> bool:
    """The route used the parameter: the marker came back somewhere in the answer (encoded or not)."""
    return MARKER_TOKEN in body or any(MARKER_TOKEN in value for _, value in headers)


def own_hosts(base_url: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The hosts a redirect may lead to: the target's and the ones the profile adds."""
    hosts = {urlsplit(base_url).hostname or "", *extra}
    return frozenset(h.lower().rstrip(".") for h in hosts if h)


def resolve(base: str, reference: str) -> str | None:
    """Where a browser goes for `reference` on `base` (None: no URL a browser would follow)."""
    try:
        return ada_url.join_url(base, reference)
    except ValueError:
        return None


def host_of(url: str) -> str | None:
    """The host of an http(s) URL; None for other schemes (a `javascript:` Location goes nowhere)."""
    try:
        parsed = ada_url.URL(url)
    except ValueError:
        return None
    if parsed.protocol not in ("http:", "https:"):
        return None
    return parsed.hostname.lower().rstrip(".")


class _MetaRefresh(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.match(attributes.get("content", ""))
            if match and match.group(1).strip():
                self.targets.append(match.group(1).strip().strip("'\""))


def meta_refresh_targets(html: str) -> list[str]:
    finder = _MetaRefresh()
    finder.feed(html)
    return finder.targets


def check_redirect(
    probe: RedirectProbe,
    request_url: str,
    status: int,
    location: str | None,
    html: str | None,
    hosts: frozenset[str],
) -> list[Finding]:
    """An answer that sends the browser to a host outside `hosts` is an open redirect."""
    how, references = "", []
    if status in REDIRECT_STATUSES and location:
        how, references = f"{status} Location", [location]
    elif 200 <= status < 300 and html:
        how, references = "meta refresh", meta_refresh_targets(html)
    for reference in references:
        destination = resolve(request_url, reference)
        host = host_of(destination) if destination else None
        if host is None or host in hosts:
            continue
        after = " after login" if probe.method == "POST" else ""
        return [
            Finding(
                "redirect.open",
                Severity.HIGH,
                f"{probe.method} {probe.path} with {probe.param}={probe.value!r} redirects to {destination}{after}: "
                "an open redirect (phishing from a trusted link, token theft through auth callbacks)",
                {
                    "request": f"{probe.method} {probe.url() if probe.method == 'GET' else probe.path}",
                    "parameter": probe.param,
                    "value": probe.value,
                    "answer": how,
                    "location": reference,
                    "browser goes to": destination,
                },
                subject=probe.path,
            )
        ]
    return []


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = Form(attributes.get("action", ""), attributes.get("method", "get").lower())
            self.forms.append(self._open)
        elif tag in ("input", "select", "textarea") and self._open is not None and attributes.get("name"):
            kind = attributes.get("type", "").lower()
            if kind not in ("submit", "button", "image", "reset"):
                self._open.fields[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def login_form(html: str, page_url: str, password_field: str) -> Form | None:
    """The page's form that asks for the password, with its action resolved (same origin only)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if password_field in form.fields and form.method == "post":
            action = urljoin(page_url, form.action) if form.action else page_url
            if urlsplit(action).netloc != urlsplit(page_url).netloc:
                return None
            parts = urlsplit(action)
            form.action = parts.path + (f"?{parts.query}" if parts.query else "")
            return form
    return None


def login_probes(form: Form, params: Iterable[str]) -> list[RedirectProbe]:
    """POST probes for the redirect parameters the login form carries (usually a hidden `next`)."""
    carried = [p for p in params if p in form.fields]
    return probes([form.action], carried, method="POST")


@contextmanager
def raw_answers(client: httpx.Client) -> Iterator[Any]:
    """`send(method, path, **kwargs)` through `client` that returns the answer even when its Location
    is one httpx cannot parse. httpx prepares the next request from every Location, followed or not,
    and raises InvalidURL on `https:evil.example`: the very answers this check is after. A response
    hook, on for the duration only, keeps each answer for that case."""
    kept: dict[int, httpx.Response] = {}
    lock = threading.Lock()

    def keep(response: httpx.Response) -> None:
        if response.has_redirect_location:
            response.read()  # now: httpx closes the stream when it raises
            with lock:
                kept[id(response.request)] = response

    def send(method: str, path: str, **kwargs: Any) -> httpx.Response:
        request = client.build_request(method, path, **kwargs)
        try:
            return client.send(request)
        except httpx.InvalidURL:
            with lock:
                answer = kept.get(id(request))
            if answer is None:
                raise
            return answer

    hooks = client.event_hooks["response"]
    hooks.append(keep)
    try:
        yield send
    finally:
        hooks.remove(keep)
