"""The load layer end to end: real Locust against the real demo, judged by the SLA gate's exit code.

Healthy demo + smoke shape exits 0; slow-under-load and errors-under-load exit 3 with each broken
SLA on its own line; the gate also decides under --processes and a master with two workers; the
open model reports dropped iterations; refusals and bad input are one line, exit 2, before any load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from postdeploy.demo.launch import RunningDemo, running_demo
from selftests.load.runner import LoadRun, run_load, run_master_and_workers

OPEN_MODEL = """
[shapes.open]
arrival_rate = 30
stages = [{ users = 3, spawn_rate = 3, duration = 6 }]
[sla]
error_ratio = 0.01
max_dropped_ratio = 0.05
"""


@pytest.fixture(scope="module")
def healthy() -> Iterator[RunningDemo]:
    with running_demo() as demo:
        yield demo


@pytest.fixture(scope="module")
def slow() -> Iterator[RunningDemo]:
    with running_demo(faults=["slow-under-load"]) as demo:
        yield demo


@pytest.fixture(scope="module")
def erroring() -> Iterator[RunningDemo]:
    with running_demo(faults=["errors-under-load"]) as demo:
        yield demo


def explain(run: LoadRun) -> str:
    return f"exit {run.exit_code}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"


def allure_results(reports: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json")]


def test_healthy_demo_passes_the_smoke_shape(healthy: RunningDemo, tmp_path: Path) -> None:
    run = run_load(healthy.base_url, tmp_path, "--shape", "smoke", demo=healthy)
    assert run.exit_code == 0, explain(run)
    assert "postdeploy load: PASSED (exit 0)" in run.stdout
    assert "stage 1:" in run.stdout and not run.broken_lines()
    for name in ("report.html", "stats.csv", "failures.csv", "summary.json"):
        assert (tmp_path / "load" / name).is_file(), name
    summary = json.loads((tmp_path / "load" / "summary.json").read_text())
    names = {e["name"] for e in summary["endpoints"]}
    assert {"/listings/[id]", "/api/health", "/auth/login", "/browse?q=[term]"} <= names  # all three user kinds
    assert not [name for name in names if any(ch.isdigit() for ch in name)]  # grouped by route template
    (result,) = allure_results(tmp_path)
    assert result["status"] == "passed" and result["name"] == "SLA gate: smoke shape"
    assert "demo-pilot-pass" not in (tmp_path / "load" / "report.html").read_text()


@pytest.mark.parametrize(
    ("fault", "expected"),
    [("slow", "SLA broken: p95 latency is"), ("erroring", "SLA broken: error ratio is")],
    ids=["slow-under-load", "errors-under-load"],
)
def test_load_faults_break_the_sla_gate(
    fault: str, expected: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    demo: RunningDemo = request.getfixturevalue(fault)
    run = run_load(demo.base_url, tmp_path, "--shape", "smoke", demo=demo)
    assert run.exit_code == 3, explain(run)
    assert any(line.startswith(expected) for line in run.broken_lines()), explain(run)
    (result,) = allure_results(tmp_path)
    assert result["status"] == "failed"


def test_master_with_two_workers_gate_exits_3(erroring: RunningDemo, tmp_path: Path) -> None:
    run = run_master_and_workers(erroring, tmp_path, "--shape", "smoke")
    assert run.exit_code == 3, explain(run)
    assert "aborting early" in run.stderr and run.broken_lines()


def test_processes_2_on_the_healthy_demo_passes(healthy: RunningDemo, tmp_path: Path) -> None:
    run = run_load(healthy.base_url, tmp_path, "--shape", "smoke", "--processes", "2", demo=healthy)
    assert run.exit_code == 0, explain(run)
    summary = json.loads((tmp_path / "load" / "summary.json").read_text())
    assert summary["overall"]["requests"] > 100


def test_certificates_are_verified_against_the_profile_ca_bundle(tmp_path: Path) -> None:
    """Locust's FastHttpUser accepts any certificate by default; ours verify, like a browser would."""
    with running_demo(https=True) as demo:
        trusted = run_load(demo.base_url, tmp_path / "trusted", "--shape", "smoke", demo=demo)
        untrusted = run_load(
            demo.base_url, tmp_path / "untrusted", "--shape", "smoke", demo=demo, env={"POSTDEPLOY_CA_BUNDLE": ""}
        )
    assert trusted.exit_code == 0, explain(trusted)
    assert untrusted.exit_code == 3, explain(untrusted)
    assert "SLA broken: error ratio is 100.00%" in untrusted.stdout
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.output


def test_open_model_reports_dropped_iterations_when_the_target_is_slow(slow: RunningDemo, tmp_path: Path) -> None:
    sla_file = tmp_path / "open.toml"
    sla_file.write_text(OPEN_MODEL)
    run = run_load(slow.base_url, tmp_path, "--shape", "open", "--sla-file", str(sla_file), demo=slow)
    assert run.exit_code == 3, explain(run)
    assert "open model: target 30.0 it/s" in run.stdout
    assert any(line.startswith("SLA broken: dropped iterations is") for line in run.broken_lines())


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("--shape", "nope"), {}, "postdeploy load: unknown shape 'nope'; known shapes: "),
        (("--host", "http://10.1.2.3"), {}, "postdeploy load: refused: host 10.1.2.3 is not in the load allowlist"),
        ((), {"POSTDEPLOY_ENVIRONMENT": "production"}, "is production: load runs there need --allow-production"),
    ],
    ids=["unknown-shape", "host-not-allowlisted", "production-without-flag"],
)
def test_refusals_are_one_line_exit_2_before_any_load(
    args: tuple[str, ...], env: dict[str, str], message: str, tmp_path: Path
) -> None:
    host = "http://127.0.0.1:9"  # nothing listens: a run that started would fail differently
    if "--host" in args:
        host, args = args[1], args[2:]
    run = run_load(host, tmp_path, *args, env=env, timeout=60)
    assert run.exit_code == 2, explain(run)
    ours = [line for line in run.stderr.splitlines() if line.startswith("postdeploy load:")]
    assert len(ours) == 1 and message in ours[0], explain(run)
    assert "Traceback" not in run.output
    assert not (tmp_path / "load").exists()


@pytest.mark.parametrize(
    ("load_section", "message"),
    [
        ('[[load.journeys]]\nname = "a"\nsteps = [{ path = "/items/{id}" }]\n', "no value for {id}"),
        ('[load.sla]\nendpoints = { "/nope" = { p95_ms = 100 } }\n',
         "SLA endpoint '/nope' is no request of the profile's journeys (theirs: /)"),
    ],
    ids=["placeholder-without-value", "sla-key-names-no-request"],
)  # fmt: skip
def test_journeys_that_cannot_run_refuse_the_run(load_section: str, message: str, tmp_path: Path) -> None:
    profile = tmp_path / "site.toml"
    profile.write_text(f'name = "site"\nenvironment = "staging"\n{load_section}')
    run = run_load("http://127.0.0.1:9", tmp_path, "--target", str(profile), timeout=60)
    assert run.exit_code == 2, explain(run)
    ours = [line for line in run.stderr.splitlines() if line.startswith("postdeploy load:")]
    assert len(ours) == 1 and message in ours[0], explain(run)
    assert "Traceback" not in run.output


def test_journeys_carry_the_access_headers_through_a_protection_wall(tmp_path: Path) -> None:
    """Behind a Vercel-style wall, every journey request (the sign-in too) carries the bypass header."""
    with running_demo(protect=True) as demo:
        run = run_load(demo.base_url, tmp_path, "--shape", "smoke", demo=demo)
    assert run.exit_code == 0, explain(run)
    summary = json.loads((tmp_path / "load" / "summary.json").read_text())
    assert summary["overall"]["failures"] == 0 and summary["overall"]["requests"] > 100
    assert "/auth/login" in {e["name"] for e in summary["endpoints"]}
