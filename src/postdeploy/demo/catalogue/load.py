"""Load-layer faults and the check that must catch each."""

from __future__ import annotations

from postdeploy.demo.catalogue.fault import Fault

FAULTS: list[Fault] = [
    Fault("slow-under-load", "load",
          "latency grows with load: +20 ms per other request of the last second and +250 ms per other "
          "request in flight (capped at 5 s); a dozen users wait ~3 s",
          "sla-gate"),
    Fault("errors-under-load", "load",
          "~20% of requests answer 500 once more than 5 requests started in the last second", "sla-gate"),
]  # fmt: skip
