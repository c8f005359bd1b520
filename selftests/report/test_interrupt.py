"""An interrupted main job leaves nothing behind: Ctrl-C in the middle of a Lighthouse run stops it
with exit 130, no process it started lives on (Lighthouse and its Chromium run in a session of
their own), and the last complete report is still there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tagged(tag: str) -> list[str]:
    """Command lines of the live processes whose environment carries the tag (every descendant of
    the run inherits it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if tag.encode() in (proc / "environ").read_bytes():
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120])
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


def test_ctrl_c_during_lighthouse_stops_everything_and_keeps_the_last_report(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "allure-report").mkdir(parents=True)
    (reports / "allure-report" / "index.html").write_text("the last complete report")
    tag = f"postdeploy-interrupt-{uuid.uuid4().hex}"
    env = {**os.environ, "POSTDEPLOY_RUN_TAG": tag, "POSTDEPLOY__PERF__RUNS": "3"}
    run = subprocess.Popen(
        [sys.executable, "-m", "postdeploy", "run", "--layers", "perf", "--http", "--no-supabase",
         "--reports", str(reports)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while not any("lighthouse" in line for line in tagged(tag)):
            assert run.poll() is None, f"the run ended before Lighthouse started: {run.communicate()[0][-2000:]}"
            assert time.monotonic() < deadline, "Lighthouse never started"
            time.sleep(0.2)
        time.sleep(1.0)  # well inside the run: Chromium is up
        started = time.monotonic()
        os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends: the whole foreground group
        output, _ = run.communicate(timeout=30)
        stopped_in = time.monotonic() - started
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 130, output[-2000:]
    assert stopped_in < 15, f"took {stopped_in:.1f} s to stop"
    # Looked at once the run has exited: an orphaned Lighthouse would soon fail on its own (the demo
    # is gone), so only an immediate look tells a clean stop from luck. A moment for the kernel.
    time.sleep(0.3)
    left = tagged(tag)
    assert not left, "processes left behind:\n" + "\n".join(left)
    assert (reports / "allure-report" / "index.html").read_text() == "the last complete report"
    assert not (reports / ".run").exists()
