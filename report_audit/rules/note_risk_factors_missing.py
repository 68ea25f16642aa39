"""NOTE-RISK-FACTORS-MISSING."""
from __future__ import annotations

from ..icd import RISK_FACTOR_CONCEPTS
from ._base import Flag, register


@register("NOTE-RISK-FACTORS-MISSING", severity="warning")
def check(facts, claim, policy):
    """The ordering note documents no recognised cardiovascular risk factor.

    Calcium scoring is for risk stratification: commercial policies want intermediate
    risk plus at least one recognised risk factor (dyslipidemia, family history of
    premature CAD, diabetes, hypertension; smoking, obesity, CKD count clinically)
    (2018 AHA/ACC cholesterol guideline; payer CAC policies, e.g. BCBS Kansas).
    Negated mentions and relatives' conditions are not the patient's risk factors.

    Fails:  "No history of diabetes or hypertension. Never smoker."
    Passes: "History of hyperlipidemia on atorvastatin."
    """
    note = facts.note
    if note is None or any(rf.name in RISK_FACTOR_CONCEPTS for rf in note.risk_factors):
        return
    yield Flag(
        message="The ordering note documents no recognised cardiovascular risk factor.",
        remedy="Ask the ordering provider to document the patient's risk factors (e.g. dyslipidemia, "
               "family history of premature CAD, diabetes, hypertension, smoking).",
    )
