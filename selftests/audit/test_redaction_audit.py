"""The secret-redaction audit: the main job (every layer against the demo) runs with planted secrets,
then everything it wrote under reports/ is scanned for them — zero hits.

This is also the main job's own end-to-end test: on the healthy demo it must pass and leave a report.
It runs behind the demo's protection wall (`--protect`), which makes it the recording server of the
one-way-to-the-target rule too: the main job fails when the wall refused any request of the suite
(a client without the [access] headers) or the bypass secret reached the checkout origin.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SESSION_COOKIE = re.compile(rb"sm_session=(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}")


def planted() -> dict[str, str]:
    token = secrets.token_hex(8)
    return {
        "DEMO_TEST_PASSWORD": f"Planted-Pw-{token}",  # the demo's test account and the suite's login
        "DEMO_STRIPE_WEBHOOK_SECRET": f"whsec_planted{token}",  # the demo signs and the suite forges with it
        "STRIPE_SECRET_KEY": "sk_" + f"test_planted{token}",
        "POSTDEPLOY_AUTH_HEADER": f"Bearer planted-token-{token}",  # sent with every request to the target
        "VERCEL_AUTOMATION_BYPASS_SECRET": f"planted-bypass-{token}",  # the wall's secret ([access])
    }


def blobs(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file's bytes, and every member of zip files (Playwright traces, HAR archives)."""
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path.relative_to(folder)), data
        if data[:2] == b"PK":
            try:
                with zipfile.ZipFile(path) as archive:
                    for member in archive.namelist():
                        yield f"{path.relative_to(folder)}!{member}", archive.read(member)
            except zipfile.BadZipFile:
                pass


def test_no_planted_secret_reaches_the_reports(tmp_path: Path) -> None:
    plants = planted()
    reports = tmp_path / "reports"
    env = {**os.environ, **plants, "POSTDEPLOY__PERF__RUNS": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "postdeploy", "run", "--protect", "--reports", str(reports)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"main job failed on the healthy demo:\n{output[-5000:]}"
    assert (reports / "allure-report" / "index.html").is_file()
    assert (reports / "summary.md").is_file()

    needles = [value.encode() for value in plants.values()]
    # The password as the browser types it may also be URL-encoded in a form post.
    needles.append(plants["DEMO_TEST_PASSWORD"].replace("-", "%2D").encode())
    hits: list[str] = []
    scanned = 0
    for name, data in blobs(reports):
        scanned += 1
        hits += [f"{name}: {needle.decode()[:24]}…" for needle in needles if needle in data]
        if SESSION_COOKIE.search(data):
            hits.append(f"{name}: a session cookie value")
    for needle in needles:
        if needle.decode() in output:
            hits.append(f"console output: {needle.decode()[:24]}…")
    assert scanned > 20, f"only {scanned} files under reports/: did the layers run?"
    assert not hits, "secrets found in reports:\n" + "\n".join(hits)
