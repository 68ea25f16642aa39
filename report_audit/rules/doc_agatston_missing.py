"""DOC-AGATSTON-MISSING."""
from __future__ import annotations

from ._base import Flag, register, report_extraction


@register("DOC-AGATSTON-MISSING", severity="error")
def check(facts, claim, policy):
    """The report states no numeric current coronary Agatston total.

    CPT 75571 is CT "with quantitative evaluation of coronary calcium": the number is the
    service. "Coronary calcification is present" without a score does not document it,
    and an omitted score is a common audit trigger (CPT 75571 descriptor and coding
    guidance; SCCT CAC-DRS, Hecht 2018: the Agatston score is the reported metric).

    Fails:  "Coronary artery calcification is present in the LAD."
    Passes: "Total coronary Agatston score: 145."

    Two different current totals are DOC-SCORE-CONFLICT, not a missing score.
    """
    report = report_extraction(facts)
    if report is None or report.agatston_total is not None or report.agatston_mentions:
        return
    yield Flag(
        message="The report states no numeric coronary artery calcium (Agatston) total.",
        remedy="Have the interpreting physician add the total Agatston score (e.g. an addendum "
               "\"Total coronary Agatston score: N\") before the claim is released.",
    )
