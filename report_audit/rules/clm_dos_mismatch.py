"""CLM-DOS-MISMATCH."""
from __future__ import annotations

from ._base import Flag, cac_lines, claim_evidence, parse_iso, register


@register("CLM-DOS-MISMATCH", severity="error")
def check(facts, claim, policy):
    """A 75571 line's date of service differs from the report's exam date.

    The date of service of a diagnostic test is the date it was performed; a claim date
    that is not the exam date in the report is a documentation mismatch and a common
    audit finding (CMS: a diagnostic test's date of service is the date it is performed;
    837P line service date DTP*472). Checked only when both dates exist.

    Fails:  line date 2025-03-05, report "Exam date: 03/04/2025".
    Passes: both 2025-03-04.
    """
    if claim is None:
        return
    exam = facts.extraction.exam_date
    if exam is None and facts.report is not None:
        exam = facts.report.exam_date
    exam_date = parse_iso(exam.value) if exam is not None else None
    if exam_date is None:
        return
    for index, line in cac_lines(claim):
        if line.date_of_service is None or line.date_of_service == exam_date:
            continue
        yield Flag(
            message=f"Line {index + 1} (75571) date of service {line.date_of_service.isoformat()} differs "
                    f"from the report's exam date {exam_date.isoformat()}.",
            remedy="Correct the claim's date of service to the date the study was performed "
                   "(or have the report's exam date corrected).",
            evidence=[e for e in (exam.evidence,) if e is not None]
            + [claim_evidence(f"lines[{index}].date_of_service = {line.date_of_service.isoformat()}")],
        )
