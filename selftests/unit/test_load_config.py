"""budgets/load.toml parsing: the shipped file, unknown shapes, bad input as one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from postdeploy.load.config import LoadConfigError, load_config, parse_config
from postdeploy.profile import load_profile
from postdeploy.profile.load import SlaOverrides

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_file_has_the_six_shapes_and_sla() -> None:
    config = load_config(ROOT / "budgets" / "load.toml")
    assert {"smoke", "ramp", "spike", "soak", "stress", "breakpoint"} <= set(config.shapes)
    assert config.sla.p95_ms is not None and config.sla.error_ratio is not None
    assert config.shapes["smoke"].duration <= 15  # the CI run stays short
    assert config.abort_metrics(config.shapes["breakpoint"]) == ["p95_ms", "error_ratio"]
    assert config.abort_metrics(config.shapes["smoke"]) == config.sla.abort


def test_unknown_shape_lists_the_known_ones() -> None:
    config = load_config(ROOT / "budgets" / "load.toml")
    with pytest.raises(LoadConfigError, match=r"unknown shape 'nope'; known shapes: .*smoke"):
        config.shape("nope")


def test_stage_at_walks_the_stages() -> None:
    config = parse_config(
        "[shapes.s]\nstages = [{users=1, spawn_rate=1, duration=10}, {users=5, spawn_rate=1, duration=5}]\n"
    )
    shape = config.shape("s")
    assert [shape.stage_at(t) for t in (0, 9.9, 10, 14.9, 15)] == [0, 0, 1, 1, None]
    assert shape.max_users == 5 and shape.duration == 15


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[shapes.s\n", "not valid TOML"),
        ("[shapes.s]\nstages = []\n", "shapes.s.stages"),
        ("[shapes.s]\nstages = [{users=1, spawn_rate=1, duration=1, extra=2}]\n", "unknown key"),
        ("[shapes.s]\nstages = [{users=1, spawn_rate=1, duration=1}]\n[sla]\nabort=['p95_ms']\n", "no limit"),
        (
            "[shapes.s]\nstages = [{users=1, spawn_rate=1, duration=1}]\n[sla]\nmin_rps=1\nabort=['min_rps']\n",
            "only be judged at the end",
        ),
        ("[sla]\np95_ms = -1\n", "shapes"),
    ],
)
def test_bad_files_are_one_line(text: str, message: str) -> None:
    with pytest.raises(LoadConfigError, match=message) as caught:
        parse_config(text, "x.toml")
    assert "\n" not in str(caught.value).strip()


def test_missing_file() -> None:
    with pytest.raises(LoadConfigError, match="not found"):
        load_config("/nonexistent/load.toml")


def test_target_sla_is_set_key_by_key_over_the_file() -> None:
    config = parse_config(
        "[shapes.s]\nstages = [{users=1, spawn_rate=1, duration=1}]\n"
        "[sla]\np95_ms = 400\nerror_ratio = 0.01\nabort = ['error_ratio']\n"
        "[sla.endpoints.'/a']\np95_ms = 100\nerror_ratio = 0\n"
    )
    overrides = SlaOverrides.model_validate({"p95_ms": 2000, "endpoints": {"/a": {"p95_ms": 900}, "/b": {"p99_ms": 5}}})
    merged = config.with_target_sla(overrides).sla
    assert (merged.p95_ms, merged.error_ratio, merged.abort) == (2000, 0.01, ["error_ratio"])
    assert (merged.endpoints["/a"].p95_ms, merged.endpoints["/a"].error_ratio) == (900, 0)
    assert merged.endpoints["/b"].p99_ms == 5
    assert config.sla.p95_ms == 400  # the file's own figures are untouched


def test_demo_profile_loosens_only_latency() -> None:
    profile = load_profile(ROOT / "targets" / "demo.toml", env={})
    merged = load_config(ROOT / "budgets" / "load.toml").with_target_sla(profile.load.sla).sla
    assert merged.p95_ms == 2000 and merged.error_ratio == 0.01 and merged.min_rps == 5
    assert merged.endpoints["/api/health"].error_ratio == 0
