"""The load run as an Allure result: written in Allure's JSON result format next to the pytest layers'
results, so `postdeploy report` shows the run's summary, stages and SLA verdicts in the same report."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from postdeploy.load.sla import SlaVerdict


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    mime: str
    extension: str


@dataclass
class LoadResult:
    shape: str
    host: str
    start_ms: int
    stop_ms: int
    verdicts: list[SlaVerdict]
    problems: list[str] = field(default_factory=list)  # non-SLA failures: saturation, abort, no requests
    stage_lines: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems and not any(not v.passed for v in self.verdicts):
            return "broken"  # the figures are not trustworthy, which is not the target's fault
        return "failed" if self.problems or any(not v.passed for v in self.verdicts) else "passed"

    @property
    def message(self) -> str:
        lines = [v.line() for v in self.verdicts if not v.passed] + self.problems
        return "\n".join(lines) if lines else f"every SLA held under the {self.shape} shape"


def _step(name: str, status: str, start: int, stop: int) -> dict[str, object]:
    return {"name": name, "status": status, "stage": "finished", "start": start, "stop": stop}


def write_result(result: LoadResult, results_dir: str | Path) -> Path:
    """Write `<uuid>-result.json` plus its attachments; returns the result file's path."""
    directory = Path(results_dir)
    directory.mkdir(parents=True, exist_ok=True)
    full_name = f"load.sla_gate[{result.shape}]"
    history_id = hashlib.md5(full_name.encode()).hexdigest()
    attachments = []
    for item in result.attachments:
        source = f"{uuid.uuid4()}-attachment.{item.extension}"
        (directory / source).write_bytes(item.content)
        attachments.append({"name": item.name, "source": source, "type": item.mime})
    start, stop = result.start_ms, result.stop_ms
    steps = [_step(line, "passed", start, stop) for line in result.stage_lines]
    steps += [_step(v.line(), "passed" if v.passed else "failed", stop, stop) for v in result.verdicts]
    steps += [_step(problem, "broken", stop, stop) for problem in result.problems]
    body = {
        "uuid": str(uuid.uuid4()),
        "historyId": history_id,
        "testCaseId": history_id,
        "fullName": full_name,
        "name": f"SLA gate: {result.shape} shape",
        "status": result.status,
        "statusDetails": {"message": result.message},
        "stage": "finished",
        "start": start,
        "stop": stop,
        "labels": [
            {"name": "parentSuite", "value": "load"},
            {"name": "suite", "value": "SLA gate"},
            # The report groups by epic/feature/story (layer/area/check), like the pytest layers.
            {"name": "epic", "value": "load"},
            {"name": "feature", "value": "SLA gate"},
            {"name": "story", "value": f"{result.shape} shape"},
            {"name": "severity", "value": "critical"},
            {"name": "tag", "value": "load"},
            {"name": "framework", "value": "locust"},
            {"name": "language", "value": "python"},
        ],
        "parameters": [{"name": "shape", "value": result.shape}, {"name": "host", "value": result.host}],
        "steps": steps,
        "attachments": attachments,
    }
    path = directory / f"{body['uuid']}-result.json"
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path
