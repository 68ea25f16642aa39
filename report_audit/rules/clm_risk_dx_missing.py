"""CLM-RISK-DX-MISSING."""
from __future__ import annotations

from .. import icd
from ._base import Flag, cac_lines, claim_evidence, register

RISK_DX_CONCEPTS = ("hyperlipidemia", "family_history_cad", "diabetes", "hypertension")


@register("CLM-RISK-DX-MISSING", severity="warning", carc="CO-50")
def check(facts, claim, policy):
    """No claim diagnosis reflects a recognised risk factor (dyslipidemia, family history, diabetes, hypertension).

    Payer CAC policies pay for risk stratification of patients with a recognised risk
    factor; a 75571 claim coded only with screening (Z13.6), symptoms (R07.*) or
    unrelated codes is a likely medical-necessity denial (CARC 50). Recognised: E78.*
    (dyslipidemia), Z82.4* (family history of ischemic heart disease), E08–E13
    (diabetes), I10–I16 (hypertension).

    Fails:  diagnoses ["Z13.6"] or ["R07.9"].
    Passes: diagnoses ["Z13.6", "E78.5"].
    """
    if not cac_lines(claim):
        return
    if any(icd.concept_for(code) in RISK_DX_CONCEPTS for code in claim.diagnoses):
        return
    listed = ", ".join(claim.diagnoses) if claim.diagnoses else "none"
    yield Flag(
        message=f"No claim diagnosis reflects a recognised cardiovascular risk factor (diagnoses: {listed}).",
        remedy="Add the documented risk-factor diagnosis (e.g. E78.5, Z82.49, E11.x, I10) if the note "
               "supports it.",
        evidence=[claim_evidence(f"diagnoses = {claim.diagnoses}")],
    )
