"""Load-layer benchmarks on a local nginx serving a static file (and the demo for p95 accuracy):
our user classes vs a minimal FastHttpUser, vs wrk, --processes 2 vs one process, p95 vs a reference.

    .venv/bin/python bench/load_bench.py        # writes bench/load_results.json and prints it
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from postdeploy.demo.launch import free_port, running_demo
from postdeploy.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 10
USERS = 20
ROUNDS = 3
# Read-only users with no think time: the bench measures the generator, not a realistic visitor.
# The demo profile's journeys minus those that write data (the bookers).
READ_ONLY = [j.model_dump(mode="json", by_alias=True) for j in load_profile("targets/demo.toml", {}).load.journeys
             if not j.writes]  # fmt: skip
OUR_ENV = {
    "POSTDEPLOY__LOAD__THINK_TIME_S": "[0, 0]",
    "POSTDEPLOY__LOAD__JOURNEYS": json.dumps(READ_ONLY),
}
OURS = ["--target", "targets/demo.toml", "--sla-file", "bench/load_bench.toml"]

NGINX_CONF = """
worker_processes 1;
daemon off;
user root;
pid nginx.pid;
error_log error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type text/html;
  client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp; scgi_temp_path tmp;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location = /api/listings {{ default_type application/json; }}
    location / {{ try_files $uri /index.html; }}
  }}
}}
"""


@contextmanager
def nginx() -> Iterator[str]:
    """nginx with our own config in a temp dir on a free loopback port; stopped on exit."""
    work = Path(tempfile.mkdtemp(prefix="pd-nginx-"))
    root = work / "www"
    (root / "api").mkdir(parents=True)
    (work / "tmp").mkdir()
    (root / "index.html").write_text("<!doctype html><h1>SkyMarket</h1>" + "<p>listing</p>" * 300)
    (root / "api" / "listings").write_text(json.dumps([{"id": i, "title": f"listing {i}"} for i in range(1, 21)]))
    port = free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(port=port, root=root))
    proc = subprocess.Popen(["nginx", "-p", str(work), "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def aggregated_rps(prefix: Path) -> float:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as table:
        for row in csv.DictReader(table):
            if row["Name"] == "Aggregated":
                return float(row["Requests/s"])
    raise RuntimeError(f"no Aggregated row in {prefix}_stats.csv")


def locust(args: list[str], env: dict[str, str], work: Path, name: str) -> dict[str, float]:
    """Requests/s from Locust's CSV, plus the generator's steady-state requests per CPU-second
    (from bench/load_record.py, start-up excluded; single-process runs only)."""
    prefix = work / name
    cpu_file = work / f"{name}-cpu.json"
    cmd = [sys.executable, "-m", "locust", "--headless", "--only-summary", "--csv", str(prefix), *args]
    env = {**os.environ, **env, "POSTDEPLOY_BENCH_CPU": str(cpu_file)}
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    figures = {"rps": aggregated_rps(prefix)}
    if cpu_file.exists():
        steady = json.loads(cpu_file.read_text())
        if steady["cpu_s"] > 0:
            figures["req_per_cpu_s"] = steady["requests"] / steady["cpu_s"]
    return figures


def minimal(url: str, work: Path, tag: str) -> dict[str, float]:
    args = ["-f", "bench/load_minimal_locustfile.py,bench/load_record.py", "-H", url,
            "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s"]  # fmt: skip
    return locust(args, {}, work, f"minimal{tag}")


def ours(url: str, work: Path, tag: str, *extra: str) -> dict[str, float]:
    args = ["-f", "load/,bench/load_record.py", "--host", url, *OURS, "--shape", "bench", *extra]
    return locust(args, {**OUR_ENV, "POSTDEPLOY_REPORTS": str(work / f"reports{tag}")}, work, f"ours{tag}")


def wrk(url: str) -> float:
    out = subprocess.run(["wrk", "-t1", f"-c{USERS}", f"-d{SECONDS}s", url + "/"], capture_output=True, text=True)
    found = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    return float(found.group(1)) if found else 0.0


def nearest_rank(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent * len(ordered)) - 1)]


def accuracy(url: str, work: Path, tag: str, env: dict[str, str]) -> dict[str, float]:
    """Our reported p95 (Locust's rounded histogram) against the exact p95 of every response time."""
    times_file = work / f"times{tag}.json"
    reports = work / f"acc{tag}"
    args = ["-f", "load/,bench/load_record.py", "--host", url, *OURS, "--shape", "accuracy"]
    env = {**env, "POSTDEPLOY_BENCH_TIMES": str(times_file), "POSTDEPLOY_REPORTS": str(reports)}
    locust(args, env, work, f"acc{tag}")
    times = json.loads(times_file.read_text())
    reported = json.loads((reports / "load" / "summary.json").read_text())["overall"]["p95_ms"]
    reference = nearest_rank(times, 0.95)
    return {
        "requests": len(times),
        "reference_p95_ms": round(reference, 2),
        "reported_p95_ms": reported,
        "error_pct": round((reported - reference) / reference * 100, 2),
    }


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs if key in run)


def main() -> int:
    results: dict[str, object] = {"seconds": SECONDS, "users": USERS, "rounds": ROUNDS}
    results["load_average_before"] = round(os.getloadavg()[0], 1)
    work = Path(tempfile.mkdtemp(prefix="pd-loadbench-"))
    try:
        with nginx() as url:
            mins: list[dict[str, float]] = []
            ourss: list[dict[str, float]] = []
            twos: list[dict[str, float]] = []
            for round_ in range(ROUNDS):  # interleaved, so machine noise hits all alike
                mins.append(minimal(url, work, f"-{round_}"))
                ourss.append(ours(url, work, f"-{round_}"))
                twos.append(ours(url, work, f"-p2-{round_}", "--processes", "2"))
            wrks = [wrk(url) for _ in range(ROUNDS)]
            results["runs"] = {"minimal": mins, "ours": ourss, "ours_processes_2": twos, "wrk_rps": wrks}
            results["accuracy_nginx"] = accuracy(url, work, "-nginx", OUR_ENV)
        with running_demo(faults=["slow-under-load"]) as demo:
            results["accuracy_demo_slow_under_load"] = accuracy(demo.base_url, work, "-demo", demo.env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["load_average_after"] = round(os.getloadavg()[0], 1)
    ours_rps = median(ourss, "rps")
    results["median_rps"] = {
        "minimal": round(median(mins, "rps")),
        "ours": round(ours_rps),
        "ours_processes_2": round(median(twos, "rps")),
        "wrk": round(statistics.median(wrks)),
    }
    results["ours_vs_minimal_rps"] = round(ours_rps / median(mins, "rps"), 3)
    results["ours_vs_minimal_per_cpu_s"] = round(median(ourss, "req_per_cpu_s") / median(mins, "req_per_cpu_s"), 3)
    results["ours_vs_wrk"] = round(ours_rps / statistics.median(wrks), 3)
    results["processes_2_vs_one"] = round(median(twos, "rps") / ours_rps, 3)
    (ROOT / "bench" / "load_results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
