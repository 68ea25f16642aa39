"""CLM-MODIFIER-REVIEW."""
from __future__ import annotations

from ._base import Flag, cac_lines, claim_evidence, register

REVIEW_MODIFIERS = ("52", "59", "XE", "XP", "XS", "XU")


@register("CLM-MODIFIER-REVIEW", severity="warning")
def check(facts, claim, policy):
    """75571 carries 52 (reduced service) or 59 (or its X{EPSU} subsets): needs review.

    52 on a calcium score means a reduced study (e.g. scoring not completed) and usually
    needs a report that says so; 59 / XE / XP / XS / XU on 75571 is how the NCCI edit
    with 75574 gets bypassed, and is rarely justified because a same-day CCTA already
    includes the calcium score (NCCI Policy Manual ch. 1 §E on modifier 59; CMS MLN
    "Proper use of modifiers 59 & -X{EPSU}").

    Fails:  75571 with ["59"] or ["XU"] or ["52"].
    Passes: 75571 with ["26"].
    """
    for index, line in cac_lines(claim):
        flagged = [m for m in line.modifiers if m in REVIEW_MODIFIERS]
        if not flagged:
            continue
        yield Flag(
            message=f"Line {index + 1} (75571) carries modifier(s) {', '.join(flagged)}, unusual on 75571.",
            remedy="Confirm the report supports the modifier (reduced service documented; a genuinely "
                   "distinct encounter), or remove it.",
            evidence=[claim_evidence(f"lines[{index}].modifiers = {line.modifiers!r}")],
        )
