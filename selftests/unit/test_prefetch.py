"""The prefetch's replay (postdeploy.prefetch): who gets a stored answer, how often, and what it looks like."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable

import httpx

from postdeploy.prefetch import PlannedFetch, ReplayTransport, prefetch


class Counting:
    """A MockTransport handler that answers gzip bodies and counts the requests that reach it."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.seen: list[tuple[str, str | None]] = []
        self.delay_s = delay_s
        self._lock = threading.Lock()
        self.in_flight = self.max_in_flight = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.seen.append((request.url.path, request.headers.get("cookie")))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        time.sleep(self.delay_s)
        with self._lock:
            self.in_flight -= 1
        if request.url.path == "/boom":
            raise httpx.ConnectError("refused", request=request)
        body = gzip.compress(f"body of {request.url.path} #{len(self.seen)}".encode())
        headers = {"content-encoding": "gzip", "set-cookie": "seen=1; Path=/"}
        return httpx.Response(200, headers=headers, content=body)


Wrap = Callable[[httpx.BaseTransport], httpx.BaseTransport]


def _clients(handler: Counting) -> tuple[httpx.Client, ReplayTransport, Callable[[Wrap], httpx.Client]]:
    replay = ReplayTransport(httpx.MockTransport(handler))
    client = httpx.Client(base_url="http://site.test", transport=replay, headers={"User-Agent": "t"})

    def twin(wrap: Wrap) -> httpx.Client:
        transport = wrap(httpx.MockTransport(handler))
        return httpx.Client(base_url="http://site.test", transport=transport, headers={"User-Agent": "t"})

    return client, replay, twin


def _get(path: str, headers: dict[str, str] | None = None) -> PlannedFetch:
    return lambda client: client.get(path, headers=headers)


def test_an_identical_request_gets_the_stored_answer_once_decoded_as_usual() -> None:
    handler = Counting()
    client, replay, twin = _clients(handler)
    stats = prefetch(replay, twin, [_get("/a"), _get("/b")], 4, 5.0)
    assert (stats.planned, stats.stored) == (2, 2)
    response = httpx.Client(base_url="http://site.test", transport=replay, headers={"User-Agent": "t"}).get("/a")
    assert response.text.startswith("body of /a")  # the client decoded the raw gzip body itself
    assert response.request.url.path == "/a" and response.cookies.get("seen") == "1"
    assert len(handler.seen) == 2
    # Served once: the same request again goes to the target.
    again = httpx.Client(base_url="http://site.test", transport=replay, headers={"User-Agent": "t"}).get("/a")
    assert len(handler.seen) == 3 and again.status_code == 200
    assert (replay.stats.served, replay.stats.network) == (1, 1)
    client.close()


def test_other_headers_or_a_cookie_from_the_jar_go_to_the_network() -> None:
    handler = Counting()
    client, replay, twin = _clients(handler)
    prefetch(replay, twin, [_get("/a"), _get("/b"), _get("/c")], 4, 5.0)
    client.get("/b")  # identical: served, and its Set-Cookie lands in the client's jar
    assert replay.stats.served == 1
    client.get("/c")  # now carries the cookie, which the prefetched request did not: network
    assert replay.stats.served == 1 and handler.seen[-1] == ("/c", "seen=1")
    client.cookies.clear()
    client.get("/a", headers={"Accept": "application/json"})  # other headers: not the planned request
    assert replay.stats.served == 1
    client.post("/a")  # never replayed
    assert (replay.stats.served, replay.stats.network) == (1, 3)
    client.cookies.clear()
    client.get("/a")  # the planned request itself, with the jar as it was: served
    assert replay.stats.served == 2
    assert replay.stats.network == 3


def test_a_planned_transport_error_is_not_stored_so_the_check_meets_it_itself() -> None:
    handler = Counting()
    client, replay, twin = _clients(handler)
    stats = prefetch(replay, twin, [_get("/boom"), _get("/a")], 2, 5.0)
    assert (stats.stored, stats.errors) == (1, 1)
    try:
        client.get("/boom")
    except httpx.ConnectError:
        pass
    else:
        raise AssertionError("the check must see the transport error")


def test_requests_run_concurrently_bounded_and_elapsed_stays_the_real_round_trip() -> None:
    handler = Counting(delay_s=0.05)
    client, replay, twin = _clients(handler)
    plan = [_get(f"/p{i}") for i in range(12)]
    prefetch(replay, twin, plan, 4, 5.0)
    assert handler.max_in_flight == 4
    response = client.get("/p3")
    assert replay.stats.served == 1
    assert response.elapsed.total_seconds() >= 0.05  # not the replay's microseconds


def test_answers_after_the_deadline_are_dropped() -> None:
    handler = Counting(delay_s=0.3)
    client, replay, twin = _clients(handler)
    stats = prefetch(replay, twin, [_get("/slow")], 2, 0.05)
    time.sleep(0.4)
    assert stats.stored == 0
    client.get("/slow")
    assert replay.stats.network == 1


def test_zero_concurrency_fetches_nothing() -> None:
    handler = Counting()
    _, replay, twin = _clients(handler)
    stats = prefetch(replay, twin, [_get("/a")], 0, 5.0)
    assert stats.stored == 0 and handler.seen == []
