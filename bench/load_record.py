"""Bench add-on locustfile: records every response time of the run, for the p95 accuracy reference."""

from __future__ import annotations

import json
import os
from typing import Any

from locust import events

TIMES: list[float] = []


@events.request.add_listener
def record(response_time: float, **_: Any) -> None:
    TIMES.append(response_time)


@events.quitting.add_listener
def dump(**_: Any) -> None:
    path = os.environ.get("POSTDEPLOY_BENCH_TIMES")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(TIMES, out)
