"""CLM-INTERMEDIATE-RISK-MISSING."""
from __future__ import annotations

from ._base import Flag, all_extractions, cac_lines, claim_evidence, register


@register("CLM-INTERMEDIATE-RISK-MISSING", severity="error", carc="CO-50")
def check(facts, claim, policy):
    """The payer requires documented intermediate cardiovascular risk and the documents don't show it.

    Commercial criteria (e.g. BCBS Kansas) cover 75571 for intermediate risk — stated as
    such, or a 10-year ASCVD risk of 7.5 to <20 % (2018 AHA/ACC cholesterol guideline) —
    with a supporting diagnosis; otherwise CARC 50. The extraction sets
    ``intermediate_risk`` from either. When the ordering note is missing (NOTE-MISSING)
    and the report does not show it either, this check waits for the note.

    Fails:  BCBS Kansas, note without risk estimate (or "ASCVD 4.2 %", "high risk").
    Passes: "10-year ASCVD risk 12.4 %" or "intermediate risk" in the note.
    """
    if not cac_lines(claim) or policy is None or not policy.requires_intermediate_risk:
        return
    extractions = all_extractions(facts)
    if any(x.intermediate_risk is not None and x.intermediate_risk.value for x in extractions):
        return
    if facts.note is None and facts.report is not None:
        return  # cannot be evaluated without the note; NOTE-MISSING reports it
    ascvd = next((x.ascvd_risk_percent for x in extractions if x.ascvd_risk_percent is not None), None)
    stated = next((x.intermediate_risk for x in extractions if x.intermediate_risk is not None), None)
    detail = f" (stated 10-year ASCVD risk {ascvd.value:g} % is outside 7.5 to <20 %)" if ascvd is not None else ""
    yield Flag(
        message=f"Payer policy {policy.id} requires documented intermediate cardiovascular risk; "
                f"the documents do not show it{detail}.",
        remedy="Ask the ordering provider to document the 10-year ASCVD risk estimate (intermediate: "
               "7.5 to <20 %) or the intermediate-risk assessment in the note.",
        evidence=[e for e in (ascvd.evidence if ascvd else None, stated.evidence if stated else None) if e]
        + [claim_evidence(f"policy = {policy.id}")],
    )
