"""DOC-VOLUME-MISSING."""
from __future__ import annotations

from ._base import Flag, evidence_of, fmt_number, register, report_extraction


@register("DOC-VOLUME-MISSING", severity="warning")
def check(facts, claim, policy):
    """The report states no calcium volume score.

    A compliant 75571 report gives the Agatston total and the volume score (mm³); the
    volume score is the more reproducible metric for follow-up (CPT 75571 coding
    guidance; SCCT/STR guideline for coronary calcium scoring, Hecht 2017).

    Fails:  "Agatston score 145." and nothing else.
    Passes: "Agatston score 145. Volume score 120 mm3."
    """
    report = report_extraction(facts)
    if report is None or report.volume_score is not None:
        return
    total = report.agatston_total
    suffix = f" (Agatston total {fmt_number(total.value)})" if total is not None else ""
    yield Flag(
        message=f"The report states no coronary calcium volume score{suffix}.",
        remedy="Add the volume score (mm³) from the scoring software to the report.",
        evidence=evidence_of(total),
    )
