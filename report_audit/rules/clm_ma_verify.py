"""CLM-MA-VERIFY."""
from __future__ import annotations

from ._base import Flag, cac_lines, claim_evidence, payer_type, register


@register("CLM-MA-VERIFY", severity="warning")
def check(facts, claim, policy):
    """Medicare Advantage: coverage of 75571 is a plan supplemental benefit to verify.

    Unlike traditional Medicare, a Medicare Advantage plan may cover calcium scoring as
    a supplemental benefit (42 CFR 422.102); whether this member's plan does is in its
    Evidence of Coverage. Fires for payer.type "medicare_advantage" or a policy with
    ``verify_supplemental_benefit: true``.

    Fails:  payer.type "medicare_advantage", a 75571 line.
    Passes: payer.type "medicare" (that is CLM-MEDICARE-NONCOVERED) or "commercial".
    """
    if not cac_lines(claim):
        return
    if not (payer_type(claim) == "medicare_advantage" or (policy is not None and policy.verify_supplemental_benefit)):
        return
    plan = claim.payer.plan_id if claim.payer is not None else None
    yield Flag(
        message="Medicare Advantage plan: 75571 is covered only if the plan offers it as a supplemental benefit"
                + (f" (plan {plan})." if plan else "."),
        remedy="Verify the benefit in the plan's Evidence of Coverage (or obtain the plan's pre-service "
               "determination) before release.",
        evidence=[claim_evidence(f"payer.type = {payer_type(claim)}")],
    )
