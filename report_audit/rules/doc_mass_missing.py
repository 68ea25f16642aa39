"""DOC-MASS-MISSING."""
from __future__ import annotations

from ._base import Flag, register, report_extraction


@register("DOC-MASS-MISSING", severity="info")
def check(facts, claim, policy):
    """The report states no calcium mass score.

    The mass score (mg calcium hydroxyapatite) is reported where the scoring software
    computes it; not every vendor does, so its absence is informational only (SCCT/STR
    guideline for coronary calcium scoring, Hecht 2017).

    Fails:  "Agatston 145, volume 120 mm3." (no mass)
    Passes: "Agatston 145, volume 120 mm3, mass 25.3 mg."
    """
    report = report_extraction(facts)
    if report is None or report.mass_score is not None:
        return
    yield Flag(
        message="The report states no coronary calcium mass score.",
        remedy="Add the mass score (mg) if the scoring software reports one.",
    )
