"""CLM-PRIOR-AUTH-MISSING."""
from __future__ import annotations

from ._base import Flag, cac_lines, claim_evidence, register


@register("CLM-PRIOR-AUTH-MISSING", severity="error", carc="CO-15")
def check(facts, claim, policy):
    """The payer requires prior authorization for 75571 and the claim carries no number.

    Plans whose imaging is managed by AIM Specialty Health/Carelon (e.g. Anthem) or
    EviCore require prior authorization for cardiac CT; the authorization number must be
    on the claim or it denies (CARC 15 / 197). Whether a payer requires it is policy
    data (``requires_prior_auth``; benefit-manager policies are laid over the payer's by
    ``match_policy``).

    Fails:  Anthem or an EviCore-managed plan, prior_auth_number empty.
    Passes: the same with prior_auth_number "A123456789"; or a payer without the requirement.
    """
    if not cac_lines(claim) or policy is None or not policy.requires_prior_auth:
        return
    if claim.prior_auth_number:
        return
    yield Flag(
        message=f"Payer policy {policy.id} requires prior authorization for 75571 and the claim "
                "has no prior_auth_number.",
        remedy="Add the authorization number to the claim; if none was obtained, request a "
               "retro-authorization where the payer allows it.",
        evidence=[claim_evidence("prior_auth_number = null"), claim_evidence(f"policy = {policy.id}")],
    )
