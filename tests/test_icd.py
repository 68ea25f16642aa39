"""ICD-10-CM validity (the full current code set, offline) and the concept map."""
from __future__ import annotations

import pytest

from report_audit import icd


@pytest.mark.parametrize("code", [
    "E78.5", "e785", " E78.5 ", "I10", "Z13.6", "Z82.49", "I25.10", "E11.9", "E11.65", "Z87.891",
    "F17.210", "R07.9", "N18.30", "E66.9", "I1A.0", "T36.0X1A",
])
def test_icd_billable_codes(code):
    assert icd.is_valid_billable(code)


@pytest.mark.parametrize("code, why", [
    ("E78", "category with subcodes"),
    ("I25.1", "subcategory with subcodes"),
    ("N18.3", "expanded to N18.30-N18.32"),
    ("M54.5", "expanded to M54.50-M54.59 (deleted as a billable code)"),
    ("Z13.60", "does not exist"),
    ("E08-E13", "a block"),
    ("4", "a chapter"),
    ("", "empty"),
    ("HYPERLIPIDEMIA", "not a code"),
    ("E78.5.1", "malformed"),
])
def test_icd_not_billable(code, why):
    assert not icd.is_valid_billable(code), why


@pytest.mark.parametrize("raw, dotted, flat", [
    ("e785", "E78.5", "E785"), ("E78.5", "E78.5", "E785"), ("i10", "I10", "I10"),
    ("Z87891", "Z87.891", "Z87891"), (" i25.10 ", "I25.10", "I2510"),
])
def test_icd_normalisation_with_and_without_dot(raw, dotted, flat):
    assert icd.normalize(raw) == dotted
    assert icd.without_dot(raw) == flat


def test_icd_describe():
    assert icd.describe("E78.5") == "Hyperlipidemia, unspecified"
    assert icd.describe("e785") == "Hyperlipidemia, unspecified"
    assert "screening" in icd.describe("Z13.6").lower()
    assert icd.describe("E78") is not None  # exists, though not billable
    assert icd.describe("Z13.60") is None


def test_icd_billable_children_suggest_leaves():
    children = icd.billable_children("E78")
    assert children and all(c.startswith("E78.") and icd.is_valid_billable(c) for c in children)
    assert icd.billable_children("E78.5") == []


@pytest.mark.parametrize("code, concept", [
    ("E78.5", "hyperlipidemia"), ("E78.00", "hyperlipidemia"), ("E78.49", "hyperlipidemia"),
    ("Z82.49", "family_history_cad"), ("Z82.41", "family_history_cad"),
    ("E08.9", "diabetes"), ("E10.9", "diabetes"), ("E11.65", "diabetes"), ("E13.9", "diabetes"),
    ("I10", "hypertension"), ("I11.9", "hypertension"), ("I16.0", "hypertension"), ("I1A.0", "hypertension"),
    ("F17.210", "tobacco_use"), ("Z87.891", "tobacco_use"), ("Z72.0", "tobacco_use"),
    ("I25.10", "known_cad"), ("E66.9", "obesity"), ("N18.30", "chronic_kidney_disease"),
    ("R07.9", "chest_pain"), ("R07.89", "chest_pain"), ("Z13.6", "screening"), ("z136", "screening"),
    ("R06.00", "dyspnea"), ("R00.2", "palpitations"), ("R55", "syncope"),
])
def test_icd_concept_map(code, concept):
    assert icd.concept_for(code) == concept


@pytest.mark.parametrize("code", [
    "E07.9",    # thyroid, next to diabetes
    "E14.9",    # not a US ICD-10-CM diabetes category
    "I20.9",    # angina pectoris: not in the map
    "I17",      # next to hypertension block
    "F17.1",    # not F17.2 nicotine dependence
    "Z87.890",  # neighbour of Z87.891
    "Z82.3",    # family history of stroke, not Z82.4
    "Z13.1",    # screening for diabetes, not cardiovascular
    "K21.9", "",
])
def test_icd_concept_map_near_misses(code):
    assert icd.concept_for(code) is None


def test_icd_concept_vocabularies_cover_the_map():
    from report_audit.icd import _CONCEPT_PREFIXES

    concepts = {c for c, _ in _CONCEPT_PREFIXES}
    assert concepts == icd.RISK_FACTOR_CONCEPTS | icd.SYMPTOM_CONCEPTS | {icd.SCREENING}


def test_icd_index_equals_the_package_code_set():
    """data/icd10cm_codes.txt.gz (fast path) holds exactly the package's categories and
    subcategories with their billable flag; rebuild it with build_icd_index after an
    upgrade."""
    import simple_icd_10_cm as package

    from report_audit import icd

    expected = {c: package.is_leaf(c) for c in package.get_all_codes(True) if package.is_category_or_subcategory(c)}
    assert icd._index() == expected
