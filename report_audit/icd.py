"""ICD-10-CM codes: validity against the full current code set, offline, and the concept
each diagnosis names.

Validity uses the ``simple-icd-10-cm`` package (the CMS tabular list it ships, e.g. the
April 2026 release). A *billable* code is a leaf category or subcategory: ``E78.5`` and
``I10`` are billable, ``E78`` (has subcodes) and ``E08-E13`` (a block) are not. Validity
reads ``data/icd10cm_codes.txt.gz``, an index generated from the package (30 ms instead
of the package's 1.5 s import, which was most of a single ``check``); descriptions and
children load the package itself, lazily.

``concept_for`` maps a code to the vocabulary the extraction uses for risk factors and
symptoms (CONTRACT.md), plus ``screening`` for Z13.6, so a claim diagnosis can be
checked against what the note and the report document (CLM-ICD-UNSUPPORTED):

=====================  ===========================================================
concept                codes
=====================  ===========================================================
hyperlipidemia         E78.*
family_history_cad     Z82.4* (family history of ischemic heart disease / sudden
                       cardiac death)
diabetes               E08–E13 (all diabetes mellitus categories)
hypertension           I10–I16, and I1A (resistant hypertension, added FY2023 inside
                       the I10–I1A block)
tobacco_use            F17.2* (nicotine dependence), Z87.891 (history of nicotine
                       dependence), Z72.0 (tobacco use)
known_cad              I25.* (chronic ischemic heart disease)
obesity                E66.*
chronic_kidney_disease N18.*
chest_pain             R07.* (a symptom)
dyspnea                R06.0* (a symptom; beyond the issue's map, same vocabulary)
palpitations           R00.2 (a symptom; idem)
syncope                R55 (a symptom; idem)
screening              Z13.6 (encounter for screening for cardiovascular disorders)
=====================  ===========================================================
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from types import ModuleType
from typing import Optional

RISK_FACTOR_CONCEPTS = frozenset({
    "hyperlipidemia", "family_history_cad", "diabetes", "hypertension", "tobacco_use",
    "known_cad", "obesity", "chronic_kidney_disease",
})
SYMPTOM_CONCEPTS = frozenset({"chest_pain", "dyspnea", "palpitations", "syncope"})
SCREENING = "screening"

_SHAPE = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?")

# (concept, prefixes of the dot-less code). Longest prefix wins, so a narrower entry may
# sit beside a wider one.
_CONCEPT_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hyperlipidemia", ("E78",)),
    ("family_history_cad", ("Z824",)),
    ("diabetes", ("E08", "E09", "E10", "E11", "E13")),
    ("hypertension", ("I10", "I11", "I12", "I13", "I15", "I16", "I1A")),
    ("tobacco_use", ("F172", "Z87891", "Z720")),
    ("known_cad", ("I25",)),
    ("obesity", ("E66",)),
    ("chronic_kidney_disease", ("N18",)),
    ("chest_pain", ("R07",)),
    ("dyspnea", ("R060",)),
    ("palpitations", ("R002",)),
    ("syncope", ("R55",)),
    ("screening", ("Z136",)),
)
_PREFIX_TO_CONCEPT = {prefix: concept for concept, prefixes in _CONCEPT_PREFIXES for prefix in prefixes}


@lru_cache(maxsize=1)
def _codes() -> ModuleType:
    with warnings.catch_warnings():  # the package loads its data with deprecated importlib APIs
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def without_dot(code: str) -> str:
    """``" e78.5"`` -> ``"E785"``."""
    return re.sub(r"[\s.]", "", str(code)).upper()


def normalize(code: str) -> str:
    """The dotted upper-case form: ``"e785"`` -> ``"E78.5"``, ``"i10"`` -> ``"I10"``."""
    flat = without_dot(code)
    return flat if len(flat) <= 3 else f"{flat[:3]}.{flat[3:]}"


@lru_cache(maxsize=1)
def _index() -> dict[str, bool]:
    """Every category and subcategory of the release -> billable (leaf)."""
    import gzip
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "icd10cm_codes.txt.gz"
    with gzip.open(path, "rt", encoding="ascii") as fh:
        return {code: flag == "1" for code, flag in
                (line.rstrip("\n").split("\t") for line in fh if not line.startswith("#"))}


def exists(code: str) -> bool:
    """True for any category or subcategory of the current release, billable or not
    (``E78`` and ``E78.5``); False for chapters, blocks (``E08-E13``) and unknown codes."""
    dotted = normalize(code)
    return bool(_SHAPE.fullmatch(dotted)) and dotted in _index()


def is_valid_billable(code: str) -> bool:
    """True when ``code`` (with or without the dot, any case) is a billable leaf code of
    the current ICD-10-CM release."""
    return _index().get(normalize(code), False) if _SHAPE.fullmatch(normalize(code)) else False


def describe(code: str) -> Optional[str]:
    """The tabular-list title (``"E78.5"`` -> ``"Hyperlipidemia, unspecified"``), or None
    for a code that does not exist."""
    if not exists(code):
        return None
    return _codes().get_description(normalize(code))


def billable_children(code: str, limit: int = 3) -> list[str]:
    """A few billable codes under a non-billable one (for a remedy: ``E78`` -> ``E78.0…``)."""
    if not exists(code):
        return []
    icd = _codes()
    leaves = [c for c in icd.get_descendants(normalize(code)) if icd.is_leaf(c)]
    return leaves[:limit]


def concept_for(code: str) -> Optional[str]:
    """The risk factor / symptom / ``screening`` concept a diagnosis names, or None when
    the code is outside the map (see the module docstring)."""
    flat = without_dot(code)
    for length in range(len(flat), 2, -1):
        concept = _PREFIX_TO_CONCEPT.get(flat[:length])
        if concept is not None:
            return concept
    return None
