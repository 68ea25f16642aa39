"""Projecting the audited sample onto the universe: attribute and variable appraisal.

**Attribute appraisal** (how many claims are in error), per stratum: the error rate
k/n with the exact Clopper-Pearson two-sided interval at ``confidence`` and the
one-sided lower and upper bounds at ``confidence`` (``scipy.stats.beta``). When the
stratum's universe size N is known, the projected number of claims in error is N k/n
with exact hypergeometric limits (``scipy.stats.hypergeom``, sampling without
replacement). Combined over strata: the rate weighted by stratum sizes,
p = sum(N_h p_h) / N, with a Clopper-Pearson interval at the effective sample size
n* = min(n, p(1-p) / v), v = sum W_h^2 (1 - n_h/N_h) p_h(1-p_h) / (n_h - 1) (Korn &
Graubard 1998, without their degrees-of-freedom adjustment); a single stratum is its
own combined estimate.

**Variable appraisal** (how many dollars), with Student's t bounds and the
finite-population correction (``scipy.stats.t``):

- *mean-per-unit* on the error amount y (dollars in error per sampled claim, 0 for a
  claim not in error): amount at risk = sum N_h mean(y_h), variance
  sum N_h^2 (1 - n_h/N_h) s_h^2 / n_h;
- *difference* on d = book - audited amount: amount at risk = sum N_h mean(d_h), and,
  when the universe's book total X is known, the universe's audited (supported) value
  X - sum N_h mean(d_h). It needs both amounts for every reviewed claim. When every
  error amount is book - audited (always so for a result store) the two give the same
  amount at risk; they differ when a reviewer records error amounts that are not the
  book-audited difference (e.g. underpayments, partial adjustments).

Degrees of freedom: n - 1 for one stratum; Satterthwaite's effective degrees of freedom
over strata (Satterthwaite 1946; Cochran 1977, ch. 5). The two-sided interval is
point +- t(1-a/2) SE, the one-sided bounds point -+ t(1-a) SE, a = 1 - confidence. With the default
confidence 0.90 the two-sided interval is the OIG's 90 % two-sided interval and the
one-sided lower bound is the CMS Program Integrity Manual's (ch. 8, 8.4.5.1) one-sided
90 % lower limit: the overpayment a payer would demand. A bound may fall below zero.
Without a universe size only the per-claim mean is estimated (no totals, no FPC).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy.stats import t as student_t

from .draw import StratumPlan
from .intervals import clopper_pearson, hypergeometric_limits
from .results import ReviewedCase, SampleResults

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class RateEstimate:
    stratum: str
    universe_size: Optional[int]
    sample_size: int
    errors: int
    rate: float
    two_sided: Tuple[float, float]
    lower: float  # one-sided lower bound
    upper: float  # one-sided upper bound
    method: str
    projected: Optional[dict] = None  # claims in error in the universe

    def to_dict(self) -> dict:
        return {
            "stratum": self.stratum, "universe_size": self.universe_size, "sample_size": self.sample_size,
            "errors": self.errors, "rate": self.rate, "two_sided": list(self.two_sided),
            "one_sided_lower": self.lower, "one_sided_upper": self.upper, "method": self.method,
            "projected_errors": self.projected,
        }


@dataclass(frozen=True)
class AmountEstimate:
    stratum: str
    universe_size: Optional[int]
    sample_size: int
    mean: float
    std_dev: Optional[float]
    total: Optional[float]  # N * mean; None without a universe size
    standard_error: Optional[float]  # of the total, or of the mean without a universe size
    df: Optional[float]
    two_sided: Optional[Tuple[float, float]]  # on the total (on the mean without a universe size)
    lower: Optional[float]
    upper: Optional[float]
    audited_total: Optional[dict] = None  # difference estimator: X - total, with bounds

    @property
    def point(self) -> float:
        return self.total if self.total is not None else self.mean

    @property
    def precision(self) -> Optional[float]:
        return None if self.two_sided is None else (self.two_sided[1] - self.two_sided[0]) / 2.0

    def to_dict(self) -> dict:
        precision = self.precision
        return {
            "stratum": self.stratum, "universe_size": self.universe_size, "sample_size": self.sample_size,
            "mean": self.mean, "std_dev": self.std_dev, "total": self.total,
            "standard_error": self.standard_error, "df": self.df,
            "bounds_on": "total" if self.total is not None else "mean",
            "two_sided": None if self.two_sided is None else list(self.two_sided),
            "one_sided_lower": self.lower, "one_sided_upper": self.upper,
            "precision": precision,
            "precision_percent": None if precision is None or not self.point else 100.0 * precision / abs(self.point),
            "audited_total": self.audited_total,
        }


@dataclass(frozen=True)
class VariableAppraisal:
    estimator: str  # "mean_per_unit" | "difference"
    variable: str
    strata: Tuple[AmountEstimate, ...]
    combined: Optional[AmountEstimate]

    def to_dict(self) -> dict:
        return {"estimator": self.estimator, "variable": self.variable,
                "strata": [s.to_dict() for s in self.strata],
                "combined": None if self.combined is None else self.combined.to_dict()}


@dataclass(frozen=True)
class Appraisal:
    confidence: float
    results: SampleResults
    rates: Tuple[RateEstimate, ...]
    combined_rate: Optional[RateEstimate]
    mean_per_unit: Optional[VariableAppraisal]
    difference: Optional[VariableAppraisal]
    notes: Tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        r = self.results
        return {
            "schema_version": SCHEMA_VERSION,
            "confidence": self.confidence,
            "results": {"path": str(r.path), "kind": r.kind},
            "sample": None if r.design_source is None else {
                "path": str(r.design_source),
                "seed": r.design_meta.get("seed"),
                "method": r.design_meta.get("method"),
                "universe_file": r.design_meta.get("universe_file"),
                "universe_sha256": r.design_meta.get("universe_sha256"),
            },
            "reviewed": len(r.cases),
            "not_reviewed": list(r.not_reviewed),
            "unreadable_excluded": list(r.unreadable),
            "attribute": {
                "strata": [e.to_dict() for e in self.rates],
                "combined": None if self.combined_rate is None else self.combined_rate.to_dict(),
            },
            "variable": {
                "mean_per_unit": None if self.mean_per_unit is None else self.mean_per_unit.to_dict(),
                "difference": None if self.difference is None else self.difference.to_dict(),
            },
            "notes": list(self.notes),
        }


# -- attribute appraisal -------------------------------------------------------------------

def rate_estimate(stratum: str, errors: int, sample_size: int, confidence: float,
                  universe_size: Optional[int] = None) -> RateEstimate:
    """Clopper-Pearson rate limits for one stratum, with the projected count when N is known."""
    k, n = errors, sample_size
    lo2, hi2 = clopper_pearson(k, n, confidence, "two-sided")
    lo1, _ = clopper_pearson(k, n, confidence, "lower")
    _, hi1 = clopper_pearson(k, n, confidence, "upper")
    projected = None
    if universe_size is not None:
        m_lo2, m_hi2 = hypergeometric_limits(k, n, universe_size, confidence, "two-sided")
        m_lo1, _ = hypergeometric_limits(k, n, universe_size, confidence, "lower")
        _, m_hi1 = hypergeometric_limits(k, n, universe_size, confidence, "upper")
        projected = {"point": universe_size * k / n, "two_sided": [int(m_lo2), int(m_hi2)],
                     "one_sided_lower": int(m_lo1), "one_sided_upper": int(m_hi1), "method": "hypergeometric"}
    return RateEstimate(stratum, universe_size, n, k, k / n, (float(lo2), float(hi2)), float(lo1), float(hi1),
                        "clopper-pearson", projected)


def combined_rate(estimates: Sequence[RateEstimate], confidence: float) -> RateEstimate:
    """The stratified rate, weighted by universe sizes (see the module docstring)."""
    if len(estimates) == 1:
        only = estimates[0]
        return RateEstimate("combined", only.universe_size, only.sample_size, only.errors, only.rate,
                            only.two_sided, only.lower, only.upper, only.method, only.projected)
    sizes = np.array([e.universe_size for e in estimates], dtype=float)
    n_h = np.array([e.sample_size for e in estimates], dtype=float)
    p_h = np.array([e.rate for e in estimates], dtype=float)
    big_n = sizes.sum()
    w = sizes / big_n
    p = float(np.sum(w * p_h))
    v = float(np.sum(w**2 * (1.0 - n_h / sizes) * p_h * (1.0 - p_h) / np.maximum(n_h - 1.0, 1.0)))
    n = float(n_h.sum())
    n_eff = min(n, p * (1.0 - p) / v) if v > 0 else n
    k_eff = p * n_eff
    lo2, hi2 = clopper_pearson(k_eff, n_eff, confidence, "two-sided")
    lo1, _ = clopper_pearson(k_eff, n_eff, confidence, "lower")
    _, hi1 = clopper_pearson(k_eff, n_eff, confidence, "upper")
    projected = {"point": big_n * p, "two_sided": [big_n * float(lo2), big_n * float(hi2)],
                 "one_sided_lower": big_n * float(lo1), "one_sided_upper": big_n * float(hi1),
                 "method": "clopper-pearson limits x universe size"}
    return RateEstimate("combined", int(big_n), int(n), sum(e.errors for e in estimates), p,
                        (float(lo2), float(hi2)), float(lo1), float(hi1),
                        f"clopper-pearson at effective sample size {n_eff:.1f} (Korn-Graubard)", projected)


# -- variable appraisal --------------------------------------------------------------------

def _t_bounds(point: float, se: Optional[float], df: Optional[float], confidence: float):
    if se is None:
        return None, None, None
    if se == 0.0:
        return (point, point), point, point
    alpha = 1.0 - confidence
    t2 = float(student_t.ppf(1.0 - alpha / 2.0, df))
    t1 = float(student_t.ppf(1.0 - alpha, df))
    return (point - t2 * se, point + t2 * se), point - t1 * se, point + t1 * se


def amount_estimate(stratum: str, values: Sequence[float], confidence: float,
                    universe_size: Optional[int] = None) -> AmountEstimate:
    """Total (N known) or mean (N unknown) of ``values`` with t bounds and FPC."""
    y = np.asarray(values, dtype=float)
    n = y.size
    mean = float(y.mean())
    sd = float(y.std(ddof=1)) if n > 1 else None
    df = float(n - 1) if n > 1 else None
    if universe_size is None:
        total = None
        se = None if sd is None else sd / math.sqrt(n)
        point = mean
    else:
        total = universe_size * mean
        fpc = 1.0 - n / universe_size
        if fpc <= 0.0:
            se = 0.0
        else:
            se = None if sd is None else universe_size * math.sqrt(fpc) * sd / math.sqrt(n)
        point = total
    two, lower, upper = _t_bounds(point, se, df, confidence)
    return AmountEstimate(stratum, universe_size, n, mean, sd, total, se, df, two, lower, upper)


def combined_amount(estimates: Sequence[AmountEstimate], confidence: float) -> Optional[AmountEstimate]:
    """Sum of stratum totals; Satterthwaite degrees of freedom."""
    if len(estimates) == 1:
        only = estimates[0]
        return AmountEstimate("combined", only.universe_size, only.sample_size, only.mean, only.std_dev,
                              only.total, only.standard_error, only.df, only.two_sided, only.lower, only.upper)
    if any(e.total is None for e in estimates):
        return None
    total = float(sum(e.total for e in estimates))
    big_n = sum(e.universe_size for e in estimates)
    n = sum(e.sample_size for e in estimates)
    if any(e.standard_error is None for e in estimates):
        se, df = None, None
    else:
        variances = [e.standard_error**2 for e in estimates]
        se = math.sqrt(sum(variances))
        terms = [v * v / (e.sample_size - 1) for v, e in zip(variances, estimates) if v > 0 and e.sample_size > 1]
        df = (sum(variances) ** 2 / sum(terms)) if terms else float(n - len(estimates))
    two, lower, upper = _t_bounds(total, se, df, confidence)
    return AmountEstimate("combined", big_n, n, total / big_n, None, total, se, df, two, lower, upper)


def _with_audited_total(estimate: AmountEstimate, book_total: Optional[float]) -> AmountEstimate:
    if book_total is None or estimate.total is None:
        return estimate
    x = book_total
    audited = {
        "book_total": x,
        "point": x - estimate.total,
        "two_sided": None if estimate.two_sided is None else [x - estimate.two_sided[1], x - estimate.two_sided[0]],
        "one_sided_lower": None if estimate.upper is None else x - estimate.upper,
        "one_sided_upper": None if estimate.lower is None else x - estimate.lower,
    }
    return AmountEstimate(estimate.stratum, estimate.universe_size, estimate.sample_size, estimate.mean,
                          estimate.std_dev, estimate.total, estimate.standard_error, estimate.df,
                          estimate.two_sided, estimate.lower, estimate.upper, audited)


def _variable(estimator: str, variable: str, groups: Dict[str, List[float]], plans: Dict[str, StratumPlan],
              confidence: float) -> VariableAppraisal:
    strata = []
    for name, values in groups.items():
        estimate = amount_estimate(name, values, confidence, plans[name].universe_size)
        if estimator == "difference":
            estimate = _with_audited_total(estimate, plans[name].book_total)
        strata.append(estimate)
    combined = combined_amount(strata, confidence)
    if combined is not None and estimator == "difference":
        totals = [plans[name].book_total for name in groups]
        book_total = None if any(t is None for t in totals) else round(sum(totals), 2)
        combined = _with_audited_total(combined, book_total)
    return VariableAppraisal(estimator, variable, tuple(strata), combined)


# -- the whole appraisal -------------------------------------------------------------------

def appraise(results: SampleResults, confidence: float = 0.90) -> Appraisal:
    """Attribute and variable appraisal of an audited sample."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    notes: List[str] = []
    plans = {p.name: p for p in results.strata}
    by_stratum: Dict[str, List[ReviewedCase]] = {name: [] for name in sorted(plans)}
    for case in results.cases:
        by_stratum[case.stratum].append(case)
    empty = [name for name, cases in by_stratum.items() if not cases]
    for name in empty:
        notes.append(f"stratum {name!r} has no reviewed case; the combined estimates leave it out")
        del by_stratum[name]
    if results.not_reviewed:
        notes.append(f"{len(results.not_reviewed)} sampled case(s) have no decision yet and are left out")
    if results.unreadable:
        notes.append(f"{len(results.unreadable)} sampled case(s) could not be read by the batch and are left out "
                     "(--unreadable error counts them in error)")

    rates = tuple(
        rate_estimate(name, sum(c.in_error for c in cases), len(cases), confidence, plans[name].universe_size)
        for name, cases in by_stratum.items()
    )
    combined = None
    if rates:
        if len(rates) == 1 or all(r.universe_size is not None for r in rates):
            combined = combined_rate(rates, confidence)
        else:
            notes.append("no combined rate: the universe size of each stratum is unknown (pass --sample)")
    else:
        notes.append("no reviewed case: nothing to estimate")

    def groups(attribute: str) -> Optional[Dict[str, List[float]]]:
        values = {name: [getattr(c, attribute) for c in cases] for name, cases in by_stratum.items()}
        if not values or any(v is None for vs in values.values() for v in vs):
            return None
        return values

    mean_per_unit = difference = None
    errors = groups("error_amount")
    if errors is not None:
        mean_per_unit = _variable("mean_per_unit", "error_amount", errors, plans, confidence)
    elif rates:
        notes.append("no mean-per-unit estimate: the error amount of some case in error is unknown")
    books, audits = groups("book_amount"), groups("audited_amount")
    if books is not None and audits is not None:
        diffs = {name: [round(b - a, 2) for b, a in zip(books[name], audits[name])] for name in books}
        difference = _variable("difference", "book_amount - audited_amount", diffs, plans, confidence)
    elif rates:
        notes.append("no difference estimate: book and audited amounts are not known for every reviewed case")
    single = [name for name, cases in by_stratum.items()
              if len(cases) == 1 and (plans[name].universe_size is None or plans[name].universe_size > 1)]
    if single and (mean_per_unit is not None or difference is not None):
        notes.append(f"stratum {single[0]!r}" + (f" (and {len(single) - 1} more)" if len(single) > 1 else "")
                     + " has one reviewed case: its dollar variance cannot be estimated, so no dollar bounds")
    if rates and any(p.universe_size is None for p in plans.values()):
        notes.append("universe size unknown: dollar bounds are per claim, not projected (pass --sample or --universe-size)")
    return Appraisal(confidence, results, rates, combined, mean_per_unit, difference, tuple(notes))
