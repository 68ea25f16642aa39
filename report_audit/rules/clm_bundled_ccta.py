"""CLM-BUNDLED-CCTA."""
from __future__ import annotations

from ._base import Flag, cac_lines, claim_evidence, register

CCTA_CODES = ("75572", "75573", "75574")


@register("CLM-BUNDLED-CCTA", severity="error", carc="CO-97")
def check(facts, claim, policy):
    """75571 is billed on the same date of service as a contrast cardiac CT (75572–75574).

    NCCI bundles 75571 into 75572, 75573 and 75574: a CCTA done the same day already
    includes the calcium score. The edit is not appealable (CARC 97); the fix is to
    remove 75571 (NCCI Policy Manual ch. 9, radiology; NCCI PTP edits 75574/75571).
    A CCTA on another date is a separate encounter and does not bundle. A line without
    a date of service cannot be compared and does not fire.

    Fails:  lines 75571 and 75574, both 2025-03-04.
    Passes: 75571 on 2025-03-04 and 75574 on 2025-03-18.
    """
    if claim is None:
        return
    for i, line in cac_lines(claim):
        if line.date_of_service is None:
            continue
        for j, other in enumerate(claim.lines):
            if other.code in CCTA_CODES and other.date_of_service == line.date_of_service:
                day = line.date_of_service.isoformat()
                yield Flag(
                    message=f"75571 is billed with {other.code} on the same date of service ({day}); "
                            f"{other.code} includes calcium scoring.",
                    remedy="Remove the 75571 line (NCCI bundled, not appealable).",
                    evidence=[claim_evidence(f"lines[{i}] = 75571 on {day}"),
                              claim_evidence(f"lines[{j}] = {other.code} on {day}")],
                )
