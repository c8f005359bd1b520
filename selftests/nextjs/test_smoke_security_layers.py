"""The smoke and security layers against Loomhall (targets/nextjs-app) through targets/nextjs.toml
alone, run as a user runs them (`python -m pytest -m <layer> --target … --base-url …`): the healthy
app passes with exact counts, and each fault below fails its named check and nothing else."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from selftests.nextjs_target import APP_DIR, RunningNext, running_nextjs

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "targets" / "nextjs.toml"
# On plain http: the TLS checks (3 + the http→https redirect) skip; with environment = "local" the
# preview/production invariants (5) skip, and with no Supabase project its audit (4) does.
HEALTHY = {"smoke": (23, 4), "security": (40, 9)}
# The faults this layer's profile settings made catchable (health schema, JSON login), and two it
# caught before, as a control.
FAULTS = (
    "health-failing", "mail-degraded", "stale-build", "api-cacheable",
    "session-cookie-readable", "login-unlimited", "middleware-subrequest-bypass", "cors-any-origin",
)  # fmt: skip
_FAILED = re.compile(r"^FAILED (\S+)", re.MULTILINE)


def run_layer(app: RunningNext, layer: str) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "pytest", "-m", layer, "--target", str(PROFILE), f"--base-url={app.base_url}",
           "-q", "-rfs", "-p", "no:randomly", "-p", "no:cacheprovider", "-n", "0"]  # fmt: skip
    env = {**os.environ, **app.env}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def counts(output: str) -> tuple[int, int, int]:
    """(passed, failed, skipped) from pytest's summary line."""
    found = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped)", output.splitlines()[-1])}
    return found.get("passed", 0), found.get("failed", 0), found.get("skipped", 0)


def catalogue() -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in json.loads((APP_DIR / "faults.json").read_text())["faults"]}


@pytest.mark.parametrize("layer", sorted(HEALTHY))
def test_healthy_app_passes(app: RunningNext, layer: str) -> None:
    code, output = run_layer(app, layer)
    passed, skipped = HEALTHY[layer]
    assert (code, counts(output)) == (0, (passed, 0, skipped)), output[-3000:]


@pytest.mark.parametrize("name", FAULTS)
def test_fault_fails_its_check_only(name: str) -> None:
    fault = catalogue()[name]
    assert "note" not in fault, f"{name}: the catalogue still says the product cannot catch it"
    with running_nextjs(faults=[name]) as app:
        code, output = run_layer(app, fault["layer"])
    failed = _FAILED.findall(output)
    assert code == 1, output[-3000:]
    assert any(fault["check"] in node for node in failed), f"{name}: {fault['check']} did not fail: {failed}"
    allowed = [fault["check"], *fault["also"]]
    others = [node for node in failed if not any(check in node for check in allowed)]
    assert others == [], f"{name}: unrelated checks failed too: {others}\n{output[-3000:]}"
