"""The demo for self-tests and benches: `with running_demo(faults=…) as demo:` starts
`python -m postdeploy demo serve` on free ports and yields `base_url`, `checkout_url` and `env`
(test credentials, webhook secret, and `POSTDEPLOY_CA_BUNDLE` for the HTTPS variant).

The launcher itself lives in `postdeploy.demo.launch` (the main job uses it too); this is its name here.
"""

from __future__ import annotations

from postdeploy.demo.launch import DemoStartError, RunningDemo, running_demo

__all__ = ["DemoStartError", "RunningDemo", "running_demo"]
