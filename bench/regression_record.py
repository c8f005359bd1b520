"""Record the pool the regression bench and self-tests draw from: real Lighthouse runs and real Locust
smoke runs against the real demo, healthy and with each regression fault, metrics only.

Lighthouse: blocks of `--block` runs per URL, each block against a freshly started demo (a "deploy"),
healthy and fault blocks interleaved so machine load drifts evenly over them. Locust: whole smoke-shape
runs, each against a fresh demo, raw response times per endpoint (through the request event).
Appends to the pool files, so a pool grows over several sessions:

    .venv/bin/python bench/regression_record.py lighthouse --rounds 4
    .venv/bin/python bench/regression_record.py load --rounds 10
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from postdeploy.demo.launch import running_demo
from postdeploy.lighthouse import RunSettings, find_lighthouse, run_once, warm_up
from postdeploy.plugins.perf import full_url
from postdeploy.profile import load_profile
from postdeploy.regression.metrics import lighthouse_metrics

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "targets" / "demo.toml"
POOL = ROOT / "selftests" / "data" / "regression"
LIGHTHOUSE_POOL = POOL / "lighthouse-pool.jsonl"
LOAD_POOL = POOL / "load-pool.jsonl"
# What each configuration runs: the faults act on the home page only, so their blocks audit only it.
LIGHTHOUSE_CONFIGS = {"healthy": ["/", "/browse"], "slower-home-render": ["/"], "heavier-script": ["/"]}
LOAD_CONFIGS = ("healthy", "slower-listing-api")


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) if k.startswith(("cls", "score")) else round(v, 1) for k, v in values.items()}


def _load_average() -> float:
    return round(os.getloadavg()[0], 2)


def record_lighthouse(rounds: int, block: int, configs: list[str]) -> None:
    profile = load_profile(TARGET, env={})
    settings = RunSettings(
        chrome_path=shutil.which("chromium") or "/usr/bin/chromium",
        preset=profile.perf.preset,
        throttling_method=profile.perf.throttling_method,
        categories=("performance", "accessibility", "best-practices", "seo"),
        timeout_s=profile.perf.timeout_s,
        retries=profile.perf.retries,
    )
    exe = find_lighthouse(os.environ, ROOT)
    POOL.mkdir(parents=True, exist_ok=True)
    for round_index in range(rounds):
        for config in configs:
            faults = () if config == "healthy" else (config,)
            started = datetime.now(UTC).isoformat(timespec="seconds")
            with running_demo(faults=faults) as demo, tempfile.TemporaryDirectory() as tmp:
                env = {**os.environ, **demo.env}
                for path in LIGHTHOUSE_CONFIGS[config]:
                    url = full_url(demo.base_url, path)
                    warm_up(url)
                    for index in range(1, block + 1):
                        run = run_once(exe, url, index, settings, Path(tmp), env)
                        if not run.ok or run.lhr is None:
                            print(f"{config} {path} run {index}: FAILED {run.error}", flush=True)
                            continue
                        line = {"config": config, "block": started, "path": path, "run": index,
                                "seconds": round(run.seconds, 1), "load": _load_average(),
                                "benchmark_index": (run.lhr.get("environment") or {}).get("benchmarkIndex"),
                                "metrics": _rounded(lighthouse_metrics(run.lhr))}  # fmt: skip
                        with LIGHTHOUSE_POOL.open("a", encoding="utf-8") as out:
                            out.write(json.dumps(line) + "\n")
                        m = line["metrics"]
                        print(f"round {round_index + 1}/{rounds} {config} {path} run {index}: {run.seconds:.1f} s "
                              f"ttfb {m.get('ttfb')} fcp {m.get('fcp')} lcp {m.get('lcp')} "
                              f"script {m.get('bytes.script')} load {line['load']}", flush=True)  # fmt: skip
                        for file in Path(tmp).iterdir():
                            file.unlink()


def record_load(rounds: int, configs: list[str]) -> None:
    from postdeploy.regression.samples import read_samples

    POOL.mkdir(parents=True, exist_ok=True)
    for round_index in range(rounds):
        for config in configs:
            faults = () if config == "healthy" else (config,)
            with running_demo(faults=faults) as demo, tempfile.TemporaryDirectory() as tmp:
                reports = Path(tmp)
                cmd = [sys.executable, "-m", "locust", "-f", "load/", "--headless", "--host", demo.base_url,
                       "--shape", "smoke", "--target", str(TARGET), "--reports-dir", str(reports)]  # fmt: skip
                env = {**os.environ, **demo.env}
                started = time.monotonic()
                proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
                samples_file = reports / "regression" / "load.samples.json"
                if not samples_file.is_file():
                    print(f"{config}: no samples (exit {proc.returncode}): {proc.stderr[-500:]}", flush=True)
                    continue
                samples = read_samples(samples_file)
                line = {"config": config, "exit": proc.returncode, "seconds": round(time.monotonic() - started, 1),
                        "load": _load_average(), "samples": samples.to_json()}  # fmt: skip
                with LOAD_POOL.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(line, separators=(",", ":")) + "\n")
                print(f"round {round_index + 1}/{rounds} {config}: exit {proc.returncode}, "
                      f"{line['seconds']} s, load {line['load']}", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pool", choices=("lighthouse", "load"))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--block", type=int, default=5, help="Lighthouse runs per URL per demo start")
    parser.add_argument("--configs", nargs="*", help="configurations to record (default: all)")
    args = parser.parse_args()
    if args.pool == "lighthouse":
        record_lighthouse(args.rounds, args.block, args.configs or list(LIGHTHOUSE_CONFIGS))
    else:
        record_load(args.rounds, args.configs or list(LOAD_CONFIGS))


if __name__ == "__main__":
    main()
