"""DOC-SCORE-CONFLICT."""
from __future__ import annotations

from ._base import Flag, fmt_number, register, report_extraction


@register("DOC-SCORE-CONFLICT", severity="error")
def check(facts, claim, policy):
    """The report states two different current Agatston totals and no addendum resolves them.

    A final report must give one current coronary total; two (e.g. 145 in the findings,
    154 in the impression) leave the documented service ambiguous. An addendum that
    states the total is the correction and resolves the conflict, unless the addendum
    itself states two (CPT 75571 documentation; ACR practice parameter for communication
    of diagnostic imaging findings: corrections by addendum).

    Fails:  "Total Agatston score 145." ... "IMPRESSION: Agatston 154."
    Passes: the same, plus "ADDENDUM: the correct total is 145."
    """
    report = report_extraction(facts)
    if report is None:
        return
    mentions = report.agatston_mentions
    in_addendum = [m for m in mentions if m.in_addendum]
    considered = in_addendum or mentions
    values = sorted({round(m.value, 1) for m in considered})
    if len(values) < 2:
        return
    where = "the addendum" if in_addendum else "the report"
    yield Flag(
        message=f"{where[0].upper() + where[1:]} states {len(values)} different current Agatston totals "
                f"({', '.join(fmt_number(v) for v in values)}) with no addendum resolving them.",
        remedy="Have the interpreting physician issue an addendum stating the one correct total.",
        evidence=[m.evidence for m in considered],
    )
