"""DOC-VESSEL-SUM-MISMATCH."""
from __future__ import annotations

from ._base import Flag, evidence_of, fmt_number, register, report_extraction


@register("DOC-VESSEL-SUM-MISMATCH", severity="warning")
def check(facts, claim, policy):
    """The per-vessel Agatston scores do not add up to the total.

    The total Agatston score is the sum of the per-lesion (and so per-vessel) scores;
    a list whose sum (every listed vessel, ``OTHER`` included) is more than max(1 point,
    1 % of the total) away from the stated total signals a transcription error (Agatston
    et al., JACC 1990; SCCT/STR calcium-scoring guideline, Hecht 2017). Rounding of
    per-vessel values is tolerated by the 1-point floor. A partial list (not all of LM,
    LAD, LCX and RCA scored, as when a report names only the vessels free of calcium) can
    only show an error by exceeding the total: the vessels it leaves out hold the rest.

    Fails:  "LM 0, LAD 45, LCX 10, RCA 90. Total 245."
    Passes: "LM 0, LAD 45, LCX 10, RCA 90. Total 145."
    """
    report = report_extraction(facts)
    if report is None or report.agatston_total is None or not report.vessels:
        return
    total = report.agatston_total.value
    listed = sum(v.value for v in report.vessels.values())
    tolerance = max(1.0, 0.01 * abs(total))
    complete = {"LM", "LAD", "LCX", "RCA"} <= set(report.vessels)
    if abs(listed - total) <= tolerance or (not complete and listed < total):
        return
    names = ", ".join(report.vessels)
    yield Flag(
        message=f"Per-vessel scores ({names}) sum to {fmt_number(round(listed, 2))}, "
                f"but the stated Agatston total is {fmt_number(total)}.",
        remedy="Check the per-vessel values and the total against the scoring software and correct "
               "the report in an addendum.",
        evidence=evidence_of(report.agatston_total, *report.vessels.values()),
    )
