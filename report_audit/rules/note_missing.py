"""NOTE-MISSING."""
from __future__ import annotations

from ._base import Flag, claim_evidence, register


@register("NOTE-MISSING", severity="error")
def check(facts, claim, policy):
    """A claim is audited without the ordering provider's note.

    The medical necessity of 75571 — indication, risk factors, why calcium scoring now —
    is documented by the ordering provider, not in the radiology report; payers request
    the order and note on review (42 CFR 410.32(a): a diagnostic test is ordered by the
    treating physician, whose records must support it; CARC 50 / remark N115 denials).

    Fails:  ``check --report r.txt --claim c.json`` (no ``--note``).
    Passes: ``check --report r.txt --note n.txt --claim c.json``.
    """
    if claim is None or facts.note is not None:
        return
    yield Flag(
        message=f"Claim {claim.claim_id} is audited without the ordering provider's note; "
                "medical necessity cannot be verified.",
        remedy="Attach the ordering note (indication, risk factors, reason for calcium scoring) "
               "and audit again.",
        evidence=[claim_evidence(f"claim_id = {claim.claim_id}")],
    )
