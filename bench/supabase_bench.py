"""The Supabase part's cost: demo start-up with and without PostgreSQL, where the extra time goes,
and the Supabase audit's and the whole security layer's wall time against the demo.

    .venv/bin/python bench/supabase_bench.py [--runs 5]

Start-ups alternate plain / --supabase so both see the same machine load. Writes
bench/supabase_bench.json and prints medians and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from postdeploy.demo.supabase import SCHEMA_KEY, create_schema, prepare  # noqa: E402
from postdeploy.demo.supabase.postgres import Cluster, find_bin_dir, template_cluster  # noqa: E402
from postdeploy.demo.switches import ActiveFaults  # noqa: E402
from selftests.demo_server import running_demo  # noqa: E402


def start_up(supabase: bool) -> float:
    started = time.perf_counter()
    with running_demo(supabase=supabase):
        return time.perf_counter() - started


def phases() -> dict[str, float]:
    """The pieces of the extra start-up: the template (initdb and schema, once per machine), then
    per start: copying it, postgres accepting connections, per-start settings and faults."""
    import tempfile

    bin_dir = find_bin_dir()
    timings = {}
    builder = Cluster(bin_dir, Path(tempfile.mkdtemp(prefix="postdeploy-pg-bench-")))
    try:
        for name, step in (("initdb (template, once)", builder.init), ("start (template, once)", builder.start)):
            started = time.perf_counter()
            step()
            timings[name] = time.perf_counter() - started
        started = time.perf_counter()
        create_schema(builder)
        timings["schema, policies, seed (template, once)"] = time.perf_counter() - started
    finally:
        builder.stop()
    template = template_cluster(bin_dir, SCHEMA_KEY, create_schema)
    cluster = Cluster(bin_dir, Path(tempfile.mkdtemp(prefix="postdeploy-pg-bench-")))
    try:
        steps = (("copy template", lambda: cluster.copy_from(template)), ("postgres start", cluster.start),
                 ("per-start settings", lambda: prepare(cluster, ActiveFaults())))  # fmt: skip
        for name, step in steps:
            started = time.perf_counter()
            step()
            timings[name] = time.perf_counter() - started
    finally:
        started = time.perf_counter()
        cluster.stop()
        timings["stop"] = time.perf_counter() - started
    return timings


def pytest_wall(base_url: str, env: dict[str, str], target: str) -> tuple[float, float | None, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", target, "-m", "security", f"--base-url={base_url}",
         "--target=targets/demo.toml", "-q", "--no-header", "-p", "no:randomly"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    summary = (done.stdout.strip().splitlines() or ["?"])[-1]
    inside = re.search(r"in ([\d.]+)s", summary)
    return wall, float(inside.group(1)) if inside else None, summary


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "supabase_bench.json")
    args = parser.parse_args()

    plain, with_pg = [], []
    for _ in range(args.runs):
        plain.append(start_up(False))
        with_pg.append(start_up(True))
    pieces = [phases() for _ in range(args.runs)]
    phase_medians = {name: median([p[name] for p in pieces]) for name in pieces[0]}
    print(f"start-up plain: median {median(plain)} s ({', '.join(f'{t:.2f}' for t in plain)})")
    print(f"start-up --supabase: median {median(with_pg)} s ({', '.join(f'{t:.2f}' for t in with_pg)})")
    print(f"ratio: {median(with_pg) / median(plain):.1f}x; the extra time: {phase_medians}")

    layer: dict[str, list[dict[str, object]]] = {"audit": [], "security layer": [], "security layer, no Supabase": []}
    with running_demo(supabase=True) as demo:
        env = {**os.environ, **demo.env}
        for _ in range(args.runs):
            for name, target in (("audit", "tests/security/test_supabase.py"), ("security layer", "tests/security")):
                wall, inside, summary = pytest_wall(demo.base_url, env, target)
                layer[name].append({"wall_s": round(wall, 2), "pytest_s": inside, "summary": summary})
                print(f"{name}: {wall:.2f} s wall, {summary}")
    with running_demo() as demo:
        env = {**os.environ, **demo.env}
        for _ in range(args.runs):
            wall, inside, summary = pytest_wall(demo.base_url, env, "tests/security")
            layer["security layer, no Supabase"].append(
                {"wall_s": round(wall, 2), "pytest_s": inside, "summary": summary}
            )
            print(f"security layer, no Supabase: {wall:.2f} s wall, {summary}")

    result = {
        "start_up_s": {"plain": [round(t, 2) for t in plain], "supabase": [round(t, 2) for t in with_pg]},
        "start_up_median_s": {"plain": median(plain), "supabase": median(with_pg)},
        "supabase_phases_median_s": phase_medians,
        "runs": layer,
        "median_wall_s": {name: median([float(str(r["wall_s"])) for r in runs]) for name, runs in layer.items()},
        "median_pytest_s": {
            name: median([float(str(r["pytest_s"])) for r in runs if r["pytest_s"] is not None])
            for name, runs in layer.items()
        },
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"median wall: {result['median_wall_s']}; inside pytest: {result['median_pytest_s']}")
    print(f"load average {result['load_average']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
