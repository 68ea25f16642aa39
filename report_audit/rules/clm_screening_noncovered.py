"""CLM-SCREENING-NONCOVERED."""
from __future__ import annotations

from ..icd import concept_for
from ._base import Flag, cac_lines, claim_evidence, register, screening_fact


@register("CLM-SCREENING-NONCOVERED", severity="error", carc="CO-50")
def check(facts, claim, policy):
    """The payer excludes asymptomatic screening and the documents or a Z13.6 primary say screening.

    Some payers deny 75571 when it is documented as coronary artery disease screening of
    an asymptomatic member (e.g. Horizon BCBS New Jersey medical policy; CARC 50, not
    medically necessary). Screening is shown by ``screening: true`` in the report or the
    note, or by Z13.6 (encounter for screening for cardiovascular disorders) as the
    primary diagnosis.

    Fails:  Horizon BCBSNJ, note "asymptomatic, screening for CAD" or primary dx Z13.6.
    Passes: the same payer with a diagnostic indication; or a payer without the exclusion.
    """
    if not cac_lines(claim) or policy is None or not policy.excludes_screening:
        return
    evidence = []
    reasons = []
    screening = screening_fact(facts)
    if screening is not None:
        reasons.append("the documents describe screening")
        if screening.evidence is not None:
            evidence.append(screening.evidence)
    primary = claim.primary_diagnosis
    if primary is not None and concept_for(primary) == "screening":
        reasons.append(f"the primary diagnosis is {primary}")
        evidence.append(claim_evidence(f"diagnoses[0] = {primary}"))
    if not reasons:
        return
    yield Flag(
        message=f"Payer policy {policy.id} excludes asymptomatic screening and {' and '.join(reasons)}.",
        remedy="Do not bill 75571 to this payer as screening: if the study was diagnostic, document the "
               "indication and code it; otherwise collect self-pay with the patient's written consent.",
        evidence=evidence,
    )
