"""Fault lists, one module per layer."""

from __future__ import annotations

from postdeploy.demo.catalogue import e2e, load, perf, regression, security, smoke
from postdeploy.demo.catalogue.fault import Fault

ALL: list[Fault] = [*smoke.FAULTS, *security.FAULTS, *e2e.FAULTS, *perf.FAULTS, *load.FAULTS, *regression.FAULTS]
