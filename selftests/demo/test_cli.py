"""`postdeploy demo`: the catalogue listing, and bad input as one line with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from postdeploy.demo.cli import main
from postdeploy.demo.faults import catalogue


def test_faults_json_lists_the_whole_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in listed] == list(catalogue())
    assert {"name", "layer", "breaks", "check", "tls", "also"} <= set(listed[0])


def test_faults_text_names_each_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults"]) == 0
    out = capsys.readouterr().out
    assert all(fault.name in out and fault.check in out for fault in catalogue().values())


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["serve", "--fault", "no-such-fault"], "unknown fault 'no-such-fault'"),
        (["serve", "--fault", "tls-expired"], "needs --https"),
        (["serve", "--port", "70000"], "out of range"),
        (["serve", "--port", "9000", "--checkout-port", "9000"], "must differ"),
    ],
)
def test_bad_serve_arguments(argv: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_unparseable_arguments_are_one_line() -> None:
    cmd = [sys.executable, "-m", "postdeploy", "demo", "serve", "--port", "abc"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "invalid int value" in proc.stderr
    assert "Traceback" not in proc.stderr
