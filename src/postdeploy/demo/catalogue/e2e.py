"""E2e-layer faults and the check that must catch each."""

from __future__ import annotations

from postdeploy.demo.faults import Fault

FAULTS: list[Fault] = []
