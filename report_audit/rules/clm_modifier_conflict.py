"""CLM-MODIFIER-CONFLICT.

Modifiers valid on 75571, and why:

- 26, TC — professional / technical component (75571 has a PC/TC split on the MPFS).
- 52 — reduced service; 59, XE, XP, XS, XU — distinct procedural service. Valid but
  unusual on 75571: CLM-MODIFIER-REVIEW asks a person to look.
- 76, 77 — repeat procedure by the same / another physician.
- GA, GX, GY, GZ — liability notices (ABN required on file, voluntary ABN, statutorily
  excluded, no ABN: expect denial); used with traditional Medicare.
- CT — CT scan on equipment not meeting NEMA XR-29 (applies to all CT codes).
- GC — service performed in part by a resident under a teaching physician (26/global).
- Q5, Q6 — substitute physician billing arrangements.
- PO, PN — services at an off-campus provider-based department (OPPS).

Not valid: 91 (repeat *clinical diagnostic laboratory* test; for 80047–89398, not
imaging), 50/LT/RT (no laterality for the heart), 33 (ACA preventive service: 75571 is
not a USPSTF A/B service), and anything else. Contradictions: 26 with TC (the global
service is billed with neither), GA or GX with GZ (ABN on file and not on file).
"""
from __future__ import annotations

from ._base import CAC_CODE, Flag, claim_evidence, register

VALID_MODIFIERS_75571 = frozenset({
    "26", "TC", "52", "59", "XE", "XP", "XS", "XU", "76", "77",
    "GA", "GX", "GY", "GZ", "CT", "GC", "Q5", "Q6", "PO", "PN",
})


@register("CLM-MODIFIER-CONFLICT", severity="error")
def check(facts, claim, policy):
    """A line carries contradictory modifiers (26 with TC) or a modifier not valid for 75571.

    Modifier 26 bills the professional component and TC the technical component; on one
    line together they contradict (bill the global service with neither) and the line is
    rejected (Medicare Physician Fee Schedule PC/TC indicator 1 for 75571; Medicare
    Claims Processing Manual ch. 13, radiology PC/TC billing). A modifier that does not apply to a non-contrast cardiac CT (e.g. 91,
    a laboratory modifier) is a coding error. See the module docstring for the list.

    Fails:  75571 with ["26", "TC"], or ["91"].
    Passes: 75571 with ["26"], ["TC"], or none (global).
    """
    if claim is None:
        return
    for index, line in enumerate(claim.lines):
        mods = line.modifiers
        shown = claim_evidence(f"lines[{index}].modifiers = {mods!r}")
        if "26" in mods and "TC" in mods:
            yield Flag(
                message=f"Line {index + 1} ({line.code}) carries both 26 and TC.",
                remedy="Bill the global service without either modifier, or split into a 26 line "
                       "(professional) and a TC line (technical) billed by the respective party.",
                evidence=[shown],
            )
        if "GZ" in mods and ("GA" in mods or "GX" in mods):
            yield Flag(
                message=f"Line {index + 1} ({line.code}) carries GZ with {'GA' if 'GA' in mods else 'GX'} "
                        "(ABN not on file vs on file).",
                remedy="Keep the modifier that matches whether a signed ABN is on file.",
                evidence=[shown],
            )
        if line.code != CAC_CODE:
            continue
        invalid = [m for m in mods if m not in VALID_MODIFIERS_75571]
        if invalid:
            yield Flag(
                message=f"Line {index + 1} (75571) carries modifier(s) not valid for 75571: {', '.join(invalid)}.",
                remedy="Remove or correct the modifier(s).",
                evidence=[shown],
            )
