"""Load-layer benchmarks on a local nginx serving a static file (and the demo for p95 accuracy):
our user classes vs a minimal FastHttpUser, vs wrk, --processes 2 vs one process, p95 vs a reference.

    .venv/bin/python bench/load_bench.py        # writes bench/load_results.json, prints the table
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from postdeploy.launch import free_port, running_demo

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 10
USERS = 20
ROUNDS = 3
# Read-only users with no think time: the bench measures the generator, not a realistic visitor.
OUR_ENV = {
    "POSTDEPLOY__LOAD__THINK_TIME_S": "[0, 0]",
    "POSTDEPLOY__LOAD__WEIGHTS": '{"browser": 6, "api": 3, "booker": 0}',
}

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
                import urllib.request

                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def aggregated_rps(prefix: Path) -> tuple[float, int]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as table:
        for row in csv.DictReader(table):
            if row["Name"] == "Aggregated":
                return float(row["Requests/s"]), int(row["Request Count"])
    raise RuntimeError(f"no Aggregated row in {prefix}_stats.csv")


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def locust(args: list[str], env: dict[str, str], work: Path, name: str) -> tuple[float, int, float]:
    """Requests/s (Locust's CSV), request count, and the generator's CPU seconds (all its processes)."""
    prefix = work / name
    cmd = [sys.executable, "-m", "locust", "--headless", "--only-summary", "--csv", str(prefix), *args]
    before = child_cpu()
    subprocess.run(cmd, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    rps, count = aggregated_rps(prefix)
    return rps, count, child_cpu() - before


def minimal(url: str, work: Path, tag: str) -> tuple[float, int]:
    args = [
        "-f",
        "bench/load_minimal_locustfile.py",
        "-H",
        url,
        "-u",
        str(USERS),
        "-r",
        str(USERS),
        "-t",
        f"{SECONDS}s",
    ]
    return locust(args, {}, work, f"minimal{tag}")


def ours(url: str, work: Path, tag: str, *extra: str, env: dict[str, str] | None = None) -> tuple[float, int]:
    args = ["-f", "load/", "--host", url, "--target", "targets/demo.toml", "--sla-file", "bench/load_bench.toml",
            "--shape", "bench", *extra]  # fmt: skip
    return locust(
        args, {**OUR_ENV, "POSTDEPLOY_REPORTS": str(work / f"reports{tag}"), **(env or {})}, work, f"ours{tag}"
    )


def wrk(url: str) -> float:
    out = subprocess.run(["wrk", "-t1", f"-c{USERS}", f"-d{SECONDS}s", url + "/"], capture_output=True, text=True)
    found = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    return float(found.group(1)) if found else 0.0


def nearest_rank(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent * len(ordered)) - 1)]


def accuracy(url: str, work: Path, tag: str, env: dict[str, str] | None = None) -> dict[str, float]:
    times_file = work / f"times{tag}.json"
    reports = work / f"acc{tag}"
    args = ["-f", "load/,bench/load_record.py", "--host", url, "--target", "targets/demo.toml",
            "--sla-file", "bench/load_bench.toml", "--shape", "accuracy"]  # fmt: skip
    locust(args, {**(env or {}), "POSTDEPLOY_BENCH_TIMES": str(times_file), "POSTDEPLOY_REPORTS": str(reports)},
           work, f"acc{tag}")  # fmt: skip
    times = json.loads(times_file.read_text())
    reported = json.loads((reports / "load" / "summary.json").read_text())["overall"]["p95_ms"]
    reference = nearest_rank(times, 0.95)
    return {"requests": len(times), "reference_p95_ms": reference, "reported_p95_ms": reported,
            "error_ms": reported - reference, "error_pct": (reported - reference) / reference * 100}  # fmt: skip


def main() -> int:
    results: dict[str, object] = {"seconds": SECONDS, "users": USERS, "load_average_before": os.getloadavg()[0]}
    work = Path(tempfile.mkdtemp(prefix="pd-loadbench-"))
    try:
        with nginx() as url:
            mins, ourss, twos = [], [], []
            for round_ in range(ROUNDS):  # interleaved, so machine noise hits all alike
                mins.append(minimal(url, work, f"-{round_}"))
                ourss.append(ours(url, work, f"-{round_}"))
                twos.append(ours(url, work, f"-p2-{round_}", "--processes", "2"))
            results["minimal_rps"] = [r for r, _, _ in mins]
            results["ours_rps"] = [r for r, _, _ in ourss]
            results["ours_processes2_rps"] = [r for r, _, _ in twos]
            # Requests per CPU-second of the generator: the glue's cost, less sensitive to a busy machine.
            results["minimal_req_per_cpu_s"] = [n / cpu for _, n, cpu in mins]
            results["ours_req_per_cpu_s"] = [n / cpu for _, n, cpu in ourss]
            results["wrk_rps"] = [wrk(url) for _ in range(ROUNDS)]
            results["accuracy_nginx"] = accuracy(url, work, "-nginx", OUR_ENV)
        with running_demo(faults=["slow-under-load"]) as demo:
            results["accuracy_demo_slow"] = accuracy(demo.base_url, work, "-demo", demo.env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["load_average_after"] = os.getloadavg()[0]
    minimal_rps = statistics.median(results["minimal_rps"])  # type: ignore[arg-type]
    ours_rps = statistics.median(results["ours_rps"])  # type: ignore[arg-type]
    wrk_rps = statistics.median(results["wrk_rps"])  # type: ignore[arg-type]
    results["ours_vs_minimal"] = ours_rps / minimal_rps
    results["ours_vs_minimal_per_cpu"] = statistics.median(results["ours_req_per_cpu_s"]) / statistics.median(  # type: ignore[arg-type]
        results["minimal_req_per_cpu_s"]  # type: ignore[arg-type]
    )
    results["ours_vs_wrk"] = ours_rps / wrk_rps
    results["processes2_vs_one"] = statistics.median(results["ours_processes2_rps"]) / ours_rps  # type: ignore[arg-type]
    (ROOT / "bench" / "load_results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
