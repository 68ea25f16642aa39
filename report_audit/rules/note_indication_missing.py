"""NOTE-INDICATION-MISSING."""
from __future__ import annotations

from ._base import Flag, register


@register("NOTE-INDICATION-MISSING", severity="error")
def check(facts, claim, policy):
    """The ordering note states no clinical indication for the study.

    An order must say why the test is needed; without an indication the diagnosis codes
    on the claim have nothing to rest on and a reviewer denies for medical necessity
    (42 CFR 410.32(a): diagnostic tests must be ordered by the treating physician who
    uses the results; CARC 50 with remark N115).

    Fails:  a note that orders "CT calcium score" and lists medications only.
    Passes: "Reason for exam: risk stratification, hyperlipidemia, family history of CAD."
    """
    note = facts.note
    if note is None or note.indication is not None or note.indications:
        return
    yield Flag(
        message="The ordering note states no clinical indication for the calcium-scoring CT.",
        remedy="Ask the ordering provider to document the indication (reason for the study) in the note.",
    )
