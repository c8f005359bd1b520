"""The Locust event hooks of one load run: guard rails and the wall before any load, arrival pacing
across workers, the stage and early-abort monitor, and the SLA gate that sets the exit code (options in
`options.py`, the run's state in `state.py`). `load/locustfile.py` wires it in; the profile's
journeys become Locust users in `users.py`."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import TYPE_CHECKING, cast

import gevent

from postdeploy.access import ProtectedTarget, access_for
from postdeploy.load import regression, state
from postdeploy.load.arrival import ArrivalPayload, ArrivalReport
from postdeploy.load.config import LoadConfigError, load_config
from postdeploy.load.guard import Refused, check_guard_rails
from postdeploy.load.locust_stats import run_stats, snapshot
from postdeploy.load.options import add_options
from postdeploy.load.report import finish_run
from postdeploy.load.sla import abort_breaches
from postdeploy.load.state import LoadSession, refuse, say
from postdeploy.profile import ProfileError, load_profile, merged_environment
from postdeploy.regression.rules import RulesError

if TYPE_CHECKING:
    from locust.env import Environment
    from locust.event import Events
    from locust.rpc.protocol import Message
    from locust.runners import Runner

RATE_MESSAGE = "postdeploy_arrival_rate"
ARRIVAL_KEY = "postdeploy_arrival"
MONITOR_INTERVAL_S = 0.5


def on_init(environment: Environment, runner: Runner | None = None, **_: object) -> None:
    from locust.runners import WorkerRunner

    options = environment.parsed_options
    assert options is not None, "Locust's command line always parses options"
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
    state.SESSION = LoadSession(
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


def _on_rate_message(msg: Message, **_: object) -> None:
    if state.SESSION is not None:
        state.SESSION.process_rate = float(msg.data["rate"])
        if not state.SESSION.is_controller:
            state.SESSION.rate = float(msg.data["rate"])


def on_test_start(environment: Environment, **_: object) -> None:
    from locust.runners import MasterRunner

    session = state.SESSION
    runner = environment.runner
    if session is None or not session.is_controller or session.started_at is not None:
        return
    assert runner is not None, "Locust starts a test through its runner"
    session.started_at = time.monotonic()
    session.started_wall = time.time()
    if session.rate is not None:
        workers = runner.worker_count if isinstance(runner, MasterRunner) else 1  # a local runner is its own worker
        share = session.rate / max(1, workers)
        runner.send_message(RATE_MESSAGE, {"rate": share})
    gevent.spawn(_monitor, environment, session)


def on_report_to_master(client_id: str, data: dict[str, object], **_: object) -> None:
    if state.SESSION is not None and state.SESSION.schedule is not None:
        data[ARRIVAL_KEY] = asdict(state.SESSION.schedule.report(time.monotonic()))


def on_worker_report(client_id: str, data: dict[str, object], **_: object) -> None:
    if state.SESSION is not None and ARRIVAL_KEY in data:
        # What on_report_to_master put there, on the worker (msgpack keeps a dict of numbers as it is).
        state.SESSION.worker_arrivals[client_id] = ArrivalReport(**cast("ArrivalPayload", data[ARRIVAL_KEY]))


def _monitor(environment: Environment, session: LoadSession) -> None:
    """Per-stage snapshots and early abort; a greenlet, because the shape's tick blocks while spawning."""
    from locust.runners import STATE_CLEANUP, STATE_STOPPED, STATE_STOPPING

    runner = environment.runner
    assert runner is not None, "spawned by on_test_start, which has a runner"
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
            if session.options.headless:  # the parsed options on_init kept
                runner.quit()
            else:
                runner.stop()
            return


def on_quitting(environment: Environment, **_: object) -> None:
    session = state.SESSION
    if session is None:
        return
    if not session.is_controller:
        environment.process_exit_code = 0  # workers report; the master judges
        return
    code, lines = finish_run(environment, session.summary())
    environment.process_exit_code = code
    session.final_lines = lines


def on_quit(exit_code: int, **_: object) -> None:
    if state.SESSION is not None:
        for line in state.SESSION.final_lines:
            print(line, flush=True)


def install(events: Events) -> None:
    events.init_command_line_parser.add_listener(add_options)
    events.init.add_listener(on_init)
    events.test_start.add_listener(on_test_start)
    events.report_to_master.add_listener(on_report_to_master)
    events.worker_report.add_listener(on_worker_report)
    events.quitting.add_listener(on_quitting)
    events.quit.add_listener(on_quit)
    regression.install(events)  # raw response times for the deploy-over-deploy gate (--baseline)
