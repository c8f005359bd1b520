"""The state of one load run in this Locust process: the session the init hook builds (profile,
shape, access, arrival pacing, stage recorder), and what users and hooks read from it."""

from __future__ import annotations

import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from postdeploy.access import TargetAccess
from postdeploy.load.arrival import ArrivalReport, ArrivalSchedule
from postdeploy.load.config import LoadConfig, Shape
from postdeploy.load.run_summary import RunSummary
from postdeploy.load.sla import SlaVerdict
from postdeploy.load.stages import StageRecorder
from postdeploy.profile import TargetProfile

if TYPE_CHECKING:
    from argparse import Namespace

    from locust import User

EXIT_USAGE = 2


@dataclass
class LoadSession:
    options: Namespace  # Locust's parsed command line, with ours (options.py, regression.py)
    profile: TargetProfile
    config: LoadConfig
    shape_name: str
    shape: Shape
    rate: float | None
    is_controller: bool  # master or local runner: the one that judges
    access: TargetAccess
    env: dict[str, str] = field(default_factory=dict)  # process env over .env: sign-in credentials
    recorder: StageRecorder = field(init=False)
    process_rate: float | None = None  # this process's share of the arrival rate
    schedule: ArrivalSchedule | None = None
    started_at: float | None = None
    started_wall: float = 0.0
    aborted: list[SlaVerdict] = field(default_factory=list)
    worker_arrivals: dict[str, ArrivalReport] = field(default_factory=dict)
    final_lines: list[str] = field(default_factory=list)
    quiet: bool = False  # a --processes child: the parent says everything once

    def __post_init__(self) -> None:
        self.recorder = StageRecorder([stage.users for stage in self.shape.stages])

    def arrival_report(self) -> ArrivalReport | None:
        if self.rate is None:
            return None
        if self.schedule is not None:
            return self.schedule.report(time.monotonic())
        reports = list(self.worker_arrivals.values())
        if not reports:
            return ArrivalReport(self.rate, 0.0, 0, 0, 0.0)
        merged = reports[0]
        for other in reports[1:]:
            merged = merged.merged(other)
        return merged

    def summary(self) -> RunSummary:
        """The run as the report and the regression gate see it, at the end."""
        return RunSummary(
            shape_name=self.shape_name,
            shape=self.shape,
            sla=self.config.sla,
            recorder=self.recorder,
            reports_dir=Path(self.options.reports_dir),
            started_at=self.started_at,
            started_wall=self.started_wall,
            arrival=self.arrival_report(),
            aborted=list(self.aborted),
            target=self.profile.name,
            environment=self.profile.environment,
            version=self.profile.expected_version(self.env),
            settings=self.profile.load,
            baseline=getattr(self.options, "baseline", None),
        )


SESSION: LoadSession | None = None  # set by postdeploy.load.session.on_init


def current() -> LoadSession | None:
    return SESSION


def tls_context() -> ssl.SSLContext:
    """Verified TLS for the load users, as a browser would verify it: the target's trust from
    postdeploy.access (default roots, or the profile's CA bundle: a private CA, the HTTPS demo).

    Locust's FastHttpUser skips verification by default; a load run that accepts any certificate
    would hide a broken chain that every real visitor sees. Locust has monkey-patched `ssl` with
    gevent's by the time a user connects, so this context is gevent's.
    """
    session = current()
    return session.access.verify if session else ssl.create_default_context()


def say(line: str) -> None:
    print(f"postdeploy load: {line}", file=sys.stderr, flush=True)


def refuse(message: str, quiet: bool = False) -> None:
    if not quiet:
        say(message)
    sys.exit(EXIT_USAGE)  # SystemExit passes through Locust's event hooks: the run never starts


def paced(closed_wait: Callable[[User], float]) -> Callable[[User], float]:
    """A user's wait_time: the closed model's think time, or the next arrival slot in open model."""

    def wait_time(user: User) -> float:
        session = SESSION
        if session is None or session.rate is None:
            return closed_wait(user)
        now = time.monotonic()
        if session.schedule is None:
            if session.process_rate is None:
                return 0.05  # a worker waiting for its share of the rate from the master
            # The schedule starts with this process's first user, so spawning is not counted as dropped.
            session.schedule = ArrivalSchedule(session.process_rate, now)
        return session.schedule.claim(now)

    return wait_time
