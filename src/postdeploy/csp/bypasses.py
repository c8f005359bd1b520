"""Match CSP sources against the known bypass lists (CSP Evaluator semantics) and public user-content hosts."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from postdeploy.csp.bypass_data import ANGULAR_URLS, FLASH_URLS, JSONP_NEEDS_EVAL, JSONP_URLS

_SCHEME_PREFIX = re.compile(r"^\w[+\w.-]*://", re.IGNORECASE)
_PLACEHOLDER = "wildcard_placeholder"

# Platforms where anyone can publish scripts under a subdomain: allowlisting `*.vercel.app` lets any
# Vercel user's script run. Not in CSP Evaluator's lists (they list JSONP/Angular endpoints only);
# ours, so an origin document's `script-src *.vercel.app` is reported as the bypass it is.
USER_CONTENT_SUFFIXES = (
    "vercel.app",
    "netlify.app",
    "github.io",
    "githubusercontent.com",
    "herokuapp.com",
    "pages.dev",
    "workers.dev",
    "web.app",
    "firebaseapp.com",
    "appspot.com",
    "glitch.me",
    "surge.sh",
    "s3.amazonaws.com",
    "cloudfront.net",
    "azurewebsites.net",
    "blob.core.windows.net",
    "storage.googleapis.com",
    "unpkg.com",
    "cdn.jsdelivr.net",
    "raw.githack.com",
)
# Hosts that serve arbitrary npm/GitHub files at fixed hostnames (no wildcard needed to abuse them).
USER_CONTENT_HOSTS = frozenset({"unpkg.com", "cdn.jsdelivr.net", "raw.githack.com", "storage.googleapis.com"})


def scheme_free(source: str) -> str:
    return _SCHEME_PREFIX.sub("", source, count=1).removeprefix("//")


def _split(url: str) -> tuple[str, str]:
    parts = urlsplit(url if "://" in url else "https:" + url)
    return (parts.hostname or "").lower(), parts.path or "/"


@lru_cache(maxsize=4)
def _parsed(kind: str) -> tuple[tuple[str, str], ...]:
    urls = {"jsonp": JSONP_URLS, "angular": ANGULAR_URLS, "flash": FLASH_URLS}[kind]
    return tuple(_split(u) for u in urls)


def hostname_of(source: str) -> str:
    """The host part of a source expression (`*` kept), as CSP Evaluator's getHostname computes it."""
    free = scheme_free(source).replace(":*", "", 1).replace("*", _PLACEHOLDER, 1)
    try:
        host = urlsplit("https://" + free).hostname or ""
    except ValueError:
        return ""
    host = host.replace(_PLACEHOLDER, "*")
    if re.match(r"^\[[\d:]+\]", free) and not host.startswith("["):
        return f"[{host}]"
    return host


def match_bypass(source: str, kind: str) -> str | None:
    """The listed hostname that `source` allows (jsonp, angular or flash list), or None."""
    free = scheme_free(source).replace(":*", "", 1).replace("*", _PLACEHOLDER, 1)
    try:
        host, path = _split("//" + free)
    except ValueError:
        return None
    has_wildcard = host.startswith(_PLACEHOLDER + ".")
    bare = host[len(_PLACEHOLDER) :] if has_wildcard else host
    has_path = path != "/"
    for domain, listed_path in _parsed(kind):
        if not domain.endswith(bare) or (not has_wildcard and host != domain):
            continue
        if has_path and (not listed_path.startswith(path) if path.endswith("/") else listed_path != path):
            continue
        return domain
    return None


def jsonp_needs_eval(hostname: str) -> bool:
    return hostname in JSONP_NEEDS_EVAL


def user_content_host(source: str) -> str | None:
    """The user-content platform a source opens scripts to (`*.vercel.app`, `unpkg.com`), or None."""
    host = hostname_of(source).lower()
    if host in USER_CONTENT_HOSTS:
        return host
    bare = host[2:] if host.startswith("*.") else host
    for suffix in USER_CONTENT_SUFFIXES:
        # A wildcard over the platform (or the bare platform) lets any of its users in.
        if host.startswith("*.") and (bare == suffix or bare.endswith("." + suffix)):
            return suffix
    return None
