"""The load run's Allure result: status, one step per verdict, attachments on disk."""

from __future__ import annotations

import json
from pathlib import Path

from postdeploy.load.allure import Attachment, LoadResult, write_result
from postdeploy.load.sla import SlaVerdict

OK = SlaVerdict("p95_ms", "overall", 100, 50, True)
BAD = SlaVerdict("error_ratio", "overall", 0.01, 0.2, False)


def test_failed_result_carries_broken_slas_and_attachments(tmp_path: Path) -> None:
    result = LoadResult("smoke", "http://127.0.0.1:1", 1000, 2000, [OK, BAD], stage_lines=["stage 1: ..."],
                        attachments=[Attachment("load summary", b"{}", "application/json", "json")])  # fmt: skip
    path = write_result(result, tmp_path)
    body = json.loads(path.read_text())
    assert path.name.endswith("-result.json")
    assert body["status"] == "failed" and "SLA broken: error ratio" in body["statusDetails"]["message"]
    assert [s["status"] for s in body["steps"]] == ["passed", "passed", "failed"]
    assert {"name": "parentSuite", "value": "load"} in body["labels"]
    (attachment,) = body["attachments"]
    assert (tmp_path / attachment["source"]).read_bytes() == b"{}"


def test_untrustworthy_figures_are_broken_not_failed(tmp_path: Path) -> None:
    result = LoadResult("smoke", "h", 0, 1, [OK], problems=["load generator saturated"])
    assert json.loads(write_result(result, tmp_path).read_text())["status"] == "broken"
    assert json.loads(write_result(LoadResult("smoke", "h", 0, 1, [OK]), tmp_path).read_text())["status"] == "passed"
