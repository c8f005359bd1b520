"""Sitemap sweep of 500 URLs served by a local nginx: postdeploy's concurrent sweep vs a serial `curl`
loop over the same URLs, side by side in one run.
`python -m bench.sitemap_bench [--urls 500] [--runs 3] [--write]`; `--write` updates `## Smoke` in RESULTS.md."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.smoke_results import write_block
from postdeploy.access import TargetAccess
from postdeploy.checks.smoke.sitemap import check_sweep, parse_sitemap, sweep
from postdeploy.demo.launch import free_port

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    keepalive_requests 10000;
    server {{
        listen 127.0.0.1:{port};
        root {root}/site;
        default_type text/html;
    }}
}}
"""


@contextmanager
def nginx_site(count: int) -> Iterator[str]:
    """nginx serving `count` small pages and a sitemap listing them (one of every 100 missing: a 404)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="postdeploy-sitemap-") as tmp:
        root, port = Path(tmp), free_port()
        (root / "tmp").mkdir()
        site = root / "site"
        (site / "p").mkdir(parents=True)
        base = f"http://127.0.0.1:{port}"
        locs = []
        for i in range(count):
            if i % 100 != 99:  # a few dead links, so the sweep has something to report
                (site / "p" / f"{i}.html").write_text(f"<!doctype html><title>page {i}</title><p>{'x' * 2000}</p>")
            locs.append(f"<url><loc>{base}/p/{i}.html</loc></url>")
        (site / "sitemap.xml").write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(locs) + "</urlset>"
        )  # fmt: skip
        conf = root / "nginx.conf"
        conf.write_text(NGINX_CONF.format(root=root, port=port))
        proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(root)], stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    httpx.get(f"{base}/sitemap.xml", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError(f"nginx did not start: {(root / 'error.log').read_text()[-500:]}") from None
                    time.sleep(0.1)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=5)


def curl_loop(urls: list[str]) -> tuple[float, int]:
    """The runbook way: one `curl -s -o /dev/null -w %{http_code}` per URL, one after another."""
    started = time.perf_counter()
    dead = 0
    for url in urls:
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url],
                             capture_output=True, text=True).stdout  # fmt: skip
        dead += not out.startswith(("2", "3"))
    return time.perf_counter() - started, dead


def postdeploy_sweep(base: str, concurrency: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    urls, _ = parse_sitemap(httpx.get(f"{base}/sitemap.xml").content)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with TargetAccess(base).client(limits=limits) as client:  # as the smoke layer makes it
        results = sweep(client, urls, concurrency=concurrency)
    findings = check_sweep(results)
    took = time.perf_counter() - started
    dead = findings[-1].evidence["dead"] if findings else []
    return took, len(dead), len(urls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--urls", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    ours: list[float] = []
    theirs: list[float] = []
    with nginx_site(args.urls) as base:
        urls, _ = parse_sitemap(httpx.get(f"{base}/sitemap.xml").content)
        for _ in range(args.runs):  # interleaved so machine load hits both alike
            took, dead, swept = postdeploy_sweep(base, args.concurrency)
            ours.append(took)
            took_curl, dead_curl = curl_loop(urls)
            theirs.append(took_curl)
            if dead != dead_curl:
                print(f"disagreement: sweep found {dead} dead, curl {dead_curl}", file=sys.stderr)
                return 1
    load = os.getloadavg()[0]
    med_ours, med_curl = statistics.median(ours), statistics.median(theirs)
    ratio = med_curl / med_ours
    print(
        f"{swept} URLs, {dead} dead; postdeploy sweep (concurrency {args.concurrency}): median {med_ours:.2f} s "
        f"{[round(s, 2) for s in ours]}"
    )
    print(f"serial curl loop: median {med_curl:.2f} s {[round(s, 2) for s in theirs]}")
    print(f"speed-up: {ratio:.1f}x (goal >= 5x); load avg {load:.1f}")
    if args.write:
        write_block(
            "Sitemap sweep vs serial curl loop",
            f"""`python -m bench.sitemap_bench --urls {args.urls} --runs {args.runs} --write` — a sitemap of
{swept} URLs ({dead} of them 404) served by a local nginx; postdeploy's sweep (sitemap fetch + parse + concurrent
GETs, concurrency {args.concurrency}, dead links found: {dead}) vs a serial `curl -s -o /dev/null -w %{{http_code}}`
loop over the same URLs (same {dead} found). Interleaved runs, medians; load average {load:.1f} on 2 cores.

| | median | runs |
|---|---|---|
| postdeploy sweep | {med_ours:.2f} s | {", ".join(f"{s:.2f}" for s in ours)} |
| serial curl loop | {med_curl:.2f} s | {", ".join(f"{s:.2f}" for s in theirs)} |
| **speed-up** | **{ratio:.1f}x** | goal ≥ 5x |""",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
