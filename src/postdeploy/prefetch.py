"""Concurrent prefetch of a layer's independent GETs, replayed once each to the request that matches.

A serial run pays the target's round trip once per request. The smoke and security checks' GETs do
not depend on each other, so a layer sends the ones its collected checks will make all at once
(bounded), and each check then gets the answer to its own request, byte for byte as the target sent
it: the check's client still builds the request, decodes the body, stores cookies and attaches the
exchange as evidence, so the evidence per request is the same as a serial run's. A request matches a
stored answer only when its method, URL and every header as sent (access headers and cookies
included) are equal, and each answer is served once; anything else goes to the network as before.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import httpx

__all__ = ["PlannedFetch", "PrefetchStats", "Recorder", "ReplayTransport", "prefetch"]

# One planned job: what a check will do with its client (one GET, or a walk of redirect hops).
PlannedFetch = Callable[[httpx.Client], object]
_Key = tuple[str, str, tuple[tuple[str, str], ...]]


def _key(request: httpx.Request) -> _Key | None:
    """What must be equal for a stored answer to stand for a request; None: never replayed."""
    if request.method != "GET" or request.headers.get("content-length") not in (None, "0"):
        return None
    return request.method, str(request.url), tuple(sorted(request.headers.multi_items()))


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    raw_body: bytes  # as it came off the wire (still compressed): the check's client decodes it
    extensions: dict[str, object]
    elapsed: datetime.timedelta  # the real round trip, which latency checks read


class _ReplayStream(httpx.SyncByteStream):
    """The stored body; on close it puts back the real round trip (httpx sets `elapsed` to the
    replay's own few microseconds just before it closes the inner stream)."""

    def __init__(self, answer: _Answer) -> None:
        self._answer = answer
        self.response: httpx.Response | None = None

    def __iter__(self) -> Iterator[bytes]:
        yield self._answer.raw_body

    def close(self) -> None:
        if self.response is not None:
            self.response.elapsed = self._answer.elapsed


@dataclass
class PrefetchStats:
    planned: int = 0  # planned jobs
    stored: int = 0  # answers the prefetch received and kept
    served: int = 0  # requests answered from the store
    network: int = 0  # requests that went to the target (no match, or not replayable)
    errors: int = 0  # prefetched requests that failed (not stored: the check meets the error itself)

    @property
    def unused(self) -> int:
        return self.stored - self.served

    def line(self) -> str:
        return (
            f"prefetch: {self.planned} planned, {self.stored} answers stored, {self.served} served from them, "
            f"{self.network} requests to the network, {self.unused} unused, {self.errors} failed"
        )


@dataclass
class _Store:
    answers: dict[_Key, deque[_Answer]] = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)
    sealed: bool = False
    stats: PrefetchStats = field(default_factory=PrefetchStats)

    def put(self, key: _Key, answer: _Answer) -> None:
        with self.lock:
            if not self.sealed:  # an answer that arrives after the deadline is dropped, not served late
                self.answers[key].append(answer)
                self.stats.stored += 1

    def take(self, key: _Key) -> _Answer | None:
        with self.lock:
            queue = self.answers.get(key)
            if not queue:
                return None
            self.stats.served += 1
            return queue.popleft()


def _replay(answer: _Answer) -> httpx.Response:
    stream = _ReplayStream(answer)
    response = httpx.Response(answer.status, headers=answer.headers, stream=stream, extensions=answer.extensions)
    stream.response = response
    return response


class Recorder(httpx.BaseTransport):
    """The prefetch client's transport: sends through the real one and keeps every answer."""

    def __init__(self, inner: httpx.BaseTransport, store: _Store) -> None:
        self._inner, self._store = inner, store

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self._inner.handle_request(request)
        try:
            # The stream itself, not iter_raw(): the raw bytes as sent, even from a transport that
            # has read its answer already (httpx's MockTransport).
            assert isinstance(response.stream, httpx.SyncByteStream)
            raw = b"".join(response.stream)
        finally:
            response.close()
        extensions = {k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")}
        elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
        answer = _Answer(response.status_code, response.headers.raw, raw, extensions, elapsed)
        key = _key(request)
        if key is not None:
            self._store.put(key, answer)
        return _replay(answer)  # the prefetch job (a redirect walk) reads it like any answer

    def close(self) -> None:
        self._inner.close()


class ReplayTransport(httpx.BaseTransport):
    """A check client's transport: a request equal to a stored answer's gets it (once); any other
    goes to the real transport."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner
        self.store = _Store()

    @property
    def stats(self) -> PrefetchStats:
        return self.store.stats

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = _key(request)
        answer = self.store.take(key) if key is not None else None
        if answer is not None:
            return _replay(answer)
        with self.store.lock:
            self.store.stats.network += 1
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def prefetch(
    replay: ReplayTransport,
    twin: Callable[[Callable[[httpx.BaseTransport], httpx.BaseTransport]], httpx.Client],
    plan: Sequence[PlannedFetch],
    concurrency: int,
    deadline_s: float,
) -> PrefetchStats:
    """Run `plan` on a twin of the check client (same options, own cookie jar, made by `twin` with
    the transport wrapper it is given) with at most `concurrency` jobs in flight, storing every
    answer in `replay`. Returns within `deadline_s`; later answers are dropped. A job's transport
    error is swallowed: nothing is stored for it, so the check makes the request and reports it."""
    store = replay.store
    store.stats.planned += len(plan)
    if not plan or concurrency < 1:
        return store.stats

    def run(job: PlannedFetch, client: httpx.Client) -> None:
        try:
            job(client)
        except httpx.HTTPError:
            with store.lock:
                store.stats.errors += 1

    client = twin(lambda inner: Recorder(inner, store))
    # The twin keeps no cookie: jobs run in any order, so a cookie one answer set would land on some
    # other job's request and not on others. Every planned request goes as the check client's first
    # requests go, cookie-less; a check whose client holds a cookie by then goes to the network.
    client.cookies.jar.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    pool = ThreadPoolExecutor(max_workers=min(concurrency, len(plan)), thread_name_prefix="prefetch")
    try:
        futures = [pool.submit(run, job, client) for job in plan]
        wait(futures, timeout=deadline_s)
    finally:
        with store.lock:
            store.sealed = True
        pool.shutdown(wait=False, cancel_futures=True)
        # The twin closes once its running jobs end (a job past the deadline still holds it).
        threading.Thread(target=_close_after, args=(pool, client), daemon=True).start()
    return store.stats


def _close_after(pool: ThreadPoolExecutor, client: httpx.Client) -> None:
    pool.shutdown(wait=True)
    client.close()
