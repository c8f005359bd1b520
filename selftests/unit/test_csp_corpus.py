"""The corpus of real policies (origin documents among them): expected failing findings, no crash, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from postdeploy.csp import analyze, parse_header_values
from postdeploy.csp.cli import main as csp_main
from postdeploy.findings import Severity

CORPUS = Path(__file__).resolve().parents[1] / "data" / "csp" / "corpus.jsonl"
ENTRIES: list[dict[str, Any]] = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("entry", [e for e in ENTRIES if "expect" in e], ids=lambda e: e["name"])
def test_expected_failing_findings(entry: dict[str, Any]) -> None:
    found = analyze(parse_header_values([entry["policy"]], entry.get("delivery", "header")))
    assert sorted({f.id for f in found if f.severity >= Severity.MEDIUM}) == sorted(entry["expect"])


def test_whole_corpus_analyzes_without_error() -> None:
    assert len(ENTRIES) >= 90
    for entry in ENTRIES:
        for finding in analyze(parse_header_values([entry["policy"]])):
            assert finding.id.startswith("csp.") and finding.message


def test_origin_documents_vercel_wildcard_is_a_high_bypass() -> None:
    origin = next(e for e in ENTRIES if e["name"] == "origin-000-next-config")
    found = analyze(parse_header_values([origin["policy"]]))
    bypass = [f for f in found if f.id == "csp.user-content-host"]
    assert [(f.evidence["value"], f.severity) for f in bypass] == [("*.vercel.app", Severity.HIGH)]


def test_cli_prints_findings_and_exits_1_on_weakness(capsys: pytest.CaptureFixture[str]) -> None:
    assert csp_main(["script-src 'self' 'unsafe-eval'; object-src 'none'"]) == 1
    assert "csp.unsafe-eval" in capsys.readouterr().out


def test_cli_json_and_exit_0_when_strong(capsys: pytest.CaptureFixture[str]) -> None:
    assert csp_main(["default-src 'none'; script-src 'nonce-rAnd0m123'; base-uri 'none'", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(f["severity"] in ("info", "low") for f in data)


def test_cli_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert csp_main(["   "]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "empty" in err
    assert csp_main(["--no-such-flag", "x"]) == 2
