"""Open redirects judged the way a browser resolves a Location, the login form found, the raw answer
kept when httpx cannot parse its Location; image-optimizer answers told apart (refused, tried, served);
source maps graded by whether they carry the source."""

from __future__ import annotations

import httpx

from postdeploy.checks.security import exposure, image_proxy, redirects
from postdeploy.checks.security.parallel import send_all

HOSTS = redirects.own_hosts("https://site.example/", ["www.site.example"])
GET = redirects.RedirectProbe("/auth/callback", "next", "//evil.example")


def judge(location: str, base: str = "https://site.example/auth/callback?next=x", status: int = 302) -> list[str]:
    return [f.id for f in redirects.check_redirect(GET, base, status, location, None, HOSTS)]


def test_locations_resolved_like_a_browser() -> None:
    for off_site in (
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/x",
        "https://site.example@evil.example",
    ):
        assert judge(off_site) == ["redirect.open"], off_site
    # `https:evil.example` is a path on an https page, but another host from an http page.
    assert judge("https:evil.example") == []
    assert judge("https:evil.example", base="http://site.example/auth/callback") == ["redirect.open"]
    for on_site in ("/dashboard", "%2F%2Fevil.example", "@evil.example", "https://www.site.example/", "javascript:x"):
        assert judge(on_site) == [], on_site
    assert judge("//evil.example", status=200) == []  # not a redirect


def test_meta_refresh_counts_as_a_redirect() -> None:
    html = '<meta http-equiv="refresh" content="0; url=//evil.example/">'
    found = redirects.check_redirect(GET, "https://site.example/x", 200, None, html, HOSTS)
    assert [f.evidence["answer"] for f in found] == ["meta refresh"]


def test_probes_and_marker_screen() -> None:
    probes = redirects.probes(["/login"], ["next", "returnTo"])
    assert len(probes) == 2 * len(redirects.PAYLOADS)
    assert probes[3].url() == "/login?next=%252F%252Fevil.example"  # double-encoded on the wire
    assert redirects.echoes([("location", "/login?next=%2Fpostdeploy-redirect-check")], "")
    assert not redirects.echoes([("content-type", "text/html")], "<p>hi</p>")


def test_login_form_found_with_its_redirect_field() -> None:
    html = (
        '<form method="get" action="/search"><input name="q"></form>'
        '<form method="post"><input type="hidden" name="csrf" value="t1"><input type="hidden" name="next" value="/">'
        '<input name="email"><input name="password" type="password"><button type="submit">Go</button></form>'
    )
    form = redirects.login_form(html, "https://site.example/auth/login?x=1", "password")
    assert form is not None and form.action == "/auth/login?x=1"
    assert form.fields == {"csrf": "t1", "next": "/", "email": "", "password": ""}
    assert {p.param for p in redirects.login_probes(form, ["next", "redirect"])} == {"next"}
    assert (
        redirects.login_form(
            '<form method="post" action="https://evil.example/"><input name="password">',
            "https://site.example/",
            "password",
        )
        is None
    )


def test_raw_answer_kept_when_httpx_cannot_parse_the_location() -> None:
    client = httpx.Client(
        base_url="http://site.example",
        transport=httpx.MockTransport(lambda r: httpx.Response(303, headers={"location": "https:evil.example"})),
    )
    with redirects.raw_answers(client) as send:
        answers = send_all(lambda p: send("GET", p), ["/a", "/b"], 2)
    assert [a.headers["location"] for a in answers if isinstance(a, httpx.Response)] == ["https:evil.example"] * 2
    assert client.event_hooks["response"] == []  # the hook is gone afterwards


def test_image_optimizer_answers() -> None:
    probe = image_proxy.probes("https://site.example:8443/", "https://evil.example/a.png")
    assert [p.url for p in probe][1] == "https://127.0.0.1:8443/favicon.ico"
    path = image_proxy.probe_path("/_next/image", probe[0].url)
    assert path == "/_next/image?url=https%3A%2F%2Fevil.example%2Fa.png&w=64&q=75"
    refused = httpx.Response(400, text='"url" parameter is not allowed')
    assert image_proxy.check_probe(probe[0], refused, path) == []
    tried = httpx.Response(404, text='"url" parameter is valid but upstream response is invalid')
    assert [f.id for f in image_proxy.check_probe(probe[0], tried, path)] == ["image-proxy.remote"]
    served = httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})
    assert [f.severity.label for f in image_proxy.check_probe(probe[3], served, path)] == ["critical"]
    assert not image_proxy.optimizer_present(httpx.Response(404))
    assert not image_proxy.optimizer_present(httpx.Response(200, text="<html>shell</html>"))
    assert image_proxy.optimizer_present(httpx.Response(400, text='"url" parameter is required'))


def test_source_map_with_sources_is_high() -> None:
    with_source = httpx.Response(200, text='{"version":3,"sources":["a.ts"],"sourcesContent":["x"],"mappings":"A"}')
    names_only = httpx.Response(200, text='{"version":3,"sources":["a.ts"],"sourcesContent":[null],"mappings":"A"}')
    assert [f.severity.label for f in exposure.check_source_map(with_source, "/a.js.map", "/a.js")] == ["high"]
    assert [f.severity.label for f in exposure.check_source_map(names_only, "/a.js.map", "/a.js")] == ["medium"]
    scripts = [("/a.js?v=1", b"x", httpx.Headers()), ("/b.js", b"//# sourceMappingURL=a.js.map", httpx.Headers())]
    assert exposure.map_candidates(scripts) == {"/a.js?v=1": ["/a.js.map"], "/b.js": ["/b.js.map"]}
