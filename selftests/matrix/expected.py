"""What the Next.js fault matrix expects of the healthy reference app (targets/nextjs-app), layer by
layer: the counts a green run must show, so a layer that silently skips its checks is not green.

A layer joins the Next.js matrix (selftests/matrix/test_nextjs_matrix.py) when its healthy run passes
with targets/nextjs.toml: add its row here, with the counts of that run (`pytest tests/<layer> -m
<layer> --target targets/nextjs.toml --base-url=…`; the matrix's failure message prints them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Healthy:
    """A healthy layer run: exit 0 with exactly these outcomes. The load run has one outcome, its SLA
    gate (`locust … --shape smoke`, exit 0 passed, exit 3 failed): `Healthy(passed=1)`."""

    passed: int
    skipped: int = 0


# Layer -> its healthy run on Loomhall. The order is the order the cases are collected in.
NEXTJS_HEALTHY: dict[str, Healthy] = {
    # TLS checks skip on plain http (4).
    "smoke": Healthy(passed=23, skipped=4),
    # The preview/production invariants skip on a local target (5), the Supabase audit with no project (4).
    "security": Healthy(passed=40, skipped=9),
    # 2 URLs (/, /classes) x (1 Lighthouse run test + 17 budget lines); the regression test is
    # deselected without --baseline.
    "perf": Healthy(passed=36),
}

# The layers whose healthy run and faults this matrix checks; e2e and load faults run in
# selftests/nextjs/test_e2e_layer.py and test_load_layer.py (the load run warms each route first).
NEXTJS_LAYERS: tuple[str, ...] = tuple(NEXTJS_HEALTHY)

# Faults of targets/nextjs-app/faults.json the product cannot catch yet, fault -> why. They still run,
# as strict xfails: the day one is caught, the matrix says so and the entry must go.
NEXTJS_KNOWN_GAPS: dict[str, str] = {}
