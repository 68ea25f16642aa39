"""DOC-CONTRAST-DOCUMENTED."""
from __future__ import annotations

from ._base import Flag, evidence_of, register, report_extraction


@register("DOC-CONTRAST-DOCUMENTED", severity="error")
def check(facts, claim, policy):
    """The report documents intravenous contrast, which 75571 (non-contrast) excludes.

    CPT 75571 is "Computed tomography, heart, without contrast material, with
    quantitative evaluation of coronary calcium". A study with IV contrast is a CCTA
    (75572–75574), which already includes calcium scoring when done together (CPT
    descriptor; NCCI edits 75574/75571).

    Fails:  "Following IV administration of 80 mL iohexol ..."
    Passes: "Non-contrast, prospectively ECG-triggered acquisition."
    """
    report = report_extraction(facts)
    if report is None or report.contrast_administered is None or not report.contrast_administered.value:
        return
    yield Flag(
        message="The report documents intravenous contrast; 75571 is a non-contrast study.",
        remedy="Confirm the study performed: bill the contrast study (75572-75574) instead of 75571, "
               "or correct the report if no contrast was given.",
        evidence=evidence_of(report.contrast_administered),
    )
