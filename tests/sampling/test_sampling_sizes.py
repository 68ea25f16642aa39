"""Attribute sample sizes: normal approximation with FPC, and the exact size."""
import math

import numpy as np
import pytest
from scipy.stats import binomtest, hypergeom

from report_audit.sampling.intervals import hypergeometric_limits
from report_audit.sampling.sizes import (
    attribute_sample_size,
    exact_sample_size,
    normal_sample_size,
    parse_fraction,
)


def test_sizes_normal_matches_cochran_worked_example():
    # Cochran, Sampling Techniques, 3rd ed. (1977), ch. 4, as worked in G. D. Israel,
    # "Determining Sample Size", University of Florida IFAS Fact Sheet PEOD-6 (1992):
    # 95 % confidence, p = 0.5, precision +-5 %  ->  n0 = 1.96^2 (.5)(.5) / .05^2 = 384.16 -> 385.
    n0, n = normal_sample_size(0.95, 0.05, 0.5)
    assert n0 == pytest.approx(384.16, abs=0.02)  # 384.15 with z = 1.95996 instead of 1.96
    assert n == 385


def test_sizes_normal_fpc_matches_israel_worked_example():
    # Israel (1992), the finite-population correction n = n0 / (1 + (n0 - 1) / N) for the
    # same design and a population of 2,000: n = 385 / (1 + 384/2000) = 323. (The number
    # could be confirmed from a secondary source only: a Cross Validated question on
    # Cochran's formula, mirrored at imathworks.com, arrives at 323 for N = 2000.)
    _, n = normal_sample_size(0.95, 0.05, 0.5, universe_size=2000)
    assert n == 323


@pytest.mark.parametrize("confidence,precision,rate,universe", [
    (0.90, 0.05, 0.10, 40),
    (0.95, 0.10, 0.30, 120),
    (0.90, 0.05, 0.20, 500),
    (0.95, 0.08, 0.05, 300),
])
def test_sizes_exact_hypergeometric_is_smallest_size_meeting_precision(confidence, precision, rate, universe):
    """No published table uses our exact definition, so this checks it against a direct,
    unvectorised scipy computation: for every n, the two-sided interval on the number of
    items in error is the set of M with both tail probabilities >= alpha/2."""
    n_exact, _ = exact_sample_size(confidence, precision, rate, universe)
    alpha = 1 - confidence
    all_m = np.arange(universe + 1)

    def half_width(n):
        k = math.floor(n * rate + 0.5)
        inside = (hypergeom.sf(k - 1, universe, all_m, n) >= alpha / 2) & (hypergeom.cdf(k, universe, all_m, n) >= alpha / 2)
        accepted = all_m[inside]
        return (accepted.max() - accepted.min()) / (2 * universe)

    assert half_width(n_exact) <= precision + 1e-12
    assert all(half_width(n) > precision for n in range(1, n_exact))


@pytest.mark.parametrize("confidence,precision,rate", [(0.95, 0.05, 0.5), (0.90, 0.10, 0.2), (0.95, 0.1, 0.05)])
def test_sizes_exact_binomial_against_scipy_binomtest(confidence, precision, rate):
    """Without a universe size the exact size uses Clopper-Pearson: checked with
    scipy.stats.binomtest(...).proportion_ci(method="exact")."""
    n_exact, width = exact_sample_size(confidence, precision, rate, None)

    def half_width(n):
        ci = binomtest(math.floor(n * rate + 0.5), n).proportion_ci(confidence_level=confidence, method="exact")
        return (ci.high - ci.low) / 2

    assert width == pytest.approx(half_width(n_exact), abs=1e-12)
    assert half_width(n_exact) <= precision
    assert all(half_width(n) > precision for n in range(1, n_exact))


def test_sizes_attribute_sample_size_reports_both():
    sizes = attribute_sample_size(0.90, 0.05, 0.10, 40)
    assert sizes.normal == math.ceil(sizes.normal_infinite / (1 + (sizes.normal_infinite - 1) / 40))
    assert sizes.exact_distribution == "hypergeometric"
    assert 1 <= sizes.exact <= 40
    assert sizes.exact_half_width <= 0.05


def test_sizes_exact_never_exceeds_universe():
    # So tight a precision that only a census meets it: the hypergeometric interval at n = N has width 0.
    n, width = exact_sample_size(0.99, 0.001, 0.5, 25)
    assert n <= 25 and width <= 0.001


@pytest.mark.parametrize("k,n,universe", [(0, 10, 50), (3, 10, 50), (10, 10, 50), (4, 30, 200), (1, 1, 1)])
def test_sizes_hypergeometric_limits_against_bruteforce(k, n, universe):
    alpha = 0.10
    lower, upper = hypergeometric_limits(k, n, universe, 0.90)
    all_m = np.arange(universe + 1)
    inside = (hypergeom.sf(k - 1, universe, all_m, n) >= alpha / 2) & (hypergeom.cdf(k, universe, all_m, n) >= alpha / 2)
    assert (int(lower), int(upper)) == (all_m[inside].min(), all_m[inside].max())


@pytest.mark.parametrize("text,value", [("0.95", 0.95), ("95", 0.95), ("95%", 0.95), ("5%", 0.05), ("0.05", 0.05), ("1", 1.0)])
def test_sizes_parse_fraction(text, value):
    assert parse_fraction(text) == pytest.approx(value)


@pytest.mark.parametrize("args", [(1.0, 0.05, 0.1, None), (0.95, 0.0, 0.1, None), (0.95, 0.05, 1.0, None), (0.95, 0.05, 0.1, 0)])
def test_sizes_reject_impossible_designs(args):
    with pytest.raises(ValueError):
        attribute_sample_size(*args)
