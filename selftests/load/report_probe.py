"""Probe for test_load_report.py: finishes a run on a real idle Locust environment in its own process
(importing locust monkey-patches with gevent, which deadlocks inside a pytest process with threads).

    python selftests/load/report_probe.py REPORTS_DIR SCENARIO   -> prints {"code": …, "lines": […]}
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path

from locust import User, constant
from locust.env import Environment

from postdeploy.access import access_for
from postdeploy.load.config import parse_config
from postdeploy.load.report import finish_run
from postdeploy.load.state import LoadSession
from postdeploy.profile import load_profile

CONFIG = """
[shapes.s]
stages = [{ users = 1, spawn_rate = 1, duration = 5 }]
[sla]
p95_ms = 100
error_ratio = 0.1
[sla.endpoints."/slow"]
p95_ms = 100
"""
SCENARIOS = {
    "broken": ([("/fast", 10, False)] * 50 + [("/slow", 400, True)] * 10, False),
    "saturated": ([("/fast", 10, False)] * 50, True),
    "healthy": ([("/fast", 10, False)] * 50, False),
}


class Idle(User):
    wait_time = constant(1)


def finished(reports: Path, timings: list[tuple[str, float, bool]], saturated: bool) -> tuple[int, list[str]]:
    environment = Environment(user_classes=[Idle], host="http://127.0.0.1:1")
    runner = environment.create_local_runner()
    for name, ms, failed in timings:
        environment.events.request.fire(
            request_type="GET", name=name, response_time=ms, response_length=10, context={},
            exception=RuntimeError("500") if failed else None,
        )  # fmt: skip
    runner.cpu_warning_emitted = saturated
    config = parse_config(CONFIG)
    options = Namespace(reports_dir=str(reports), allow_destructive=False)
    profile = load_profile(None, env={}, cli_overrides={"environment": "local"})
    access = access_for(profile, {}, environment.host or "")
    session = LoadSession(options, profile, config, "s", config.shape("s"), None, is_controller=True, access=access)
    session.started_at = 0.0
    return finish_run(environment, session.summary())


if __name__ == "__main__":
    timings, saturated = SCENARIOS[sys.argv[2]]
    code, lines = finished(Path(sys.argv[1]), timings, saturated)
    print(json.dumps({"code": code, "lines": lines}))
