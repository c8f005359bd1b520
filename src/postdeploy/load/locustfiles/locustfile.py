"""postdeploy's load run: the profile's journeys as users, the one LoadTestShape (driven by --shape)
and the SLA gate's wiring.

    locust -f "$(python -m postdeploy.load.locustfiles)" --headless --host URL --shape smoke --target PROFILE
"""

from __future__ import annotations

from locust import LoadTestShape, events

from postdeploy.load import session, state, users
from postdeploy.load.users import ProfileJourneys

__all__ = ["ProfileJourneys", "StagedShape"]

session.install(events)
users.install(events)  # after the session's init: the journeys need the profile it loaded


class StagedShape(LoadTestShape):
    """Stages from budgets/load.toml for the shape named by --shape; None ends the run."""

    def tick(self) -> tuple[int, float] | None:
        current = state.current()
        if current is None:
            return None
        stage = current.shape.stage_at(self.get_run_time())  # type: ignore[no-untyped-call]
        if stage is None:
            return None
        spec = current.shape.stages[stage]
        return spec.users, spec.spawn_rate
