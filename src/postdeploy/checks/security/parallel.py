"""Bounded concurrent requests through the run's one httpx client (an httpx.Client is thread-safe),
so probes that send dozens of requests cost a fraction of their sequential time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import httpx

T = TypeVar("T")

Outcome = httpx.Response | httpx.TransportError


def send_all(send: Callable[[T], httpx.Response], items: Sequence[T], concurrency: int) -> list[Outcome]:
    """`send(item)` for every item, at most `concurrency` at once, answers in the items' order.

    A request that never got an answer (timeout, refused) comes back as its TransportError, so one
    slow probe cannot sink the others.
    """

    def one(item: T) -> Outcome:
        try:
            return send(item)
        except httpx.TransportError as exc:
            return exc

    if len(items) <= 1 or concurrency <= 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items)), thread_name_prefix="postdeploy-probe") as pool:
        return list(pool.map(one, items))
