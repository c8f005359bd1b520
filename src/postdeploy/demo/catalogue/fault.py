"""A catalogued fault: its name, the layer that must catch it, what breaks, and the check that must fail."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    layer: str  # the marker whose run must catch it: smoke, security, e2e, perf, load
    breaks: str  # what goes wrong on the demo, in words
    check: str  # the test that must fail: a substring of its pytest node id (or the load SLA gate)
    tls: bool = False  # served by the HTTPS variant of the demo
    supabase: bool = False  # needs the demo's Supabase-compatible data API (`demo serve --supabase`)
    # Related checks that may fail too without counting as collateral (e.g. a missing CSP also
    # lowers the grade). Anything failing outside `check` and `also` is an unrelated failure.
    also: tuple[str, ...] = ()
    # The deployment environment the fault needs: the demo plays it and the profile says it
    # (invariants of previews and production); None: the demo's own (local).
    environment: str | None = None
    # Served behind the protection wall (the suite is given the secret; an anonymous visitor is not).
    protect: bool = False
    # A regression fault passes every absolute check; only the deploy-over-deploy gate, comparing
    # with a baseline of the healthy demo, catches it. `check` and `also` then name gate metrics.
    baseline: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
