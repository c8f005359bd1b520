"""Session clients with the prefetch installed (postdeploy.prefetch): the plan comes from the
selected tests (after `-k`/`-m` deselection), and one line of counts closes the run."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import httpx
import pytest

from postdeploy.access import TargetAccess
from postdeploy.prefetch import PlannedFetch, PrefetchStats, ReplayTransport, prefetch
from postdeploy.profile import TargetProfile

__all__ = ["HTTP_PLANNERS_KEY", "Planner", "prefetching_client", "write_summary"]

# The selected tests, the profile and the base URL → the GETs those tests will make on the client.
Planner = Callable[[Sequence[pytest.Item], TargetProfile, str], list[PlannedFetch]]
# Planners for the shared `http` client, added by the layer plugins that know its requests (security).
HTTP_PLANNERS_KEY = pytest.StashKey[list[Planner]]()
_STATS_KEY = pytest.StashKey[list[tuple[str, PrefetchStats]]]()


@contextmanager
def prefetching_client(
    request: pytest.FixtureRequest,
    access: TargetAccess,
    profile: TargetProfile,
    name: str,
    planner: Planner | None,
    verify_certificate: bool = True,
) -> Iterator[httpx.Client]:
    """`access.client(verify_certificate=…)`, with the planned GETs prefetched into it before it is
    handed out ([access] prefetch_concurrency; 0 or no planner: a plain client)."""
    concurrency = profile.access.prefetch_concurrency
    # An xdist worker collects every test but runs a share of them: its plan would fetch them all.
    if planner is None or hasattr(request.config, "workerinput"):
        concurrency = 0
    replay: list[ReplayTransport] = []

    def wrap(inner: httpx.BaseTransport) -> httpx.BaseTransport:
        replay.append(ReplayTransport(inner))
        return replay[0]

    with access.client(verify_certificate=verify_certificate, wrap_transport=wrap if concurrency else None) as client:
        plan = planner(request.session.items, profile, access.base_url) if replay and planner else []
        if plan:
            stats = prefetch(
                replay[0],
                lambda recorder: access.client(verify_certificate=verify_certificate, wrap_transport=recorder),
                plan,
                concurrency,
                deadline_s=profile.http_timeout_s,
            )
            request.config.stash.setdefault(_STATS_KEY, []).append((name, stats))
        yield client


def write_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """One line of counts per prefetching client (never a URL, header or body)."""
    if config.get_verbosity() < 0:
        return
    for name, stats in config.stash.get(_STATS_KEY, []):
        terminalreporter.write_line(f"{name} {stats.line()}")
