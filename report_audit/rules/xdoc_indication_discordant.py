"""XDOC-INDICATION-DISCORDANT."""
from __future__ import annotations

from ..icd import SYMPTOM_CONCEPTS
from ._base import Flag, register


def _screening(extraction):
    return extraction.screening if extraction.screening is not None and extraction.screening.value else None


def _symptoms(extraction):
    return [s for s in extraction.symptoms if s.name in SYMPTOM_CONCEPTS]


@register("XDOC-INDICATION-DISCORDANT", severity="warning")
def check(facts, claim, policy):
    """The report's indication contradicts the ordering note (screening vs. symptoms).

    The primary diagnosis must match the indication in both the note and the report;
    when one calls the study asymptomatic screening and the other documents symptoms
    (chest pain, dyspnea, palpitations, syncope) a reviewer cannot tell which is true,
    and discordance triggers medical review (payer CAC policies: calcium scoring is for
    asymptomatic risk stratification; an active chest-pain workup points to other tests).

    Fails:  note "asymptomatic, screening for CAD" / report "Indication: chest pain".
    Passes: both say screening, or both document the chest pain.
    """
    if facts.report is None or facts.note is None:
        return
    for screening_doc, symptom_doc in ((facts.report, facts.note), (facts.note, facts.report)):
        screening = _screening(screening_doc)
        symptoms = _symptoms(symptom_doc)
        if screening is None or not symptoms:
            continue
        one = "report" if screening_doc is facts.report else "ordering note"
        other = "ordering note" if one == "report" else "report"
        names = ", ".join(sorted({s.name for s in symptoms}))
        yield Flag(
            message=f"The {one} describes asymptomatic screening while the {other} documents symptoms ({names}).",
            remedy="Reconcile the indication with the ordering provider and the reader; code the diagnosis "
                   "that the corrected documentation supports.",
            evidence=[e for e in [screening.evidence, *(s.evidence for s in symptoms)] if e is not None],
        )
