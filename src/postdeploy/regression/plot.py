"""A small SVG of the two distributions, one row per measured metric: every baseline value and every
current value as a dot, each side's median as a bar, on the row's own scale. No plotting library."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from html import escape

from postdeploy.regression.compare import MetricComparison

WIDTH, ROW, LABEL, PAD = 640, 46, 150, 12
BASE_COLOUR, CURRENT_COLOUR, REGRESSED_COLOUR = "#6b7280", "#2563eb", "#dc2626"
MAX_DOTS = 400  # per side and row: a load run's thousands of requests are thinned (seeded)


def _thin(values: Sequence[float]) -> list[float]:
    if len(values) <= MAX_DOTS:
        return list(values)
    return random.Random(0).sample(list(values), MAX_DOTS)


def svg(results: Sequence[MetricComparison], title: str, label_by_scope: bool = False) -> str:
    """Rows for the metrics that vary (timings, scores…); deterministic ones are in the table."""
    rows = [r for r in results if r.base and r.current and len(set(r.base) | set(r.current)) > 1]
    height = 40 + ROW * max(1, len(rows)) + 24
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif" '
           f'font-size="12"><rect width="100%" height="100%" fill="#fff"/>',
           f'<text x="{PAD}" y="20" font-weight="bold">{escape(title)}</text>',
           f'<text x="{WIDTH - PAD}" y="20" text-anchor="end"><tspan fill="{BASE_COLOUR}">● baseline</tspan> '
           f'<tspan fill="{CURRENT_COLOUR}">● current</tspan></text>']  # fmt: skip
    if not rows:
        out.append(f'<text x="{PAD}" y="56">no metric varied between runs</text>')
    for index, result in enumerate(rows):
        out += _row(result, 40 + index * ROW, result.scope if label_by_scope else result.metric.label)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _row(result: MetricComparison, top: int, label: str) -> list[str]:
    low = min(*result.base, *result.current)
    high = max(*result.base, *result.current)
    # One stalled run (or a 30x slower server) would squash everything else into a corner: log scale.
    log = low > 0 and high / low > 5
    scale: Callable[[float], float] = math.log10 if log else float
    span = (scale(high) - scale(low)) or 1.0
    left, right = LABEL + PAD, WIDTH - PAD - 70

    def x(value: float) -> float:
        return left + (scale(value) - scale(low)) / span * (right - left)

    colour = REGRESSED_COLOUR if result.verdict == "regressed" else CURRENT_COLOUR
    parts = [f'<text x="{PAD}" y="{top + 22}">{escape(label[:24])}</text>',
             f'<line x1="{left}" y1="{top + ROW - 8}" x2="{right}" y2="{top + ROW - 8}" stroke="#e5e7eb"/>',
             f'<text x="{left}" y="{top + ROW - 10}" font-size="9" fill="#9ca3af">{escape(result.metric.format(low))}'
             f'{" (log scale)" if log else ""}</text>',
             f'<text x="{right}" y="{top + ROW - 10}" font-size="9" fill="#9ca3af" text-anchor="end">'
             f'{escape(result.metric.format(high))}</text>',
             f'<text x="{WIDTH - PAD}" y="{top + 22}" text-anchor="end" fill="{colour}">'
             f'{escape(result.verdict)}</text>']  # fmt: skip
    for values, y, fill in ((result.base, top + 10, BASE_COLOUR), (result.current, top + 24, colour)):
        parts += [f'<circle cx="{x(v):.1f}" cy="{y}" r="2.5" fill="{fill}" fill-opacity="0.6"/>' for v in _thin(values)]
    for median, y, fill in ((result.base_median, top + 10, BASE_COLOUR), (result.current_median, top + 24, colour)):
        if median is not None:
            parts.append(f'<rect x="{x(median) - 1:.1f}" y="{y - 6}" width="2.5" height="12" fill="{fill}"/>')
    return parts
