"""CLM-MEDICARE-NONCOVERED."""
from __future__ import annotations

from ._base import Flag, cac_lines, claim_evidence, payer_type, register


@register("CLM-MEDICARE-NONCOVERED", severity="error", carc="CO-96")
def check(facts, claim, policy):
    """75571 is billed to traditional Medicare, which does not cover it.

    Medicare has no National Coverage Determination for coronary calcium scoring and
    treats it as screening: claims deny with CARC 96 (non-covered charge). The patient
    signs an ABN before the scan and pays; if a Medicare denial is needed for a secondary
    payer, the line carries GA (ABN on file) or GY (CMS: no NCD for 75571; Medicare
    Claims Processing Manual ch. 30 §50 on ABNs). Medicare Advantage is CLM-MA-VERIFY.
    A user policy with ``covers_75571: false`` fires this rule too.

    Fails:  payer.type "medicare", a 75571 line.
    Passes: payer.type "medicare_advantage" or "commercial".
    """
    lines = cac_lines(claim)
    if not lines:
        return
    medicare = payer_type(claim) == "medicare"
    noncovering_policy = policy is not None and not policy.covers_75571
    if not (medicare or noncovering_policy):
        return
    who = "traditional Medicare" if medicare else f"payer policy {policy.id}"
    modifiers = sorted({m for _, line in lines for m in line.modifiers if m in ("GA", "GY", "GX", "GZ")})
    note = f" (line carries {', '.join(modifiers)}: denial expected)" if modifiers else ""
    yield Flag(
        message=f"75571 is not covered by {who}{note}.",
        remedy="Do not submit 75571 to this payer: collect self-pay under the signed ABN; if a denial is "
               "needed for a secondary payer, submit with GA (ABN on file) or GY.",
        evidence=[claim_evidence(f"payer.type = {payer_type(claim)}")] if medicare
        else [claim_evidence(f"policy = {policy.id}")],
    )
