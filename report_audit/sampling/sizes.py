"""Sample size for attribute appraisal: how many claims to review so that the error
rate is known to within ``precision`` at ``confidence``, given an ``expected_rate``.

Two answers, both reported by ``report-audit sample``:

**Normal approximation** (Cochran 1977, ch. 4)::

    n0 = z^2 p (1 - p) / E^2            z = the two-sided normal quantile at confidence
    n  = n0 / (1 + (n0 - 1) / N)        finite-population correction, N = universe size

rounded up. The textbook example (95 %, p = 0.5, E = 0.05) gives n0 = 384.1 -> 385.

**Exact.** The smallest n whose exact two-sided confidence interval, computed for the
expected number of errors k = round(n p) (halves round up), has a half-width
(upper - lower) / 2 <= E. For a finite universe the interval is the hypergeometric one on
the number of items in error, divided by N; without a universe size it is the binomial
(Clopper-Pearson) one. Because k is a whole number the half-width is not strictly
monotone in n; this is the *smallest* n that meets the target, found by scanning n = 1,
2, ... (vectorised). At n = N the hypergeometric interval has zero width, so the search
always ends. The exact size is the one used unless ``--size`` is given.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np
from scipy.stats import norm

from .intervals import clopper_pearson, hypergeometric_limits

_EPSILON = 1e-9  # float noise when rounding a size up (n0 = 385.0000000001 is 385)


@dataclass(frozen=True)
class AttributeSampleSize:
    """Both sample sizes for one design; ``exact`` is the one to draw."""

    confidence: float
    precision: float
    expected_rate: float
    universe_size: Optional[int]
    normal_infinite: float  # n0 before rounding and before the finite-population correction
    normal: int  # n0 with the finite-population correction, rounded up
    exact: int
    exact_distribution: str  # "hypergeometric" or "binomial"
    exact_half_width: float  # half-width of the exact interval at n = exact

    def to_dict(self) -> dict:
        return {
            "confidence": self.confidence,
            "precision": self.precision,
            "expected_rate": self.expected_rate,
            "universe_size": self.universe_size,
            "normal_n0": self.normal_infinite,
            "normal": self.normal,
            "exact": self.exact,
            "exact_distribution": self.exact_distribution,
            "exact_half_width": self.exact_half_width,
        }


def _check(confidence: float, precision: float, expected_rate: float, universe_size: Optional[int]) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    if not 0.0 < precision < 1.0:
        raise ValueError(f"precision must be between 0 and 1, not {precision}")
    if not 0.0 <= expected_rate < 1.0:
        raise ValueError(f"expected rate must be at least 0 and below 1, not {expected_rate}")
    if universe_size is not None and universe_size < 1:
        raise ValueError(f"universe size must be at least 1, not {universe_size}")


def normal_sample_size(confidence: float, precision: float, expected_rate: float,
                       universe_size: Optional[int] = None) -> Tuple[float, int]:
    """``(n0, n)``: Cochran's n0 and the size after the finite-population correction."""
    _check(confidence, precision, expected_rate, universe_size)
    z = norm.ppf(1.0 - (1.0 - confidence) / 2.0)
    n0 = z * z * expected_rate * (1.0 - expected_rate) / (precision * precision)
    n = n0
    if universe_size is not None:
        n = n0 / (1.0 + (n0 - 1.0) / universe_size)
    size = max(1, math.ceil(n - _EPSILON))
    if universe_size is not None:
        size = min(size, universe_size)
    return n0, size


def exact_half_widths(sizes, expected_rate: float, confidence: float,
                      universe_size: Optional[int] = None) -> np.ndarray:
    """Half-width of the exact two-sided interval at each sample size in ``sizes``,
    for k = round(n p) errors (see the module docstring)."""
    n = np.asarray(sizes, dtype=np.int64)
    k = np.floor(n * expected_rate + 0.5).astype(np.int64)
    if universe_size is None:
        lower, upper = clopper_pearson(k, n, confidence)
        return (upper - lower) / 2.0
    lower, upper = hypergeometric_limits(k, n, universe_size, confidence)
    return (upper - lower) / (2.0 * universe_size)


def exact_sample_size(confidence: float, precision: float, expected_rate: float,
                      universe_size: Optional[int] = None) -> Tuple[int, float]:
    """``(n, half_width)``: the smallest n meeting the precision exactly."""
    _check(confidence, precision, expected_rate, universe_size)
    limit = universe_size if universe_size is not None else 10**9
    start, chunk = 1, 256
    while start <= limit:
        sizes = np.arange(start, min(start + chunk, limit + 1), dtype=np.int64)
        widths = exact_half_widths(sizes, expected_rate, confidence, universe_size)
        hits = np.flatnonzero(widths <= precision + 1e-12)
        if hits.size:
            return int(sizes[hits[0]]), float(widths[hits[0]])
        start += chunk
        chunk *= 2
    raise ValueError("no sample size meets that precision")  # pragma: no cover - n = N always does


def attribute_sample_size(confidence: float, precision: float, expected_rate: float,
                          universe_size: Optional[int] = None) -> AttributeSampleSize:
    """Normal-approximation and exact sample sizes for one attribute design."""
    n0, normal = normal_sample_size(confidence, precision, expected_rate, universe_size)
    exact, half_width = exact_sample_size(confidence, precision, expected_rate, universe_size)
    return AttributeSampleSize(
        confidence=confidence,
        precision=precision,
        expected_rate=expected_rate,
        universe_size=universe_size,
        normal_infinite=n0,
        normal=normal,
        exact=exact,
        exact_distribution="binomial" if universe_size is None else "hypergeometric",
        exact_half_width=half_width,
    )


def parse_fraction(text: str) -> float:
    """``"0.95"``, ``"95"`` and ``"95%"`` all mean 0.95; ``"0.05"``, ``"5"`` and ``"5%"``
    all mean 0.05. A number above 1 is read as a percentage."""
    raw = str(text).strip()
    percent = raw.endswith("%")
    value = float(raw.rstrip("%").strip())
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    if percent or value > 1.0:
        value /= 100.0
    return value
