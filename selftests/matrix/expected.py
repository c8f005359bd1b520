"""What the fault matrices expect of a healthy target, the demo's (test_fault_matrix.py) and the
Next.js reference app's (targets/nextjs-app), layer by layer: the counts a green run must show, so a
layer that silently skips its checks is not green.

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


# Case -> the healthy demo's run in test_fault_matrix.py: each layer of LAYERS as the local deployment
# it is, then the security layer as a preview and as production. Every skip below is one the case must
# show; any other is a check that quietly stopped testing.
DEMO_HEALTHY: dict[str, Healthy] = {
    # The matrix serves plain http: the 3 certificate checks and HTTP -> HTTPS skip (the TLS faults
    # run the HTTPS demo).
    "smoke": Healthy(passed=19, skipped=4),
    # The environment invariants of previews (1), production (2) and of both + staging (2) skip on a
    # local deployment.
    "security": Healthy(passed=40, skipped=5),
    "e2e": Healthy(passed=15),
    # 2 URLs (/, /browse) x (1 Lighthouse run test + 17 budget lines); the regression test is
    # deselected without --baseline.
    "perf": Healthy(passed=36),
    "load": Healthy(passed=1),
    # The production invariants (2) skip on a preview.
    "security-preview": Healthy(passed=43, skipped=2),
    # The preview invariant (1) skips on production, and so do the 3 destructive checks (no
    # --allow-destructive).
    "security-production": Healthy(passed=41, skipped=4),
}

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
