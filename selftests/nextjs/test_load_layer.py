"""The load layer on the Next.js target through its profile only: `locust -f load/ --target
targets/nextjs.toml --shape smoke` walks Loomhall's journeys (signed-in reservations included) and
passes on the healthy app; its two load faults break the SLA gate (exit 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from selftests.nextjs_target import RunningNext, running_nextjs

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "targets" / "nextjs.toml"
# Every request of the profile's journeys, the sign-in included: none is left out or renamed.
REQUESTS = {
    ("GET", "/"), ("GET", "/classes"), ("GET", "/classes/[slug]"), ("GET", "/api/classes"),
    ("GET", "/api/classes/[slug]"), ("GET", "/api/healthz"), ("POST", "/api/auth/session"),
    ("POST", "/api/reservations"), ("DELETE", "/api/reservations/[code]"),
}  # fmt: skip


def warm_up(app: RunningNext) -> None:
    """One request per route first, as a deployed app has had: `next start` loads a route's code on
    its first request, which on a busy machine takes seconds and would be 2 of a smoke run's ~40
    catalogue requests, its p95."""
    with httpx.Client(base_url=app.base_url, timeout=30) as client:
        slug = client.get("/api/classes").json()["items"][0]["slug"]
        for path in ("/", "/classes", f"/classes/{slug}", f"/api/classes/{slug}", "/api/healthz"):
            client.get(path)


def run_load(app: RunningNext, reports: Path) -> subprocess.CompletedProcess[str]:
    warm_up(app)
    cmd = [sys.executable, "-m", "locust", "-f", "load/", "--headless", "--target", str(PROFILE),
           "--host", app.base_url, "--shape", "smoke"]  # fmt: skip
    env = {**os.environ, **app.env, "POSTDEPLOY_REPORTS": str(reports)}
    env.pop("POSTDEPLOY_LOAD_ALLOWED_HOSTS", None)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def explain(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


def test_healthy_app_passes_the_smoke_shape(app: RunningNext, tmp_path: Path) -> None:
    proc = run_load(app, tmp_path)
    assert proc.returncode == 0, explain(proc)
    summary = json.loads((tmp_path / "load" / "summary.json").read_text())
    made = {(e["method"], e["name"]): e for e in summary["endpoints"]}
    # Every journey ran (the signed-in one too); a 10 s run may end before a last step.
    assert set(made) <= REQUESTS and {("POST", "/api/auth/session"), ("POST", "/api/reservations")} <= set(made)
    assert len(made) >= len(REQUESTS) - 1, explain(proc)
    assert not [key for key, e in made.items() if e["failures"]], explain(proc)
    assert app.env["POSTDEPLOY_TEST_PASSWORD"] not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("classes-api-slow-under-load", "of /api/classes is"),
        ("errors-under-load", "error ratio is"),
    ],
)
def test_load_faults_break_the_sla_gate(fault: str, expected: str, tmp_path: Path) -> None:
    with running_nextjs(faults=[fault]) as faulty:
        proc = run_load(faulty, tmp_path)
    assert proc.returncode == 3, explain(proc)
    broken = [line for line in proc.stdout.splitlines() if line.startswith("SLA broken:")]
    assert any(expected in line for line in broken), explain(proc)
