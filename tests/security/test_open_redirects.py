"""Open redirects: the login and auth callback routes never send the browser to another site.

Server redirects (Location) and meta refreshes are judged here; a redirect a page script makes after
load needs a browser and belongs to the e2e layer.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from postdeploy.checks.security import redirects
from postdeploy.checks.security.parallel import Outcome, send_all
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings, TargetProfile


def _judge(
    probes: list[redirects.RedirectProbe], answers: list[Outcome], hosts: frozenset[str], unanswered: list[str]
) -> list[Finding]:
    findings: list[Finding] = []
    for probe, answer in zip(probes, answers, strict=True):
        if isinstance(answer, httpx.TransportError):
            unanswered.append(f"{probe.label()}: {answer}")
            continue
        html = answer.text if "html" in answer.headers.get("content-type", "") else None
        location = answer.headers.get("location")
        findings += redirects.check_redirect(probe, str(answer.request.url), answer.status_code, location, html, hosts)
    return findings


def _after_login(
    client: httpx.Client,
    settings: SecuritySettings,
    credentials: tuple[str, str],
    hosts: frozenset[str],
    notes: dict[str, object],
    unanswered: list[str],
) -> list[Finding]:
    """Submit the login form with each off-site value in its redirect field, then ask the login page
    again while signed in (many send a signed-in visitor straight to `?next=`)."""
    page = client.get(settings.login_path)
    form = redirects.login_form(page.text, str(page.request.url), settings.login_password_field)
    if form is None:
        notes["after login"] = f"no login form with a {settings.login_password_field!r} field on {settings.login_path}"
        return []
    posts = redirects.login_probes(form, settings.redirect_params)
    email, password = credentials
    base = {**form.fields, settings.login_email_field: email, settings.login_password_field: password}

    with redirects.raw_answers(client) as send:
        answers = send_all(
            lambda p: send("POST", p.path, data={**base, p.param: p.value}), posts, settings.fetch_concurrency
        )
        findings = _judge(posts, answers, hosts, unanswered)
        signed_in = redirects.probes([settings.login_path], sorted({p.param for p in posts}))
        answers = send_all(lambda p: send("GET", p.url()), signed_in, settings.fetch_concurrency)
        findings += _judge(signed_in, answers, hosts, unanswered)
    notes["after login"] = {"form fields probed": sorted({p.param for p in posts}), "requests": len(posts + signed_in)}
    return findings


def test_no_open_redirects(
    http: httpx.Client,
    own_jar_client: httpx.Client,
    security_settings: SecuritySettings,
    target_profile: TargetProfile,
    target_env: Mapping[str, str],
    base_url: str,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """Login and auth callback routes never redirect to another site."""
    settings = security_settings
    hosts = redirects.own_hosts(base_url, settings.redirect_hosts)
    routes = list(dict.fromkeys([settings.login_path, *settings.auth_callback_paths]))
    # A route that answers 404 does not exist: it cannot redirect anywhere.
    conc = settings.fetch_concurrency
    first = send_all(http.get, routes, conc)
    live = [r for r, a in zip(routes, first, strict=True) if isinstance(a, httpx.Response) and a.status_code != 404]
    screens = redirects.screens(live, settings.redirect_params)
    unanswered: list[str] = []
    with redirects.raw_answers(http) as send:
        echoed = [
            (probe.path, probe.param)
            for probe, answer in zip(screens, send_all(lambda p: send("GET", p.url()), screens, conc), strict=True)
            if isinstance(answer, httpx.Response) and redirects.echoes(answer.headers.multi_items(), answer.text)
        ]
        anonymous = [p for path, param in echoed for p in redirects.probes([path], [param])]
        findings = _judge(anonymous, send_all(lambda p: send("GET", p.url()), anonymous, conc), hosts, unanswered)

    notes: dict[str, object] = {
        "routes": live,
        "skipped (404)": [r for r in routes if r not in live],
        "parameters the routes use": [f"{path} {param}" for path, param in echoed],
    }
    email, password = target_env.get(target_profile.e2e.username_env), target_env.get(target_profile.e2e.password_env)
    if settings.redirect_login and email and password and settings.login_path in live:
        findings += _after_login(own_jar_client, settings, (email, password), hosts, notes, unanswered)
    else:
        notes["after login"] = "not probed (no test account, redirect_login off, or no login route)"
    notes.update({"values": list(redirects.PAYLOADS), "allowed hosts": sorted(hosts), "unanswered": unanswered})
    evidence.json("open-redirect probes", notes)
    verdict(findings, what="open redirects")
