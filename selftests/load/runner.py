"""Runs `locust -f load/` the way a user does (local, --processes, master plus workers) against a demo."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from postdeploy.demo.launch import RunningDemo, free_port

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "targets" / "demo.toml"
LOCUST = [sys.executable, "-m", "locust", "-f", "load/", "--target", str(TARGET)]


@dataclass
class LoadRun:
    exit_code: int
    stdout: str
    stderr: str
    reports: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def broken_lines(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.startswith("SLA broken:")]


def _env(demo: RunningDemo | None, reports: Path, extra: dict[str, str] | None) -> dict[str, str]:
    env = {**os.environ, **(demo.env if demo else {}), "POSTDEPLOY_REPORTS": str(reports)}
    env.pop("POSTDEPLOY_LOAD_ALLOWED_HOSTS", None)
    return {**env, **(extra or {})}


def run_load(
    host: str, reports: Path, *args: str, demo: RunningDemo | None = None, env: dict[str, str] | None = None,
    timeout: float = 90,
) -> LoadRun:  # fmt: skip
    cmd = [*LOCUST, "--headless", "--host", host, *args]
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(demo, reports, env), capture_output=True, text=True, timeout=timeout)
    return LoadRun(proc.returncode, proc.stdout, proc.stderr, reports)


def run_master_and_workers(demo: RunningDemo, reports: Path, *args: str, workers: int = 2) -> LoadRun:
    """A master and `workers` worker processes started separately, as on several machines."""
    port = free_port()
    env = _env(demo, reports, None)
    master_cmd = [*LOCUST, "--headless", "--host", demo.base_url, "--master", "--expect-workers", str(workers),
                  "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port), *args]  # fmt: skip
    worker_cmd = [*LOCUST, "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)]
    master = subprocess.Popen(master_cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children = [
        subprocess.Popen(worker_cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    try:
        stdout, stderr = master.communicate(timeout=90)
    finally:
        for child in (master, *children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return LoadRun(master.returncode, stdout, stderr, reports)
