"""The statistics of the gate, on scipy: one-sided Mann-Whitney U with a Hodges–Lehmann effect and
interval for samples, Fisher's exact test for error ratios, Holm's step-down for many metrics at once.

numpy and scipy are imported when a comparison runs, not before: importing scipy.stats takes
0.5–4 s here, which a layer run without --baseline should never pay.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# Exact Mann-Whitney distribution up to this many values per side (scipy's exact method is fast
# here, and the normal approximation is far off in the tail that Holm's thresholds reach).
EXACT_MAX = 50
# Below this many values per side, tied data go to a permutation test (scipy's exact method
# ignores ties, and the normal approximation is poor for so few values).
PERMUTATION_BELOW = 10
PERMUTATIONS = 9999
# The interval needs every pairwise difference; above this many pairs both sides are thinned
# (seeded, so the same data give the same interval) to keep the comparison under a second.
MAX_PAIRS = 250_000
SEED = 20_160


@dataclass(frozen=True)
class ShiftTest:
    """Current against baseline: is current larger (worse, for a higher-is-worse metric)?"""

    p_greater: float  # one-sided p-value: current stochastically larger than baseline
    p_less: float  # the other side: current smaller
    shift: float  # Hodges–Lehmann estimate of current minus baseline
    low: float  # 95% interval of the shift (Moses / Hodges–Lehmann)
    high: float
    method: str


def has_ties(*samples: Sequence[float] | np.ndarray) -> bool:
    import numpy as np

    values = np.concatenate([np.asarray(s, dtype=float) for s in samples])
    return bool(np.unique(values).size < values.size)


def _method(base: np.ndarray, current: np.ndarray) -> tuple[Any, str]:
    import numpy as np
    from scipy import stats

    small = min(base.size, current.size)
    if not has_ties(base, current):
        if max(base.size, current.size) <= EXACT_MAX:
            return "exact", "Mann-Whitney U, exact"
        return "asymptotic", "Mann-Whitney U, normal approximation"
    if small < PERMUTATION_BELOW:
        rng = np.random.default_rng(SEED)
        return stats.PermutationMethod(n_resamples=PERMUTATIONS, rng=rng), "Mann-Whitney U, permutation (ties)"
    return "asymptotic", "Mann-Whitney U, normal approximation with tie correction"


def shift_test(base: Sequence[float], current: Sequence[float], confidence: float = 0.95) -> ShiftTest:
    """Mann-Whitney U both ways, and the Hodges–Lehmann shift with its interval (both sides need values)."""
    import numpy as np
    from scipy import stats

    x, y = np.asarray(base, dtype=float), np.asarray(current, dtype=float)
    method, name = _method(x, y)
    greater = stats.mannwhitneyu(y, x, alternative="greater", method=method)
    less = stats.mannwhitneyu(y, x, alternative="less", method=method)
    shift, low, high = hodges_lehmann(x, y, confidence)
    return ShiftTest(float(greater.pvalue), float(less.pvalue), shift, low, high, name)


def hodges_lehmann(base: np.ndarray, current: np.ndarray, confidence: float = 0.95) -> tuple[float, float, float]:
    """Median of all differences current - baseline, and Moses' distribution-free interval around it:
    the k-th smallest and largest differences, k from the U statistic's normal approximation."""
    import numpy as np
    from scipy import stats

    x, y = base, current
    if x.size * y.size > MAX_PAIRS:
        rng = np.random.default_rng(SEED)
        side = int(math.sqrt(MAX_PAIRS))
        x = rng.choice(x, min(side, x.size), replace=False)
        y = rng.choice(y, min(side, y.size), replace=False)
    differences = np.subtract.outer(y, x).ravel()
    pairs = differences.size
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    k = math.floor(pairs / 2 - z * math.sqrt(x.size * y.size * (x.size + y.size + 1) / 12))
    k = max(0, min(k, (pairs - 1) // 2))
    low, high = np.partition(differences, (k, pairs - 1 - k))[[k, pairs - 1 - k]]
    return float(np.median(differences)), float(low), float(high)


@dataclass(frozen=True)
class RatioTest:
    p_greater: float  # current's failure ratio larger than baseline's
    p_less: float
    base_ratio: float
    current_ratio: float
    method: str = "Fisher's exact test"


def ratio_test(base_failures: int, base_requests: int, failures: int, requests: int) -> RatioTest:
    """Two proportions, one-sided each way, with Fisher's exact test: exact at any count, zero included
    (a healthy baseline usually has no failure at all, where a z-test's normal approximation fails)."""
    from scipy import stats

    table = [[failures, requests - failures], [base_failures, base_requests - base_failures]]
    greater = stats.fisher_exact(table, alternative="greater")
    less = stats.fisher_exact(table, alternative="less")
    return RatioTest(
        float(greater.pvalue),
        float(less.pvalue),
        base_failures / base_requests if base_requests else 0.0,
        failures / requests if requests else 0.0,
    )


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (family-wise error rate, any dependence between the tests).
    scipy ships Benjamini–Hochberg (`false_discovery_control`) but not Holm; it is four lines."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def smallest_p(n_base: int, n_current: int) -> float:
    """The smallest one-sided Mann-Whitney p-value these sample sizes allow (complete separation):
    1 / C(n+m, n). At 3 against 3 it is 0.05, so no correction can ever let such a test pass."""
    return 1.0 / math.comb(n_base + n_current, n_base) if n_base and n_current else 1.0
