"""DOC-INTERPRETATION-MISSING."""
from __future__ import annotations

from ._base import Flag, register, report_extraction


@register("DOC-INTERPRETATION-MISSING", severity="error")
def check(facts, claim, policy):
    """The report gives no interpretation of clinical significance.

    75571 is a physician service: the interpreting physician must state what the score
    means — an impression/conclusion, or a risk category (none/minimal/mild/moderate/
    severe or a CAC-DRS class). Numbers alone are a technical printout (CPT guidance for
    diagnostic radiology: a written report with interpretation; SCCT CAC-DRS, Hecht 2018).

    Fails:  "Total Agatston score 145. Volume 120." and no impression.
    Passes: "IMPRESSION: Moderate coronary calcification (CAC-DRS A2/N3)."
    """
    report = report_extraction(facts)
    if report is None:
        return
    if report.impression is not None or report.risk_category_stated is not None or report.cac_drs is not None:
        return
    yield Flag(
        message="The report has no impression/conclusion and states no risk category or CAC-DRS class.",
        remedy="Have the interpreting physician add an impression stating the clinical significance "
               "(risk category or CAC-DRS class).",
    )
