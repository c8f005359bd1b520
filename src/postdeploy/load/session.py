"""One load run under Locust: our options, guard rails, arrival pacing, the stage and early-abort
monitor, and the SLA gate that sets the exit code. `load/locustfile.py` wires it in; the profile's
journeys become Locust users in `users.py`."""

from __future__ import annotations

import logging
import os
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gevent

from postdeploy.access import ProtectedTarget, TargetAccess, access_for
from postdeploy.load import regression
from postdeploy.load.arrival import ArrivalReport, ArrivalSchedule
from postdeploy.load.config import LoadConfig, LoadConfigError, Shape, load_config
from postdeploy.load.guard import Refused, check_guard_rails
from postdeploy.load.locust_stats import run_stats, snapshot
from postdeploy.load.report import finish_run
from postdeploy.load.run_summary import RunSummary
from postdeploy.load.sla import SlaVerdict, abort_breaches
from postdeploy.load.stages import StageRecorder
from postdeploy.profile import ProfileError, TargetProfile, load_profile, merged_environment
from postdeploy.regression.rules import RulesError

EXIT_USAGE = 2
RATE_MESSAGE = "postdeploy_arrival_rate"
ARRIVAL_KEY = "postdeploy_arrival"
MONITOR_INTERVAL_S = 0.5


def add_options(parser: Any) -> None:
    """Our command-line options, added through Locust's init_command_line_parser event."""
    group = parser.add_argument_group("postdeploy", "postdeploy load profiles, SLA gate and guard rails")
    group.add_argument(
        "--shape",
        default=os.environ.get("POSTDEPLOY_LOAD_SHAPE", "smoke"),
        help="load shape from the SLA file: smoke, ramp, spike, soak, stress, breakpoint (default: smoke)",
    )
    group.add_argument(
        "--target",
        default=os.environ.get("POSTDEPLOY_TARGET"),
        help="target profile TOML (allowlist, bounds, journeys); default: the built-in generic profile",
    )
    group.add_argument("--sla-file", default=None, help="shapes and SLAs (default: the profile's [load].sla_file)")
    group.add_argument(
        "--arrival-rate",
        type=float,
        default=None,
        help="open model: target iterations/s across all users; late slots are reported as dropped",
    )
    group.add_argument("--allow-production", action="store_true", help="allow a load run on a production target")
    group.add_argument(
        "--allow-destructive",
        action="store_true",
        help="include the journeys that write data (writes = true) on a production target",
    )
    group.add_argument(
        "--reports-dir",
        default=os.environ.get("POSTDEPLOY_REPORTS", "reports"),
        help="reports folder: load/ (HTML, CSV, summary) and allure-results/ go under it (default: reports)",
    )


@dataclass
class LoadSession:
    options: Any
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


SESSION: LoadSession | None = None


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


def paced(closed_wait: Callable[[Any], float]) -> Callable[[Any], float]:
    """A user's wait_time: the closed model's think time, or the next arrival slot in open model."""

    def wait_time(user: Any) -> float:
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


def on_init(environment: Any, runner: Any = None, **_: Any) -> None:
    global SESSION
    from locust.runners import WorkerRunner

    options = environment.parsed_options
    is_worker = isinstance(runner, WorkerRunner)
    # Locust logs at INFO, where httpx writes a line per request (our preflight): noise in the run log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Forked --processes children would repeat every message the master prints.
    quiet = is_worker and bool(getattr(options, "processes", None))
    env = merged_environment()
    try:
        profile = load_profile(options.target, env)
        config = load_config(options.sla_file or profile.load.sla_file).with_target_sla(profile.load.sla)
        if is_worker and options.shape not in config.shapes:
            shape = next(iter(config.shapes.values()))  # the master picks the shape; workers only run users
        else:
            shape = config.shape(options.shape)
        if options.arrival_rate is not None and options.arrival_rate <= 0:
            raise LoadConfigError("--arrival-rate must be positive")
        access = access_for(profile, env, environment.host or "")
        if not is_worker:
            unknown = config.unknown_endpoints(profile.load.request_names())
            if unknown:
                names = ", ".join(sorted(name for _, name in profile.load.request_names()))
                raise LoadConfigError(
                    f"SLA endpoint {unknown[0]!r} is no request of the profile's journeys (theirs: {names})"
                )
            check_guard_rails(environment.host, profile, options.shape, shape, env, options.allow_production)
            access.preflight()  # a wall that refuses us stops the run before any load
            regression.check_rules(profile.load, getattr(options, "baseline", None))
    except (ProfileError, LoadConfigError, ProtectedTarget, RulesError) as exc:
        refuse(str(exc), quiet)
        return
    except Refused as exc:
        refuse(f"refused: {exc}", quiet)
        return
    except OSError as exc:  # an unreadable CA bundle
        refuse(f"{profile.tls.ca_bundle_env}: cannot use {access.ca_bundle} as a CA bundle ({exc})", quiet)
        return
    rate = options.arrival_rate if options.arrival_rate is not None else shape.arrival_rate
    SESSION = LoadSession(
        options,
        profile,
        config,
        options.shape,
        shape,
        rate,
        is_controller=not is_worker,
        access=access,
        env=env,
        quiet=quiet,
    )
    if runner is not None:
        # Workers learn the open model from the master, whatever their own command line said.
        runner.register_message(RATE_MESSAGE, _on_rate_message)


def _on_rate_message(msg: Any, **_: Any) -> None:
    if SESSION is not None:
        SESSION.process_rate = float(msg.data["rate"])
        if not SESSION.is_controller:
            SESSION.rate = float(msg.data["rate"])


def on_test_start(environment: Any, **_: Any) -> None:
    session = SESSION
    runner = environment.runner
    if session is None or not session.is_controller or session.started_at is not None:
        return
    session.started_at = time.monotonic()
    session.started_wall = time.time()
    if session.rate is not None:
        share = session.rate / max(1, getattr(runner, "worker_count", 1))
        runner.send_message(RATE_MESSAGE, {"rate": share})
    gevent.spawn(_monitor, environment, session)


def on_report_to_master(client_id: str, data: dict[str, Any], **_: Any) -> None:
    if SESSION is not None and SESSION.schedule is not None:
        data[ARRIVAL_KEY] = asdict(SESSION.schedule.report(time.monotonic()))


def on_worker_report(client_id: str, data: dict[str, Any], **_: Any) -> None:
    if SESSION is not None and ARRIVAL_KEY in data:
        SESSION.worker_arrivals[client_id] = ArrivalReport(**data[ARRIVAL_KEY])


def _monitor(environment: Any, session: LoadSession) -> None:
    """Per-stage snapshots and early abort; a greenlet, because the shape's tick blocks while spawning."""
    from locust.runners import STATE_CLEANUP, STATE_STOPPED, STATE_STOPPING

    runner = environment.runner
    abort_metrics = session.config.abort_metrics(session.shape)
    session.recorder.observe(0, snapshot(runner.stats, 0.0))  # open stage 1 now, not at the first tick
    while runner.state not in (STATE_STOPPING, STATE_STOPPED, STATE_CLEANUP):
        gevent.sleep(MONITOR_INTERVAL_S)
        shape = environment.shape_class
        elapsed = shape.get_run_time() if shape is not None else time.monotonic() - (session.started_at or 0)
        closed = session.recorder.observe(session.shape.stage_at(elapsed), snapshot(runner.stats, elapsed))
        if closed is not None:
            say(closed.line())
        if not abort_metrics:
            continue
        arrival = session.arrival_report()
        stats = run_stats(runner.stats, elapsed, arrival.dropped_ratio if arrival else None)
        breaches = abort_breaches(stats, session.config.sla, abort_metrics, elapsed)
        if breaches:
            session.aborted = breaches
            for verdict in breaches:
                say(f"aborting early at {elapsed:.0f} s: {verdict.line()}")
            if environment.parsed_options.headless:
                runner.quit()
            else:
                runner.stop()
            return


def on_quitting(environment: Any, **_: Any) -> None:
    session = SESSION
    if session is None:
        return
    if not session.is_controller:
        environment.process_exit_code = 0  # workers report; the master judges
        return
    code, lines = finish_run(environment, session.summary())
    environment.process_exit_code = code
    session.final_lines = lines


def on_quit(exit_code: int, **_: Any) -> None:
    if SESSION is not None:
        for line in SESSION.final_lines:
            print(line, flush=True)


def install(events: Any) -> None:
    events.init_command_line_parser.add_listener(add_options)
    events.init.add_listener(on_init)
    events.test_start.add_listener(on_test_start)
    events.report_to_master.add_listener(on_report_to_master)
    events.worker_report.add_listener(on_worker_report)
    events.quitting.add_listener(on_quitting)
    events.quit.add_listener(on_quit)
    regression.install(events)  # raw response times for the deploy-over-deploy gate (--baseline)
