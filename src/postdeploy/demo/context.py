"""The state one running demo shares between its routes."""

from __future__ import annotations

from dataclasses import dataclass, field

from postdeploy.demo.db import Store
from postdeploy.demo.settings import DemoSettings
from postdeploy.demo.switches import ActiveFaults
from postdeploy.demo.web import LoginRateLimit, Sessions, Templates


@dataclass
class DemoContext:
    settings: DemoSettings
    store: Store
    templates: Templates
    sessions: Sessions
    login_limit: LoginRateLimit = field(default_factory=LoginRateLimit)

    @property
    def faults(self) -> ActiveFaults:
        return self.settings.faults
