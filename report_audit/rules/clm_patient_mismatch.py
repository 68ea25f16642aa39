"""CLM-PATIENT-MISMATCH.

How identifiers are compared:

- **name**, tolerantly: case, punctuation, titles (Mr, Dr) and suffixes (Jr, III) are
  ignored; "LAST, FIRST MIDDLE" and "First Middle Last" (and "LAST FIRST") are the same
  person; middle names and initials are ignored; a first name matches its initial
  ("J" ~ "JANE") or a prefix of 3+ letters ("CHRIS" ~ "CHRISTOPHER"); a compound
  surname matches one of its parts ("GARCIA LOPEZ" ~ "GARCIA") and hyphens, spaces and
  apostrophes inside it do not matter ("O'Brien-Smith" ~ "OBRIEN SMITH").
- **MRN**: letters and digits only, case-insensitive, and **leading zeros ignored**
  ("00417733" ~ "417733"): EHR exports and billing systems pad or strip zeros of
  numeric MRNs, so a difference in zeros alone is formatting, not another patient.
- an **account number** read as the record number (only when the document states no MRN:
  "Account Number: 40213" in an office EHR's header) is not compared: a hospital's account
  number is the visit's, not the patient's, and would raise a false mismatch.
- **date of birth**: exactly, as dates (ISO or US format).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ..claim import parse_date
from ._base import Flag, claim_evidence, register

ACCOUNT_NUMBER_RULE = "patient-account-number"  # patterns/targets.jsonl
_TITLES = {"MR", "MRS", "MS", "MISS", "DR", "PROF"}
_SUFFIXES = {"JR", "SR", "II", "III", "IV", "V", "MD", "DO", "PHD"}


def _words(text: str) -> list[str]:
    text = re.sub(r"['\u2019`.]", "", text.upper())
    return [w for w in re.split(r"[^A-Z]+", text) if w and w not in _TITLES and w not in _SUFFIXES]


def _readings(name: str) -> list[tuple[tuple[str, ...], Optional[str]]]:
    """Possible (surname words, first name) readings of a name."""
    if "," in name:
        last, given = name.split(",", 1)
        last_words, given_words = tuple(_words(last)), _words(given)
        return [(last_words, given_words[0] if given_words else None)] if last_words else []
    words = _words(name)
    if not words:
        return []
    if len(words) == 1:
        return [((words[0],), None)]
    readings = [((words[-1],), words[0]), ((words[0],), words[1])]
    if len(words) > 2:
        readings.append((tuple(words[1:]), words[0]))
    return readings


def _surnames_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return "".join(a) == "".join(b) or set(a) <= set(b) or set(b) <= set(a)


def _first_names_match(a: Optional[str], b: Optional[str]) -> bool:
    if a is None or b is None or a == b:
        return True
    short, long = sorted((a, b), key=len)
    return (len(short) == 1 and long.startswith(short)) or (len(short) >= 3 and long.startswith(short))


def names_match(a: str, b: str) -> bool:
    """True when two renderings of a patient name are the same person's (see module doc)."""
    ra, rb = _readings(a), _readings(b)
    if not ra or not rb:
        return True  # nothing comparable
    return any(_surnames_match(la, lb) and _first_names_match(fa, fb) for la, fa in ra for lb, fb in rb)


def mrns_match(a: str, b: str) -> bool:
    def norm(v: str) -> str:
        return re.sub(r"[^A-Z0-9]", "", v.upper()).lstrip("0") or "0"
    return norm(a) == norm(b)


def _is_account_number(fact) -> bool:
    return fact.evidence is not None and fact.evidence.pattern_id == ACCOUNT_NUMBER_RULE


def _as_date(value: object) -> Optional[date]:
    try:
        return parse_date(value)
    except ValueError:
        return None


@register("CLM-PATIENT-MISMATCH", severity="error")
def check(facts, claim, policy):
    """The report or note names a patient (name, MRN or date of birth) that differs from the claim's.

    A document attached to the wrong claim is a misfiled record: the claim is unsupported
    and the document is another patient's PHI (HIPAA minimum-necessary; payer medical-
    record requests match patient identifiers). Names are compared tolerantly, MRNs
    ignoring leading zeros, dates of birth exactly (module docstring).

    Fails:  claim DOE, JANE / report "Patient: Smith, Mary".
    Passes: claim "DOE, JANE" / report "Jane Q. Doe"; MRN "00417733" / "417733".
    """
    if claim is None or claim.patient is None:
        return
    patient = claim.patient
    seen = []
    documents = [*facts.extraction.patients,
                 *(facts.report.patients if facts.report else []),
                 *(facts.note.patients if facts.note else [])]
    for ids in documents:
        if ids in seen:
            continue
        seen.append(ids)
        doc = "report" if ids.source == "report" else "ordering note"
        checks = []
        if ids.name is not None and patient.name and not names_match(ids.name.value, patient.name):
            checks.append(("name", ids.name, f"patient.name = {patient.name}"))
        if ids.mrn is not None and patient.mrn and not mrns_match(ids.mrn.value, patient.mrn) \
                and not _is_account_number(ids.mrn):
            checks.append(("MRN", ids.mrn, f"patient.mrn = {patient.mrn}"))
        if ids.dob is not None and patient.dob is not None:
            stated = _as_date(ids.dob.value)
            if stated is not None and stated != patient.dob:
                checks.append(("date of birth", ids.dob, f"patient.dob = {patient.dob.isoformat()}"))
        for field, fact, claim_text in checks:
            yield Flag(
                message=f"The {doc}'s patient {field} differs from the claim's.",
                remedy=f"Confirm the {doc} belongs to this claim's patient; attach the right document or "
                       "correct the claim's patient data.",
                evidence=[e for e in (fact.evidence,) if e is not None] + [claim_evidence(claim_text)],
            )
