"""The workflow templates carry the gate's baseline from one run to the next: restored from the cache
before the layer runs, passed as --baseline, saved after (actionlint runs in selftests/report)."""

from __future__ import annotations

from pathlib import Path

import pytest

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"


@pytest.mark.parametrize(
    ("name", "passes_it"),
    [
        ("postdeploy-nightly.yml", "POSTDEPLOY_BASELINE: ${{ matrix.layer == 'perf' && 'baselines' || '' }}"),
        ("postdeploy-load.yml", "--reports-dir reports --baseline baselines"),
        ("postdeploy-verify.yml", "pytest -m perf --baseline baselines"),
    ],
)
def test_each_template_restores_uses_and_saves_the_baseline(name: str, passes_it: str) -> None:
    text = (WORKFLOWS / name).read_text()
    restore, used, save = text.find("actions/cache/restore@v4\n        with:\n          path: baselines"), \
        text.find(passes_it), text.find("actions/cache/save@v4\n        with:\n          path: baselines")  # fmt: skip
    assert -1 < restore < used < save, f"{name}: restore, then --baseline, then save"
    assert "restore-keys: postdeploy-baseline-" in text or "restore-keys: ${{ env.BASELINE_KEY }}-" in text
    if name != "postdeploy-verify.yml":
        assert "reports/regression/" in text  # the summary's "Since last deploy" reads it
