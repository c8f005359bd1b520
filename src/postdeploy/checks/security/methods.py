"""Method hygiene: TRACE disabled, OPTIONS advertising no unexpected methods."""

from __future__ import annotations

import httpx

from postdeploy.findings import Finding, Severity

DANGEROUS = frozenset({"TRACE", "TRACK", "CONNECT"})
ECHO_MARKER = "X-Postdeploy-Trace-Probe"


def check_trace(response: httpx.Response, path: str) -> list[Finding]:
    """A TRACE answered 2xx (worse: echoing our request headers back) is cross-site tracing waiting to happen."""
    if not 200 <= response.status_code < 300:
        return []
    echoed = ECHO_MARKER.lower() in response.text.lower()
    message = f"{path}: TRACE answered {response.status_code}" + (" and echoed the request headers" if echoed else "")
    evidence = {"path": path, "status": response.status_code, "echoed": echoed}
    return [Finding("methods.trace-enabled", Severity.HIGH, message, evidence, subject=path)]


def advertised_methods(response: httpx.Response) -> set[str]:
    # Only Allow: Access-Control-Allow-Methods is the CORS check's business.
    names = response.headers.get_list("allow")
    return {m.strip().upper() for value in names for m in value.split(",") if m.strip()}


def check_options(response: httpx.Response, path: str, allowed: list[str]) -> list[Finding]:
    methods = advertised_methods(response)
    unexpected = sorted(methods & DANGEROUS) + sorted(methods - DANGEROUS - {m.upper() for m in allowed})
    if not unexpected or response.status_code >= 400:
        return []
    severity = Severity.MEDIUM if set(unexpected) & DANGEROUS else Severity.LOW
    message = f"{path}: OPTIONS advertises {', '.join(unexpected)}"
    return [
        Finding("methods.options-unexpected", severity, message, {"path": path, "advertised": sorted(methods)}, path)
    ]


# Which of probe_methods' responses shows a finding: the TRACE answer, or the OPTIONS one.
_SHOWN_BY = {"methods.trace-enabled": 0, "methods.options-unexpected": 1}


def response_showing(finding_id: str, responses: list[httpx.Response]) -> httpx.Response:
    """The response of probe_methods that is the evidence for a finding of this id."""
    return responses[_SHOWN_BY[finding_id]]


def probe_methods(client: httpx.Client, path: str, allowed: list[str]) -> tuple[list[httpx.Response], list[Finding]]:
    trace = client.request("TRACE", path, headers={ECHO_MARKER: "1"})
    options = client.options(path)
    return [trace, options], check_trace(trace, path) + check_options(options, path, allowed)
