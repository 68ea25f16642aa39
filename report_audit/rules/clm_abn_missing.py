"""CLM-ABN-MISSING."""
from __future__ import annotations

from ._base import Flag, cac_lines, claim_evidence, payer_type, register

ABN_MODIFIERS = ("GA", "GX")  # GA: ABN on file (required); GX: voluntary ABN on file


@register("CLM-ABN-MISSING", severity="error")
def check(facts, claim, policy):
    """Traditional Medicare is primary and no ABN is on file.

    Medicare does not pay for 75571; the practice may bill the patient only with an
    Advance Beneficiary Notice (CMS-R-131) signed before the scan — otherwise the
    practice absorbs the cost (Medicare Claims Processing Manual ch. 30 §50; GA/GX
    modifiers signal an ABN on file, GZ that none was obtained). An ABN is shown by
    ``abn_on_file: true`` or a GA/GX modifier on the 75571 line; a claim that does not
    state ``abn_on_file`` has no ABN on file.

    Fails:  payer.type "medicare", abn_on_file false (or missing, or GZ on the line).
    Passes: payer.type "medicare" with abn_on_file true or GA on the 75571 line.
    """
    lines = cac_lines(claim)
    if not lines:
        return
    if not (payer_type(claim) == "medicare" or (policy is not None and policy.requires_abn)):
        return
    if claim.abn_on_file or any(m in ABN_MODIFIERS for _, line in lines for m in line.modifiers):
        return
    stated = "abn_on_file = false" if claim.abn_on_file is False else "abn_on_file not stated"
    yield Flag(
        message=f"Traditional Medicare is primary for 75571 and no ABN is on file ({stated}).",
        remedy="Obtain a signed ABN (CMS-R-131) before the scan; without one the cost cannot be billed "
               "to the patient.",
        evidence=[claim_evidence(f"payer.type = {payer_type(claim)}"), claim_evidence(stated)],
    )
