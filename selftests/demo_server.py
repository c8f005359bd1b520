"""The demo for self-tests and benches: `with running_demo(faults=…) as demo:` starts
`python -m postdeploy demo serve` on free ports and yields `base_url`, `checkout_url` and `env`
(test credentials, webhook secret, and `POSTDEPLOY_CA_BUNDLE` for the HTTPS variant)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from postdeploy.demo.settings import DEFAULT_WEBHOOK_SECRET
from postdeploy.launch import DemoStartError, RunningDemo
from postdeploy.launch import running_demo as _launch

__all__ = ["DemoStartError", "RunningDemo", "running_demo"]


@contextmanager
def running_demo(
    faults: Sequence[str] = (),
    https: bool = False,
    extra_env: dict[str, str] | None = None,
    timeout: float = 15.0,
) -> Iterator[RunningDemo]:
    """The demo running on free ports until the block ends; `demo.env` always carries the webhook secret."""
    secret = (extra_env or {}).get("DEMO_STRIPE_WEBHOOK_SECRET") or os.environ.get("DEMO_STRIPE_WEBHOOK_SECRET")
    env = {"DEMO_STRIPE_WEBHOOK_SECRET": secret or DEFAULT_WEBHOOK_SECRET, **(extra_env or {})}
    with _launch(faults=faults, https=https, extra_env=env, timeout=timeout) as demo:
        yield demo
