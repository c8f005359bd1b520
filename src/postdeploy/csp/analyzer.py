"""CSP findings for one policy, with CSP Evaluator's default and strict checks plus delivery checks.

Severity mapping from CSP Evaluator: HIGH→high, SYNTAX→medium, MEDIUM→medium, MEDIUM_MAYBE→low
(except `'unsafe-eval'`, medium: the Observatory takes 10 points for it), STRICT_CSP and INFO→info.
"""

from __future__ import annotations

import re

from postdeploy.csp.bypasses import hostname_of, jsonp_needs_eval, match_bypass, scheme_free, user_content_host
from postdeploy.csp.parser import KEYWORDS, META_IGNORED, Policy, is_scheme
from postdeploy.findings import Finding, Severity

HIGH, MEDIUM, LOW, INFO = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO

KNOWN_DIRECTIVES = frozenset(
    {
        "child-src", "connect-src", "default-src", "font-src", "frame-src", "img-src", "media-src",
        "object-src", "script-src", "script-src-attr", "script-src-elem", "style-src", "style-src-attr",
        "style-src-elem", "prefetch-src", "manifest-src", "worker-src", "base-uri", "plugin-types",
        "sandbox", "disown-opener", "form-action", "frame-ancestors", "navigate-to", "report-to",
        "report-uri", "block-all-mixed-content", "upgrade-insecure-requests", "reflected-xss",
        "referrer", "require-sri-for", "trusted-types", "require-trusted-types-for", "webrtc",
        "fenced-frame-src",
    }
)  # fmt: skip
DEPRECATED = {
    "reflected-xss": "use the X-XSS-Protection header instead (itself obsolete)",
    "referrer": "use the Referrer-Policy header instead",
    "disown-opener": "use the Cross-Origin-Opener-Policy header instead",
    "prefetch-src": "it may stop working at any time",
}
SCRIPT_DIRECTIVES = ("script-src", "script-src-attr", "script-src-elem")
XSS_DIRECTIVES = (*SCRIPT_DIRECTIVES, "object-src", "base-uri")
XSS_SCHEMES = ("data:", "http:", "https:")
_NONCE = re.compile(r"^'nonce-(.+)'$")
_STRICT_NONCE = re.compile(r"^'nonce-[a-zA-Z0-9+/_-]+={0,2}'$")
_STRICT_HASH = re.compile(r"^'(sha256|sha384|sha512)-[a-zA-Z0-9+/_-]+={0,2}'$")
_IPV4 = re.compile(r"^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$")
_BARE_KEYWORDS = frozenset(k.strip("'") for k in KEYWORDS)


def _finding(id: str, severity: Severity, message: str, directive: str, value: str = "") -> Finding:
    evidence = {"directive": directive, "value": value} if value else {"directive": directive}
    return Finding(id, severity, message, evidence, subject=directive)


def is_nonce(value: str) -> bool:
    return bool(_STRICT_NONCE.match(value))


def is_hash(value: str) -> bool:
    return bool(_STRICT_HASH.match(value))


def _has(policy: Policy, predicate: str, directive: str = "script-src") -> bool:
    values = policy.values(directive)
    if predicate == "nonce":
        return any(is_nonce(v) for v in values)
    if predicate == "hash":
        return any(is_hash(v) for v in values)
    return "'strict-dynamic'" in values


def effective_policy(policy: Policy) -> tuple[Policy, list[Finding]]:
    """The policy as a CSP3 browser applies it: nonces/hashes neutralise 'unsafe-inline', and
    'strict-dynamic' drops host and scheme allowlists and 'self'."""
    effective = Policy(
        {k: list(v) for k, v in policy.directives.items()}, policy.delivery, policy.raw, list(policy.duplicates)
    )
    notes: list[Finding] = []
    for name in dict.fromkeys(effective.effective_directive(d) for d in SCRIPT_DIRECTIVES):
        values = effective.directives.get(name)
        original = policy.directives.get(name, [])
        if values is None:
            continue
        if (_has(effective, "nonce", name) or _has(effective, "hash", name)) and "'unsafe-inline'" in values:
            values.remove("'unsafe-inline'")
            notes.append(
                _finding(
                    "csp.unsafe-inline-ignored",
                    INFO,
                    "'unsafe-inline' is ignored because a nonce or hash is present (CSP2+)",
                    name,
                    "'unsafe-inline'",
                )
            )
        if "'strict-dynamic'" in original:
            for value in original:
                if (not value.startswith("'") or value in ("'self'", "'unsafe-inline'")) and value in values:
                    values.remove(value)
                    notes.append(
                        _finding(
                            "csp.ignored-by-strict-dynamic",
                            INFO,
                            f"{value} is ignored because of 'strict-dynamic' (CSP3)",
                            name,
                            value,
                        )
                    )
    return effective, notes


def _effective_names(policy: Policy, names: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(policy.effective_directive(n) for n in names))


def check_script_inline_eval(policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    script_names = _effective_names(policy, SCRIPT_DIRECTIVES)
    for name in script_names:
        values = policy.directives.get(name, [])
        if "'unsafe-inline'" in values:
            findings.append(
                _finding(
                    "csp.unsafe-inline",
                    HIGH,
                    f"'unsafe-inline' in {name} allows injected inline scripts and event handlers",
                    name,
                    "'unsafe-inline'",
                )
            )
        if "'unsafe-hashes'" in values:
            findings.append(
                _finding(
                    "csp.unsafe-hashes",
                    LOW,
                    f"'unsafe-hashes' in {name} allows hashed inline event handlers; move them to scripts",
                    name,
                    "'unsafe-hashes'",
                )
            )
        if "'unsafe-eval'" in values:
            findings.append(
                _finding(
                    "csp.unsafe-eval",
                    MEDIUM,
                    f"'unsafe-eval' in {name} allows code injected into eval() and similar DOM APIs",
                    name,
                    "'unsafe-eval'",
                )
            )
    # Not a CSP Evaluator check: inline styles allow CSS injection (data exfiltration, UI redress),
    # a lesser risk the Observatory does not penalise; reported low so a team can accept it by name.
    for name in _effective_names(policy, ("style-src", "style-src-elem", "style-src-attr")):
        if name in script_names or name not in policy.directives:
            continue
        if "'unsafe-inline'" in policy.directives[name]:
            findings.append(
                _finding(
                    "csp.unsafe-inline",
                    LOW,
                    f"'unsafe-inline' in {name} allows injected inline styles",
                    name,
                    "'unsafe-inline'",
                )
            )
    return findings


def check_schemes_and_wildcards(policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    for name in _effective_names(policy, XSS_DIRECTIVES):
        for value in policy.directives.get(name, []):
            if value in XSS_SCHEMES:
                findings.append(
                    _finding(
                        "csp.plain-scheme", HIGH, f"{value} in {name} allows scripts from any such URL", name, value
                    )
                )
            elif scheme_free(value) == "*":
                findings.append(_finding("csp.wildcard", HIGH, f"{name} allows '*' as a source", name, value))
    return findings


def check_missing_directives(policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    directives = policy.directives
    objects = directives.get("object-src", directives.get("default-src", []))
    if not objects:
        findings.append(
            _finding(
                "csp.object-src-missing",
                HIGH,
                "no object-src (nor default-src): plugins can execute script; set object-src 'none'",
                "object-src",
            )
        )
    if "script-src" not in directives and "default-src" not in directives:
        findings.append(
            _finding(
                "csp.script-src-missing",
                HIGH,
                "no script-src (nor default-src): scripts are unrestricted",
                "script-src",
            )
        )
    needs_base = _has(policy, "nonce") or (_has(policy, "hash") and _has(policy, "strict-dynamic"))
    if needs_base and "base-uri" not in directives:
        findings.append(
            _finding(
                "csp.base-uri-missing",
                HIGH,
                "no base-uri: an injected <base> can point nonce'd relative scripts elsewhere; set 'none' or 'self'",
                "base-uri",
            )
        )
    return findings


def check_allowlist_bypass(policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    for name in _effective_names(policy, ("script-src", "script-src-elem")):
        values = policy.directives.get(name, [])
        if "'none'" in values:
            continue
        for value in values:
            if value == "'self'":
                findings.append(
                    _finding(
                        "csp.self-allowlist",
                        LOW,
                        "'self' can be bypassed if the site hosts JSONP, AngularJS or user uploads",
                        name,
                        value,
                    )
                )
                continue
            if value.startswith("'") or is_scheme(value) or "." not in value:
                continue
            angular = match_bypass(value, "angular")
            jsonp = match_bypass(value, "jsonp")
            if jsonp and jsonp_needs_eval(jsonp) and "'unsafe-eval'" not in values:
                jsonp = None
            if jsonp or angular:
                what = " and ".join(w for w, hit in (("JSONP endpoints", jsonp), ("AngularJS", angular)) if hit)
                host = angular or jsonp
                findings.append(
                    _finding("csp.allowlist-bypass", HIGH, f"{host} hosts {what} that bypass this policy", name, value)
                )
            elif platform := user_content_host(value):
                findings.append(
                    _finding(
                        "csp.user-content-host",
                        HIGH,
                        f"{value} lets any {platform} user's script run (public hosting platform)",
                        name,
                        value,
                    )
                )
            else:
                findings.append(
                    _finding(
                        "csp.host-allowlist",
                        LOW,
                        f"{value}: no known bypass; make sure it serves no JSONP, AngularJS or user content",
                        name,
                        value,
                    )
                )
    return findings


def check_object_allowlist(policy: Policy) -> list[Finding]:
    name = policy.effective_directive("object-src")
    plugin_types = policy.directives.get("plugin-types")
    if plugin_types is not None and "application/x-shockwave-flash" not in plugin_types:
        return []
    findings: list[Finding] = []
    for value in policy.directives.get(name, []):
        if value == "'none'":
            return []
        if host := match_bypass(value, "flash"):
            findings.append(
                _finding("csp.object-bypass", HIGH, f"{host} hosts Flash files that bypass this policy", name, value)
            )
        elif name == "object-src":
            findings.append(_finding("csp.object-allowlist", LOW, "restrict object-src to 'none'", name, value))
    return findings


def check_values(policy: Policy) -> list[Finding]:
    """Per-value checks over every directive: IP sources, nonces, http: URLs, syntax slips."""
    findings: list[Finding] = []
    for name, values in policy.directives.items():
        for value in values:
            # Keywords, nonces and hashes are quoted and never hosts: skip the URL parse.
            host = "" if value.startswith("'") else hostname_of(value)
            if host and ((host.startswith("[") and host.endswith("]")) or _IPV4.match(host)):
                localhost = host == "127.0.0.1"
                message = (
                    f"{name} allows localhost; remove it in production"
                    if localhost
                    else f"{name} has an IP address source {host} (ignored by browsers)"
                )
                findings.append(_finding("csp.ip-source", INFO, message, name, value))
            if match := _NONCE.match(value):
                if len(match.group(1)) < 8:
                    findings.append(
                        _finding("csp.nonce-short", MEDIUM, "nonces should be at least 8 characters", name, value)
                    )
                if not is_nonce(value):
                    findings.append(
                        _finding("csp.nonce-charset", INFO, "nonces should use the base64 charset", name, value)
                    )
            if value.startswith("http://"):
                what = "send violation reports over HTTPS" if name == "report-uri" else "allow only HTTPS sources"
                findings.append(_finding("csp.http-source", MEDIUM, f"{value} in {name}: {what}", name, value))
            if value in KNOWN_DIRECTIVES:
                findings.append(
                    _finding(
                        "csp.missing-semicolon",
                        MEDIUM,
                        f"missing semicolon? {value!r} in {name} is a directive, not a source",
                        name,
                        value,
                    )
                )
            findings += _keyword_findings(name, value)
    return findings


def _keyword_findings(name: str, value: str) -> list[Finding]:
    if value in _BARE_KEYWORDS or value.startswith("nonce-") or re.match(r"^(sha256|sha384|sha512)-", value):
        message = f"unquoted keyword {value!r} in {name}: it is read as a host name; write '{value}'"
        return [_finding("csp.invalid-keyword", MEDIUM, message, name, value)]
    if not value.startswith("'"):
        return []
    if name == "require-trusted-types-for":
        valid = value == "'script'"
    elif name == "trusted-types":
        valid = value in ("'allow-duplicates'", "'none'")
    else:
        valid = value in KEYWORDS or is_hash(value) or is_nonce(value)
    if valid:
        return []
    return [_finding("csp.invalid-keyword", MEDIUM, f"{value} in {name} is not a CSP keyword", name, value)]


def check_directive_names(policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    for name in policy.directives:
        if name in DEPRECATED:
            findings.append(
                _finding("csp.deprecated-directive", INFO, f"{name} is deprecated: {DEPRECATED[name]}", name)
            )
        if name not in KNOWN_DIRECTIVES:
            message = (
                f"{name!r}: directive names do not end with a colon"
                if name.endswith(":")
                else f"{name!r} is not a known CSP directive (typo?)"
            )
            findings.append(_finding("csp.unknown-directive", MEDIUM, message, name))
    return findings


def check_strict(policy: Policy) -> list[Finding]:
    """CSP Evaluator's strict-CSP advice (informational: a host allowlist is not a failure by itself)."""
    findings: list[Finding] = []
    name = policy.effective_directive("script-src")
    values = policy.directives.get(name, [])
    nonce_or_hash = _has(policy, "nonce") or _has(policy, "hash")
    if any(not v.startswith("'") for v in values) and "'strict-dynamic'" not in values:
        findings.append(
            _finding(
                "csp.strict-dynamic-missing",
                INFO,
                "host allowlists are often bypassable; prefer nonces or hashes with 'strict-dynamic'",
                name,
            )
        )
    if "'strict-dynamic'" in values and not nonce_or_hash:
        findings.append(
            _finding(
                "csp.strict-dynamic-not-standalone",
                INFO,
                "'strict-dynamic' without a nonce or hash blocks all scripts",
                name,
            )
        )
    if nonce_or_hash and "'unsafe-inline'" not in values:
        findings.append(
            _finding(
                "csp.unsafe-inline-fallback",
                INFO,
                "add 'unsafe-inline' (ignored where nonces work) for old browsers",
                name,
            )
        )
    if "'strict-dynamic'" in values and not any(v in ("http:", "https:", "*") or "." in v for v in values):
        findings.append(
            _finding(
                "csp.allowlist-fallback",
                INFO,
                "add https: (ignored where 'strict-dynamic' works) for old browsers",
                name,
            )
        )
    tt_name = policy.effective_directive("require-trusted-types-for")
    if "'script'" not in policy.directives.get(tt_name, []):
        findings.append(
            _finding(
                "csp.trusted-types-missing",
                INFO,
                "consider require-trusted-types-for 'script' to lock down DOM XSS sinks",
                "require-trusted-types-for",
            )
        )
    return findings


def check_reporting(policy: Policy) -> list[Finding]:
    if policy.directives.get("report-uri"):
        return []
    if policy.directives.get("report-to"):
        return [
            _finding(
                "csp.report-to-only",
                INFO,
                "only report-to is set (Chromium only); add report-uri too",
                "report-to",
            )
        ]
    return [_finding("csp.no-reporting", INFO, "no reporting destination (report-uri/report-to)", "report-uri")]


def check_delivery(policy: Policy) -> list[Finding]:
    findings = [
        _finding("csp.duplicate-directive", LOW, f"{name} appears twice: browsers ignore the repeat", name)
        for name in dict.fromkeys(policy.duplicates)
    ]
    if policy.delivery == "meta":
        findings += [
            _finding(
                "csp.meta-ignored-directive", LOW, f"{name} is ignored in a <meta> policy: send it as a header", name
            )
            for name in policy.directives
            if name in META_IGNORED
        ]
    return findings


CHECKS = (
    check_script_inline_eval,
    check_schemes_and_wildcards,
    check_missing_directives,
    check_allowlist_bypass,
    check_object_allowlist,
    check_values,
    check_directive_names,
    check_strict,
    check_reporting,
)


def analyze_policy(policy: Policy) -> list[Finding]:
    """Every finding for one policy, checked as a CSP3 browser would apply it."""
    effective, notes = effective_policy(policy)
    findings = notes + check_delivery(policy)
    for check in CHECKS:
        findings += check(effective)
    return findings
