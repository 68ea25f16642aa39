"""DOC-RISK-CATEGORY-DISCORDANT.

The recognised schemes (DOMAIN.md) over the Agatston total; a total of exactly 0 is
``none`` in every scheme:

==========  ===========  ==========  ============  ===========  ===========
scheme      none         minimal     mild          moderate     severe
==========  ===========  ==========  ============  ===========  ===========
default     0            —           1–99          100–399      ≥400
classic     0            1–10        11–100        101–400      >400
mesa        0            —           1–100         101–400      >400
cac_drs     0 (A0)       —           1–99 (A1)     100–299 (A2) ≥300 (A3)
==========  ===========  ==========  ============  ===========  ===========

Fractional totals fall on the side of the bound as written: "1–99" ends below 100 (99.5
is default-mild, CAC-DRS A1), "11–100" ends at 100 inclusive (100.5 is classic-moderate).
"""
from __future__ import annotations

import re
from typing import Optional

from ._base import Flag, evidence_of, fmt_number, register, report_extraction

INF = float("inf")

# scheme -> [(category, upper limit, upper limit inclusive)] for totals > 0; the first
# band whose upper limit admits the total is its category.
SCHEMES: dict[str, list[tuple[str, float, bool]]] = {
    "default": [("mild", 100, False), ("moderate", 400, False), ("severe", INF, False)],
    "classic": [("minimal", 10, True), ("mild", 100, True), ("moderate", 400, True), ("severe", INF, False)],
    "mesa": [("mild", 100, True), ("moderate", 400, True), ("severe", INF, False)],
    "cac_drs": [("mild", 100, False), ("moderate", 300, False), ("severe", INF, False)],
}
SCHEME_NAMES = {"default": "default", "classic": "classic (Rumberger)", "mesa": "MESA", "cac_drs": "CAC-DRS"}
_A_CLASS = re.compile(r"(?<![A-Z0-9])A\s*([0-3])(?![0-9])", re.IGNORECASE)


def category(total: float, scheme: str) -> str:
    """The category a total falls in under ``scheme``."""
    if total <= 0:
        return "none"
    for name, limit, inclusive in SCHEMES[scheme]:
        if total < limit or (inclusive and total == limit):
            return name
    raise AssertionError("unreachable: schemes cover every positive total")


def cac_drs_class(total: float) -> str:
    """A0 = 0, A1 = 1–99, A2 = 100–299, A3 ≥ 300 (Hecht 2018)."""
    if total <= 0:
        return "A0"
    if total < 100:
        return "A1"
    return "A2" if total < 300 else "A3"


def stated_a_class(cac_drs: str) -> Optional[str]:
    match = _A_CLASS.search(cac_drs)
    return f"A{match.group(1)}" if match else None


@register("DOC-RISK-CATEGORY-DISCORDANT", severity="error")
def check(facts, claim, policy):
    """The stated risk category (or CAC-DRS A-class) does not fit the Agatston total.

    Reports may grade the total with any recognised scheme — the default (0 / 1–99 /
    100–399 / ≥400), classic Rumberger (0 / 1–10 / 11–100 / 101–400 / >400), MESA
    (0 / 1–100 / 101–400 / >400) or CAC-DRS (A0 0, A1 1–99, A2 100–299, A3 ≥300;
    Hecht et al., SCCT CAC-DRS, J Cardiovasc Comput Tomogr 2018). A category that fits
    none of them (or the one the payer policy pins with ``risk_category_scheme``), or a
    CAC-DRS A-class that contradicts the total, is an internal inconsistency a reviewer
    will question.

    Fails:  "Agatston 450 ... IMPRESSION: mild coronary calcification."
    Passes: "Agatston 100 ... mild" (classic/MESA) and "Agatston 100 ... moderate" (default).
    """
    report = report_extraction(facts)
    if report is None or report.agatston_total is None:
        return
    total = report.agatston_total.value
    stated = report.risk_category_stated
    if stated is not None:
        pinned = policy.risk_category_scheme if policy is not None else None
        schemes = [pinned] if pinned else list(SCHEMES)
        expected = {category(total, s): None for s in schemes}
        if stated.value not in expected:
            under = f"the {SCHEME_NAMES[pinned]} scheme required by policy {policy.id}" if pinned \
                else "any recognised scheme (default, classic, MESA, CAC-DRS)"
            yield Flag(
                message=f"Stated risk category '{stated.value}' does not fit Agatston total "
                        f"{fmt_number(total)} under {under}; expected {' or '.join(expected)}.",
                remedy="Correct the risk category or the score in an addendum so they agree.",
                evidence=evidence_of(stated, report.agatston_total),
            )
    if report.cac_drs is not None:
        a_class = stated_a_class(report.cac_drs.value)
        if a_class is not None and a_class != cac_drs_class(total):
            yield Flag(
                message=f"Stated CAC-DRS class {a_class} contradicts Agatston total {fmt_number(total)} "
                        f"(CAC-DRS {cac_drs_class(total)}).",
                remedy="Correct the CAC-DRS class (A0 0, A1 1-99, A2 100-299, A3 >=300) or the score in an addendum.",
                evidence=evidence_of(report.cac_drs, report.agatston_total),
            )
