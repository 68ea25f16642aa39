"""CLM-ICD-INVALID."""
from __future__ import annotations

from .. import icd
from ._base import Flag, claim_evidence, register


@register("CLM-ICD-INVALID", severity="error")
def check(facts, claim, policy):
    """A diagnosis is not a valid, billable (leaf) ICD-10-CM code.

    Claims must carry codes valid on the date of service, to the highest specificity: a
    category that has subcodes (E78, I25.1) or a code that does not exist in the current
    ICD-10-CM release is rejected (ICD-10-CM Official Guidelines for Coding and
    Reporting, Section I.A.; HIPAA code-set standard 45 CFR 162.1002). Checked offline
    against the full code set shipped with ``simple-icd-10-cm``.

    Fails:  "E78" (has subcodes), "Z13.60" (does not exist).
    Passes: "E78.5", "e785", "Z13.6".
    """
    if claim is None:
        return
    for index, code in enumerate(claim.diagnoses):
        if icd.is_valid_billable(code):
            continue
        children = icd.billable_children(code)
        if children:
            problem = f"is a category with subcodes, not billable (e.g. {', '.join(children)})"
            remedy = "Code to the highest specificity the documentation supports (a billable subcode)."
        else:
            problem = "is not a code in the current ICD-10-CM release"
            remedy = "Correct the code (check for typos and for codes deleted in the current release)."
        role = "primary diagnosis" if index == 0 else f"diagnosis {index + 1}"
        yield Flag(
            message=f"The {role} {code} {problem}.",
            remedy=remedy,
            evidence=[claim_evidence(f"diagnoses[{index}] = {code}")],
        )
