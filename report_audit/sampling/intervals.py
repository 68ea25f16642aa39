"""Exact confidence limits for an error rate, from scipy's distributions.

- ``clopper_pearson``: the exact binomial (Clopper & Pearson 1934) limits for the rate
  p from k errors in n sampled items, as beta quantiles (``scipy.stats.beta``). They
  accept a non-integer k, which the stratified combined rate (effective sample size)
  and the exact sample-size search use.
- ``hypergeometric_limits``: the exact limits for the number M of items in error in a
  finite universe of N items, from k errors in a sample of n drawn without replacement
  (``scipy.stats.hypergeom``): the smallest M with P(X >= k | M) >= a and the largest M
  with P(X <= k | M) >= a, a = alpha/2 for two-sided limits, alpha for one-sided ones.

Both work element-wise on numpy arrays, so the sample-size search can test hundreds of
sample sizes in one call.
"""
from __future__ import annotations

from typing import Tuple

import numpy as np
from scipy.stats import beta, hypergeom

SIDES = ("two-sided", "lower", "upper")


def _tail(confidence: float, sides: str) -> float:
    if sides not in SIDES:
        raise ValueError(f"sides must be one of {SIDES}, not {sides!r}")
    alpha = 1.0 - confidence
    return alpha / 2.0 if sides == "two-sided" else alpha


def clopper_pearson(k, n, confidence: float, sides: str = "two-sided") -> Tuple[np.ndarray, np.ndarray]:
    """Exact binomial limits ``(lower, upper)`` for the rate from ``k`` of ``n``.

    ``sides="two-sided"`` gives the two-sided ``confidence`` interval; ``"lower"`` /
    ``"upper"`` give the one-sided bound at ``confidence`` (the other element is 0 or 1).
    Scalars in, numpy scalars out; arrays broadcast.
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    a = _tail(confidence, sides)
    has_errors = k > 0
    all_errors = k >= n
    lower = np.where(has_errors, beta.ppf(a, np.where(has_errors, k, 1.0), n - k + 1.0), 0.0)
    upper = np.where(all_errors, 1.0, beta.ppf(1.0 - a, k + 1.0, np.where(all_errors, 1.0, n - k)))
    if sides == "lower":
        upper = np.ones_like(upper)
    elif sides == "upper":
        lower = np.zeros_like(lower)
    return lower, upper


def hypergeometric_limits(k, n, universe_size: int, confidence: float,
                          sides: str = "two-sided") -> Tuple[np.ndarray, np.ndarray]:
    """Exact limits ``(M_lower, M_upper)`` on the number of items in error in the universe.

    ``k`` errors in a sample of ``n`` drawn without replacement from ``universe_size``
    items. Integers (as int64 arrays); divide by ``universe_size`` for a rate.
    """
    N = int(universe_size)
    k, n = np.broadcast_arrays(np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64))
    a = _tail(confidence, sides)

    # Lower limit: smallest M with P(X >= k | M) >= a; the probability rises with M.
    lo = np.zeros(k.shape, dtype=np.int64)
    hi = np.full(k.shape, N, dtype=np.int64)
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        ok = hypergeom.sf(k - 1, N, mid, n) >= a
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid + 1)
    lower = lo

    # Upper limit: largest M with P(X <= k | M) >= a; the probability falls with M.
    lo = np.zeros(k.shape, dtype=np.int64)
    hi = np.full(k.shape, N, dtype=np.int64)
    while np.any(lo < hi):
        mid = (lo + hi + 1) // 2
        ok = hypergeom.cdf(k, N, mid, n) >= a
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid - 1)
    upper = lo

    if sides == "lower":
        upper = np.full(k.shape, N, dtype=np.int64)
    elif sides == "upper":
        lower = np.zeros(k.shape, dtype=np.int64)
    return lower, upper
