"""The recorded pool of real runs (selftests/data/regression, recorded by bench/regression_record.py),
read one way by the self-tests and by bench/regression_gate.py."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from postdeploy.regression.samples import Samples

POOL = Path(__file__).resolve().parents[1] / "data" / "regression"
BLOCK = 5  # Lighthouse runs per recorded block (one freshly started demo: one "deploy")

Blocks = list[dict[str, list[dict[str, float]]]]  # per block: path -> runs' metrics, in order


def lighthouse_blocks() -> dict[str, Blocks]:
    """config -> its whole blocks in recording order (a block still being recorded, or with a failed
    run, would give a short side)."""
    found: dict[str, dict[str, dict[str, list[dict[str, float]]]]] = defaultdict(dict)
    for line in (POOL / "lighthouse-pool.jsonl").read_text().splitlines():
        row = json.loads(line)
        found[row["config"]].setdefault(row["block"], defaultdict(list))[row["path"]].append(row["metrics"])
    return {config: [dict(b) for _, b in sorted(blocks.items()) if all(len(r) == BLOCK for r in b.values())]
            for config, blocks in found.items()}  # fmt: skip


def load_runs() -> dict[str, list[Samples]]:
    """config -> its recorded load runs' samples."""
    runs: dict[str, list[Samples]] = defaultdict(list)
    for line in (POOL / "load-pool.jsonl").read_text().splitlines():
        row = json.loads(line)
        runs[row["config"]].append(Samples.from_json(row["samples"]))
    return runs
