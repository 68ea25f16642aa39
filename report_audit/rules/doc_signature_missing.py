"""DOC-SIGNATURE-MISSING."""
from __future__ import annotations

from ._base import Flag, evidence_of, register, report_extraction


@register("DOC-SIGNATURE-MISSING", severity="error")
def check(facts, claim, policy):
    """The report has no interpreting physician signature or attestation.

    The professional component (modifier 26 or global) is billable only for a signed,
    final interpretation; a preliminary or unsigned report does not support the claim
    (Medicare Program Integrity Manual ch. 3 §3.3.2.4 signature requirements; ACR
    practice parameter for communication of diagnostic imaging findings).

    Fails:  "PRELIMINARY REPORT - not yet signed."
    Passes: "Electronically signed by Jane Roe, MD on 03/04/2025."
    """
    report = report_extraction(facts)
    if report is None:
        return
    signed = report.signed
    if signed is not None and signed.value:
        return
    yield Flag(
        message="The report is marked unsigned or preliminary." if signed is not None
        else "The report has no interpreting physician signature or attestation.",
        remedy="Hold the claim until the interpreting physician signs the final report.",
        evidence=evidence_of(signed),
    )
