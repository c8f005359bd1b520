"""Bench add-on locustfile: the generator's CPU time and request count between test start and stop
(steady state, start-up excluded), and optionally every response time for the p95 reference."""

from __future__ import annotations

import json
import os
import time
from typing import Any

from locust import events

TIMES: list[float] = []
COUNTS = {"requests": 0, "cpu_start": 0.0, "wall_start": 0.0, "cpu_s": 0.0, "wall_s": 0.0}
KEEP_TIMES = bool(os.environ.get("POSTDEPLOY_BENCH_TIMES"))


@events.request.add_listener
def record(response_time: float, **_: Any) -> None:
    COUNTS["requests"] += 1
    if KEEP_TIMES:
        TIMES.append(response_time)


@events.test_start.add_listener
def started(**_: Any) -> None:
    COUNTS["cpu_start"], COUNTS["wall_start"] = time.process_time(), time.monotonic()


@events.test_stop.add_listener
def stopped(**_: Any) -> None:
    COUNTS["cpu_s"] = time.process_time() - COUNTS["cpu_start"]
    COUNTS["wall_s"] = time.monotonic() - COUNTS["wall_start"]


@events.quitting.add_listener
def dump(**_: Any) -> None:
    if path := os.environ.get("POSTDEPLOY_BENCH_TIMES"):
        with open(path, "w", encoding="utf-8") as out:
            json.dump(TIMES, out)
    if path := os.environ.get("POSTDEPLOY_BENCH_CPU"):
        with open(path, "w", encoding="utf-8") as out:
            json.dump(COUNTS, out)
