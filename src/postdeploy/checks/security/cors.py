"""CORS: does an API route trust any Origin (reflected, `null`, `*`), especially with credentials?"""

from __future__ import annotations

import httpx

from postdeploy.findings import Finding, Severity

PROBE_ORIGIN = "https://postdeploy-cors-probe.example"


def _values(response: httpx.Response, name: str) -> str:
    return ", ".join(response.headers.get_list(name))


def check_cors_response(response: httpx.Response, origin: str, path: str, kind: str) -> list[Finding]:
    """Findings for one answer to a request carrying a foreign `Origin` (`kind`: simple or preflight)."""
    allow_origin = _values(response, "access-control-allow-origin").strip()
    credentials = _values(response, "access-control-allow-credentials").strip().lower() == "true"
    evidence = {
        "path": path,
        "request": kind,
        "origin": origin,
        "access-control-allow-origin": allow_origin,
        "access-control-allow-credentials": credentials,
    }

    def finding(id: str, severity: Severity, message: str) -> Finding:
        return Finding(id, severity, f"{path} ({kind}): {message}", evidence, subject=path)

    if not allow_origin:
        return []
    if allow_origin == origin and origin != "null":
        if credentials:
            return [
                finding(
                    "cors.reflect-origin-credentials",
                    Severity.CRITICAL,
                    f"reflects Origin {origin} with Allow-Credentials: true: any site can read it as the user",
                )
            ]
        return [finding("cors.reflect-origin", Severity.MEDIUM, f"reflects arbitrary Origin {origin}")]
    if allow_origin == "null" and origin == "null":
        severity = Severity.HIGH if credentials else Severity.MEDIUM
        return [finding("cors.null-origin", severity, "trusts Origin: null (sandboxed iframes, file: pages)")]
    if allow_origin == "*":
        if credentials:
            return [finding("cors.wildcard-credentials", Severity.LOW, "'*' with credentials (browsers refuse it)")]
        return [finding("cors.wildcard-origin", Severity.LOW, "Access-Control-Allow-Origin: * (public to every site)")]
    return []


def probe_cors(client: httpx.Client, path: str) -> tuple[list[httpx.Response], list[Finding]]:
    """A simple GET and a preflight with a foreign Origin, and a GET with Origin: null."""
    responses = [
        client.get(path, headers={"Origin": PROBE_ORIGIN}),
        client.options(
            path,
            headers={
                "Origin": PROBE_ORIGIN,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        ),
        client.get(path, headers={"Origin": "null"}),
    ]
    findings = check_cors_response(responses[0], PROBE_ORIGIN, path, "simple")
    findings += check_cors_response(responses[1], PROBE_ORIGIN, path, "preflight")
    findings += check_cors_response(responses[2], "null", path, "simple, Origin: null")
    return responses, findings
