"""CLM-ICD-UNSUPPORTED."""
from __future__ import annotations

from .. import icd
from ._base import Flag, claim_evidence, documented_names, register, screening_fact

_LABELS = {
    "hyperlipidemia": "hyperlipidemia", "family_history_cad": "family history of CAD",
    "diabetes": "diabetes", "hypertension": "hypertension", "tobacco_use": "tobacco use",
    "known_cad": "known coronary artery disease", "obesity": "obesity",
    "chronic_kidney_disease": "chronic kidney disease", "chest_pain": "chest pain",
    "dyspnea": "dyspnea", "palpitations": "palpitations", "syncope": "syncope",
    "screening": "asymptomatic screening",
}


@register("CLM-ICD-UNSUPPORTED", severity="error", also=("warning", "info"))
def check(facts, claim, policy):
    """A diagnosis names a condition that neither the note nor the report documents.

    Every diagnosis on the claim must be supported by the medical record; pairing is the
    most cited denial reason for 75571, and a primary diagnosis that does not match the
    documented indication triggers medical review (ICD-10-CM Official Guidelines,
    Section IV; CARC 50 / remark N115). Each code maps to a concept (``icd.concept_for``:
    E78.* hyperlipidemia, Z82.4* family history of CAD, E08–E13 diabetes, I10–I16
    hypertension, F17.2*/Z87.891/Z72.0 tobacco, I25.* known CAD, E66.* obesity, N18.*
    CKD, R07.* chest pain, Z13.6 screening); the concept must be among the risk factors
    or symptoms the documents state (Z13.6: ``screening: true``). Severity: error for the
    primary diagnosis, warning for the others; a valid code outside the map cannot be
    checked automatically and is reported as info.

    Fails:  primary E11.9 and neither document mentions diabetes.
    Passes: E78.5 with "history of hyperlipidemia" in the note.
    """
    if claim is None:
        return
    documented = documented_names(facts)
    screening = screening_fact(facts)
    for index, code in enumerate(claim.diagnoses):
        concept = icd.concept_for(code)
        role = "primary diagnosis" if index == 0 else f"diagnosis {index + 1}"
        where = claim_evidence(f"diagnoses[{index}] = {code}")
        if concept is None:
            if icd.is_valid_billable(code):  # an invalid code is CLM-ICD-INVALID's
                yield Flag(
                    message=f"The {role} {code} is outside the concept map; its support in the "
                            "documents was not checked automatically.",
                    remedy="Confirm by reading the note and the report that they document this diagnosis.",
                    evidence=[where], severity="info",
                )
            continue
        if concept == "screening" and screening is not None:
            continue
        if concept in documented:
            continue
        yield Flag(
            message=f"The {role} {code} ({_LABELS[concept]}) is documented in neither the ordering note "
                    "nor the report.",
            remedy="Code only what the documentation supports, or have the ordering provider document "
                   "the condition.",
            evidence=[where], severity="error" if index == 0 else "warning",
        )
