"""DOC-GATING-MISSING."""
from __future__ import annotations

from ._base import Flag, evidence_of, register, report_extraction


@register("DOC-GATING-MISSING", severity="warning")
def check(facts, claim, policy):
    """ECG gating or triggering is not documented.

    Coronary calcium scoring is acquired with prospective ECG triggering or retrospective
    gating; a report that does not say so (or says the scan was not gated) does not show
    the study performed was a cardiac calcium-scoring CT rather than a chest CT (CPT 75571
    coding guidance; SCCT/STR calcium-scoring guideline, Hecht 2017).

    Fails:  "Non-contrast CT of the chest was performed."
    Passes: "Prospectively ECG-triggered non-contrast acquisition."
    """
    report = report_extraction(facts)
    if report is None:
        return
    gated = report.ecg_gated
    if gated is not None and gated.value:
        return
    stated = gated is not None
    yield Flag(
        message="The report states the acquisition was not ECG-gated." if stated
        else "The report does not document ECG gating or triggering.",
        remedy="Document the ECG gating/triggering technique in the report (addendum), or review "
               "whether 75571 is the right code for the study performed.",
        evidence=evidence_of(gated),
    )
