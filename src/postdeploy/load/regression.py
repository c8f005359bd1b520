"""The load run's samples for the regression gate: every response time as Locust measured it (the
request event's float, not the stats histogram, which rounds to whole milliseconds below 100 ms and
makes nearly every loopback sample a tie), failures per endpoint, and the comparison at the end.

Workers send their samples to the master with each report; a reservoir keeps at most
MAX_PER_ENDPOINT per endpoint (uniformly over the run), so a soak run stays small on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from postdeploy.load.run_summary import RunSummary
from postdeploy.profile.load import LoadSettings
from postdeploy.regression.compare import MetricComparison
from postdeploy.regression.gate import GateOutcome, run_gate
from postdeploy.regression.plot import svg
from postdeploy.regression.render import row, scope_report
from postdeploy.regression.rules import GateRules, RulesError, load_rules
from postdeploy.regression.samples import Samples

if TYPE_CHECKING:
    from argparse import ArgumentParser

    from locust.env import Environment
    from locust.event import Events
    from locust.runners import Runner

MAX_PER_ENDPOINT = 5000
WORKER_KEY = "postdeploy_samples"
DEFAULT_RULES_FILE = "budgets/regression.toml"


class EndpointSamples(TypedDict):
    """One endpoint's samples as a worker reports them to the master."""

    times: list[float]
    requests: int
    failures: int


@dataclass
class Endpoint:
    times: list[float] = field(default_factory=list)  # successful requests' response times (ms)
    seen: int = 0  # successful requests offered to the reservoir
    requests: int = 0
    failures: int = 0

    def add_time(self, value: float, rng: random.Random) -> None:
        self.seen += 1
        if len(self.times) < MAX_PER_ENDPOINT:
            self.times.append(value)
            return
        slot = rng.randrange(self.seen)  # reservoir sampling: every request kept with equal chance
        if slot < MAX_PER_ENDPOINT:
            self.times[slot] = value


@dataclass
class SampleRecorder:
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    pending: dict[str, Endpoint] = field(default_factory=dict)  # a worker's samples not yet sent
    rng: random.Random = field(default_factory=lambda: random.Random(16))

    def record(self, scope: str, response_time: float, failed: bool, into: dict[str, Endpoint] | None = None) -> None:
        endpoint = (self.endpoints if into is None else into).setdefault(scope, Endpoint())
        endpoint.requests += 1
        if failed:
            endpoint.failures += 1
        else:
            endpoint.add_time(float(response_time), self.rng)

    def merge(self, data: Mapping[str, EndpointSamples]) -> None:
        """A worker's report: {scope: {"times": […], "requests": n, "failures": n}}."""
        for scope, part in data.items():
            endpoint = self.endpoints.setdefault(scope, Endpoint())
            endpoint.requests += int(part.get("requests", 0))
            endpoint.failures += int(part.get("failures", 0))
            for value in part.get("times", []):
                endpoint.add_time(float(value), self.rng)

    def drain(self) -> dict[str, EndpointSamples]:
        sent: dict[str, EndpointSamples] = {scope: {"times": e.times, "requests": e.requests, "failures": e.failures}
                for scope, e in self.pending.items()}  # fmt: skip
        self.pending = {}
        return sent


RECORDER = SampleRecorder()
IS_WORKER = False


def on_request(
    request_type: str, name: str, response_time: float, exception: BaseException | None = None, **_: object
) -> None:
    scope = f"{request_type} {name}"
    RECORDER.record(scope, response_time, exception is not None, RECORDER.pending if IS_WORKER else None)


def add_options(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--baseline",
        default=os.environ.get("POSTDEPLOY_BASELINE") or None,
        metavar="DIR",
        help="compare this run's response times and errors with the last deploy's, stored in DIR (then this "
        "run is stored there); default: $POSTDEPLOY_BASELINE",
    )


def on_init(environment: Environment, runner: Runner | None = None, **_: object) -> None:
    global IS_WORKER
    from locust.runners import WorkerRunner

    IS_WORKER = isinstance(runner, WorkerRunner)


def check_rules(settings: LoadSettings, baseline: str | None) -> None:
    """Before any load: a broken regression budgets file refuses the run (RulesError, one line)."""
    if baseline and settings.regression != "off":
        gate_rules(settings.regression_file)


def on_report_to_master(client_id: str, data: dict[str, object], **_: object) -> None:
    data[WORKER_KEY] = RECORDER.drain()


def on_worker_report(client_id: str, data: dict[str, object], **_: object) -> None:
    samples = data.get(WORKER_KEY)
    if isinstance(samples, dict):  # what on_report_to_master put there, on the worker
        RECORDER.merge(samples)


def install(events: Events) -> None:
    events.init_command_line_parser.add_listener(add_options)
    events.init.add_listener(on_init)
    events.request.add_listener(on_request)
    events.report_to_master.add_listener(on_report_to_master)
    events.worker_report.add_listener(on_worker_report)


def load_samples(session: RunSummary, recorder: SampleRecorder = RECORDER) -> Samples:
    samples = Samples(
        layer="load",
        target=session.target,
        environment=session.environment,
        version=session.version,
        settings={"shape": session.shape_name},
        info={"stages": [asdict(report) for report in session.recorder.reports]},
    )
    for name, endpoint in sorted(recorder.endpoints.items()):
        scope = samples.scope(name)
        scope.metrics["latency"] = [round(t, 3) for t in endpoint.times]
        scope.requests, scope.failures = endpoint.requests, endpoint.failures
    return samples


def gate_rules(file: str) -> GateRules:
    path = Path(file)
    if file == DEFAULT_RULES_FILE and not path.is_file():
        return GateRules()
    return load_rules(path)


def finish(session: RunSummary, reports: Path, usable: bool = True) -> GateOutcome | None:
    """Store this run's samples and, with --baseline, compare them with the last deploy's (not when the
    run was aborted or the generator saturated: such a run is neither judged nor kept as a baseline)."""
    settings = session.settings
    baseline = session.baseline if usable else None
    try:
        rules = gate_rules(settings.regression_file)
    except RulesError:
        rules, baseline = GateRules(), None  # refused at start already; only the samples are kept
    return run_gate(load_samples(session), baseline, rules, settings.regression, reports)


def outcome_lines(outcome: GateOutcome) -> list[str]:
    """What the terminal shows at the end of the run: the headline, each regressed endpoint, the notes."""
    lines = [f"postdeploy load: since last deploy: {outcome.headline()}"]
    if outcome.comparison is not None:
        for result in outcome.comparison.regressions:
            lines.append(f"  {result.subject('load')}: {row_text(result)}")
        lines += [f"  {line}" for line in stage_lines(outcome.comparison.base, outcome.comparison.current)]
    lines += [f"  note: {note}" for note in outcome.notes]
    return lines


def stage_lines(base: Samples, current: Samples) -> list[str]:
    """Throughput and errors per stage, before and after: context, not judged (one figure per run)."""
    before, now = base.info.get("stages") or [], current.info.get("stages") or []
    lines = []
    for index, (was, is_) in enumerate(zip(before, now, strict=False)):
        lines.append(
            f"stage {index + 1} ({is_.get('users')} users): {was.get('rps', 0):.1f} → {is_.get('rps', 0):.1f} req/s, "
            f"{was.get('failures', 0)} → {is_.get('failures', 0)} failed requests"
        )
    return lines


def row_text(result: MetricComparison) -> str:
    cells = row(result)
    return f"{cells[1]} → {cells[2]}, change {cells[3]}, interval {cells[4] or '–'}, p {cells[5] or '–'}"


def write_allure(outcome: GateOutcome, shape: str, start_ms: int, stop_ms: int, results_dir: Path) -> Path:
    """The comparison as one Allure result beside the SLA gate's: a table per endpoint and one plot."""
    results_dir.mkdir(parents=True, exist_ok=True)
    full_name = f"load.since_last_deploy[{shape}]"
    history_id = hashlib.md5(full_name.encode()).hexdigest()
    comparison = outcome.comparison
    attachments = []
    if comparison is not None:
        scopes = dict.fromkeys(r.scope for r in comparison.results)
        report = "\n".join(scope_report(comparison, scope) for scope in scopes)
        report += "\n" + "\n".join(stage_lines(comparison.base, comparison.current)) + "\n"
        plot = svg([r for r in comparison.results if r.metric.key == "latency"], f"{shape} shape: latency per endpoint",
                   label_by_scope=True)  # fmt: skip
        for name, content, mime, extension in (("before and after", report, "text/plain", "txt"),
                                               ("latency distributions", plot, "image/svg+xml", "svg")):  # fmt: skip
            source = f"{uuid.uuid4()}-attachment.{extension}"
            (results_dir / source).write_text(content, encoding="utf-8")
            attachments.append({"name": name, "source": source, "type": mime})
    status = "failed" if outcome.failed else "passed"
    warned = " (regressed, warn)" if outcome.warned else ""
    labels = [("parentSuite", "load"), ("suite", "since last deploy"), ("epic", "load"),
              ("feature", "since last deploy"), ("story", f"{shape} shape"), ("severity", "normal"),
              ("tag", "load"), ("framework", "locust"), ("language", "python")]  # fmt: skip
    if outcome.warned:
        labels.append(("tag", "regression"))
    body = {
        "uuid": str(uuid.uuid4()),
        "historyId": history_id,
        "testCaseId": history_id,
        "fullName": full_name,
        "name": f"{'⚠ ' if warned else ''}{shape} shape since last deploy{warned}",
        "status": status,
        "statusDetails": {"message": "\n".join(outcome_lines(outcome))},
        "description": outcome.headline(),
        "stage": "finished",
        "start": start_ms,
        "stop": stop_ms,
        "labels": [{"name": name, "value": value} for name, value in labels],
        "parameters": [{"name": "shape", "value": shape}],
        "attachments": attachments,
    }
    path = results_dir / f"{body['uuid']}-result.json"
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path
