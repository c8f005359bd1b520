"""The gate's statistics on known values: exact Mann-Whitney floors, Hodges–Lehmann, Fisher, Holm."""

from __future__ import annotations

import math

import numpy as np
import pytest

from postdeploy.regression.stats import has_ties, hodges_lehmann, holm, ratio_test, shift_test, smallest_p


def test_three_against_three_can_never_go_below_five_percent() -> None:
    assert smallest_p(3, 3) == pytest.approx(0.05)
    assert smallest_p(5, 5) == pytest.approx(1 / 252)
    assert smallest_p(10, 10) == pytest.approx(1 / 184_756)
    # The floor is reached by complete separation, with scipy's exact distribution.
    test = shift_test([100, 101, 102], [200, 201, 202])
    assert test.p_greater == pytest.approx(0.05) and test.method == "Mann-Whitney U, exact"


def test_a_shift_is_estimated_with_an_interval_around_it() -> None:
    rng = np.random.default_rng(7)
    base = rng.normal(1000, 50, 20)
    test = shift_test(base, base + 150)
    assert test.shift == pytest.approx(150, abs=1e-9)
    assert test.low <= 150 <= test.high
    assert test.p_greater < 1e-6 and test.p_less > 0.99


def test_moses_interval_is_distribution_free_and_ordered() -> None:
    shift, low, high = hodges_lehmann(np.array([1.0, 2, 3, 4, 5, 6, 7, 8]), np.array([3.0, 4, 5, 6, 7, 8, 9, 10]))
    assert shift == 2.0 and low < shift < high


def test_ties_in_small_samples_use_a_permutation_test() -> None:
    assert has_ties([0, 0, 1], [2, 3])
    test = shift_test([0, 0, 0, 0, 10], [0, 5, 20, 30, 40])
    assert test.method == "Mann-Whitney U, permutation (ties)"
    assert 0 < test.p_greater < 0.2


def test_large_samples_use_the_normal_approximation_and_thin_the_pairs() -> None:
    rng = np.random.default_rng(3)
    base, current = rng.lognormal(1.5, 0.4, 2000), rng.lognormal(1.5, 0.4, 2000) * 1.5
    test = shift_test(base, current)
    assert test.method.startswith("Mann-Whitney U, normal approximation")
    assert test.p_greater < 1e-20 and test.low < test.shift < test.high


def test_error_ratios_compare_exactly_even_from_zero() -> None:
    test = ratio_test(0, 1000, 12, 1000)
    assert test.p_greater < 0.001 and test.base_ratio == 0.0 and test.current_ratio == pytest.approx(0.012)
    assert ratio_test(0, 100, 1, 100).p_greater == pytest.approx(0.5)


def test_holm_adjusts_step_down_and_keeps_order() -> None:
    adjusted = holm([0.01, 0.04, 0.03, 0.005])
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm([]) == []
    assert all(0 <= p <= 1 for p in holm([0.9, 0.8, 0.7]))
    assert not math.isnan(holm([1.0])[0])
