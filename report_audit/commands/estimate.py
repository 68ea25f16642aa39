"""``report-audit estimate SAMPLE_RESULTS [--sample SAMPLE.csv] [--universe-size N]
[--confidence C] [--unreadable exclude|error] [--format text|json]``

Projects an audited sample onto its universe: the error rate with exact Clopper-Pearson
limits per stratum and combined, the projected number of claims in error, and the
dollars at risk (mean-per-unit and difference estimators) with t bounds. SAMPLE_RESULTS
is a batch result store of the sampled cases or a review-decision CSV (for instance the
sample file with ``in_error`` filled in). See ``report_audit.sampling.estimate``.
"""
from __future__ import annotations

import argparse
import json
import math
from typing import List, Optional, Sequence

from ..sampling.estimate import AmountEstimate, Appraisal, RateEstimate, VariableAppraisal, appraise
from ..sampling.results import UNREADABLE_POLICIES, load_results
from .sample import _fraction, _positive_int


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "estimate", help="project an audited sample's error rate and dollars onto the universe",
        description="Attribute and variable appraisal of an audited sample. SAMPLE_RESULTS is a batch result "
                    "store (a case with an error finding is in error) or a review-decision CSV (case_id, "
                    "in_error, optional stratum, book_amount, audited_amount, error_amount).")
    parser.add_argument("results", metavar="SAMPLE_RESULTS")
    parser.add_argument("--sample", metavar="SAMPLE.csv",
                        help="the sample file from 'report-audit sample': strata, universe sizes, the sampled "
                             "cases (needed for a store that holds more than the sample)")
    parser.add_argument("--universe-size", type=_positive_int, metavar="N",
                        help="universe size for an unstratified sample (default: from the sample file)")
    parser.add_argument("--confidence", type=_fraction, default=0.90, metavar="C",
                        help="confidence level, 0.90 or 90%% (default 0.90: OIG two-sided 90%% interval, "
                             "CMS one-sided 90%% lower bound)")
    parser.add_argument("--unreadable", choices=UNREADABLE_POLICIES, default="exclude",
                        help="store cases the batch could not read: leave out (default) or count in error")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(_estimate_parser=parser)
    return parser


def run(args: argparse.Namespace) -> int:
    if args.confidence <= 0:
        args._estimate_parser.error("--confidence must be above 0")
    results = load_results(args.results, args.sample, args.universe_size, args.unreadable)
    appraisal = appraise(results, args.confidence)
    if args.format == "json":
        print(json.dumps(appraisal.to_dict(), indent=2, sort_keys=False))
    else:
        print(render_text(appraisal))
    return 0


# -- text ----------------------------------------------------------------------------------

def _pct(value: Optional[float]) -> str:
    return "-" if value is None else f"{100.0 * value:.1f}%"


def _money(value: Optional[float]) -> str:
    if value is None:
        return "-"
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def _count(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{int(value):,}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> List[str]:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    lines = []
    for i, row in enumerate([header, *rows]):
        cells = [str(c).ljust(w) if j == 0 else str(c).rjust(w) for j, (c, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells).rstrip())
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return lines


def _rate_rows(estimates: Sequence[RateEstimate]) -> List[List[str]]:
    rows = []
    for e in estimates:
        p = e.projected or {}
        two = p.get("two_sided")
        rows.append([
            e.stratum, _count(e.universe_size), str(e.sample_size), str(e.errors), _pct(e.rate),
            f"{_pct(e.two_sided[0])} – {_pct(e.two_sided[1])}", _pct(e.lower), _pct(e.upper),
            _count(p.get("point")) if p else "-",
            f"{_count(two[0])} – {_count(two[1])}" if two else "-",
        ])
    return rows


def _amount_rows(estimates: Sequence[AmountEstimate]) -> List[List[str]]:
    rows = []
    for e in estimates:
        two = e.two_sided
        rows.append([
            e.stratum, _count(e.universe_size), str(e.sample_size), _money(e.mean),
            _money(e.total) if e.total is not None else "-",
            f"{_money(two[0])} – {_money(two[1])}" if two else "-",
            _money(e.lower), _money(e.upper),
        ])
    return rows


def _variable_lines(title: str, appraisal: VariableAppraisal, level: str) -> List[str]:
    lines = ["", title]
    estimates = list(appraisal.strata)
    if appraisal.combined is not None and len(estimates) > 1:
        estimates.append(appraisal.combined)
    per_claim = any(e.total is None for e in estimates)
    point = "mean" if per_claim else "total"
    lines += _table(["stratum", "N", "n", "mean/claim", "total", f"{level} two-sided ({point})",
                     f"{level} lower", f"{level} upper"], _amount_rows(estimates))
    audited = appraisal.combined.audited_total if appraisal.combined is not None else None
    if audited:
        lines.append(_audited_line(audited, level))
    return lines


def _audited_line(audited: dict, level: str) -> str:
    two = audited["two_sided"]
    return (f"  audited (supported) value of the universe: {_money(audited['point'])} "
            f"of {_money(audited['book_total'])} billed"
            + (f"; {level} two-sided {_money(two[0])} – {_money(two[1])}" if two else ""))


def _same_amounts(first: Optional[VariableAppraisal], second: VariableAppraisal) -> bool:
    if first is None or len(first.strata) != len(second.strata):
        return False
    pairs = list(zip(first.strata, second.strata)) + [(first.combined, second.combined)]
    for a, b in pairs:
        if (a is None) != (b is None):
            return False
        if a is None:
            continue
        for x, y in ((a.point, b.point), (a.lower, b.lower), (a.upper, b.upper)):
            if (x is None) != (y is None) or (x is not None and not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6)):
                return False
    return True


def render_text(appraisal: Appraisal) -> str:
    r = appraisal.results
    level = f"{100.0 * appraisal.confidence:g}%"
    kind = "batch result store" if r.kind == "store" else "review decisions"
    lines = [f"results: {r.path} ({kind}); {len(r.cases)} reviewed case(s)"]
    if r.design_source is not None:
        meta = r.design_meta
        lines.append(f"sample: {r.design_source} (seed {meta.get('seed', '?')}, {meta.get('method', '?')}, "
                     f"universe {meta.get('universe_file', '?')} sha256 {meta.get('universe_sha256', '?')[:12]}…)")

    estimates = list(appraisal.rates)
    if appraisal.combined_rate is not None and len(estimates) > 1:
        estimates.append(appraisal.combined_rate)
    if estimates:
        lines += ["", f"Claims in error (attribute appraisal, exact Clopper–Pearson limits, {level} confidence)"]
        lines += _table(["stratum", "N", "n", "errors", "rate", f"{level} two-sided", f"{level} lower",
                         f"{level} upper", "projected errors", f"{level} two-sided"], _rate_rows(estimates))
        if appraisal.combined_rate is not None and len(estimates) > 1:
            lines.append(f"  combined: {appraisal.combined_rate.method}")

    if appraisal.mean_per_unit is not None:
        lines += _variable_lines(f"Dollars in error (mean-per-unit on error_amount, Student t, {level} confidence)",
                                 appraisal.mean_per_unit, level)
    if appraisal.difference is not None:
        title = f"Dollars in error (difference estimator on book - audited, Student t, {level} confidence)"
        if _same_amounts(appraisal.mean_per_unit, appraisal.difference):
            lines += ["", title, "  the same amounts as mean-per-unit: every error amount is book - audited"]
            audited = appraisal.difference.combined.audited_total if appraisal.difference.combined else None
            if audited:
                lines.append(_audited_line(audited, level))
        else:
            lines += _variable_lines(title, appraisal.difference, level)
    demand = appraisal.mean_per_unit.combined if appraisal.mean_per_unit is not None else None
    if demand is not None and demand.total is not None and demand.lower is not None:
        lines += ["", f"A payer extrapolating this sample would demand the one-sided {level} lower bound: "
                      f"{_money(max(0.0, demand.lower))} (point estimate {_money(demand.total)})."]
    if appraisal.notes:
        lines.append("")
        lines += [f"note: {note}" for note in appraisal.notes]
    return "\n".join(lines)
