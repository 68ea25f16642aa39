"""Indication, risk factors, symptoms, screening, intermediate risk (notes and reports)."""
import pytest


def names(facts):
    return sorted(f.name for f in facts)


@pytest.mark.parametrize("text, factors", [
    ("PMH: HLD, T2DM, HTN. Former smoker, 20 pack-years. BMI 34. CKD stage 3.",
     ["chronic_kidney_disease", "diabetes", "hyperlipidemia", "hypertension", "obesity", "tobacco_use"]),
    ("Father had an MI at 48.", ["family_history_cad"]),
    ("FHx: father CABG @ 52.", ["family_history_cad"]),
    ("Father had an MI at age 78.", []),
    ("No family history of premature CAD.", []),
    ("No history of diabetes or hypertension. Never smoker. Non-smoker.", []),
    ("Mother has diabetes. Sister with hypertension.", []),
    ("Prediabetes (A1c 6.0). Borderline blood pressure.", []),
    ("Diabetic: no      Allergies: NKDA", []),
    ("Will screen for diabetes next year.", []),
    ("Known CAD s/p PCI to the LAD.", ["known_cad"]),
    ("Hyperlipidemia and family history of premature coronary artery disease (father MI at 50) and obesity (BMI 34).",
     ["family_history_cad", "hyperlipidemia", "obesity"]),
    ("E11.9    Type 2 diabetes mellitus without complications\n  E78.5    Hyperlipidemia, unspecified\n",
     ["diabetes", "hyperlipidemia"]),
])
def test_extract_note_risk_factors(extract_text, text, factors):
    assert names(extract_text(text, role="note").risk_factors) == factors


@pytest.mark.parametrize("text, symptoms", [
    ("Intermittent exertional chest pressure and shortness of breath on exertion.", ["chest_pain", "dyspnea"]),
    ("Denies chest pain, dyspnea, palpitations. No syncope.", []),
    ("Return if chest pain develops.", []),
    ("Patient: DOE, JOHN  MRN 123456", []),
])
def test_extract_note_symptoms(extract_text, text, symptoms):
    assert names(extract_text(text, role="note").symptoms) == symptoms


def test_extract_report_risk_factors_come_from_the_history_not_the_findings(extract_text):
    ex = extract_text("CLINICAL HISTORY: Hypertension.\n\nIMPRESSION: Coronary artery disease; "
                      "diabetes screening advised.\n")
    assert names(ex.risk_factors) == ["hypertension"]


@pytest.mark.parametrize("text, screening", [
    ("INDICATION: Screening for coronary artery disease in an asymptomatic patient.", True),
    ("Asymptomatic. Cardiovascular risk assessment.", None),
    ("Lung cancer screening programme participant.", None),
    ("DIAGNOSTIC EVALUATION, NOT A\nSCREENING STUDY.", None),
])
def test_extract_screening_means_documented_screening(extract_text, text, screening):
    fact = extract_text(text, role="note").screening
    assert (fact.value if fact else None) == screening


@pytest.mark.parametrize("text, ascvd, intermediate", [
    ("10-year ASCVD risk 12.4%.", 12.4, True),
    ("Pooled cohort equations: 8%", 8.0, True),
    ("Borderline risk (6.1%).", None, None),
    ("ASCVD risk 22%.", 22.0, None),
    ("I consider him intermediate risk given the family history.", None, True),
    ("Lifetime ASCVD risk 39%.", None, None),
])
def test_extract_intermediate_risk(extract_text, text, ascvd, intermediate):
    ex = extract_text(text, role="note")
    assert (ex.ascvd_risk_percent.value if ex.ascvd_risk_percent else None) == ascvd
    assert (ex.intermediate_risk.value if ex.intermediate_risk else None) == intermediate


@pytest.mark.parametrize("text, phrase", [
    ("Reason for exam: Family history of premature CAD", "Family history of premature CAD"),
    ("P: Coronary calcium score ordered. Indication: hyperlipidemia with risk enhancers", "risk enhancers"),
    ("I am ordering a coronary calcium score for risk stratification given his LDL.", "risk stratification"),
    ("- CAC score (reason: atypical chest pain, smoker w/ HLD)", "atypical chest pain, smoker w/ HLD"),
])
def test_extract_note_indication(extract_text, text, phrase):
    assert phrase in extract_text(text, role="note").indication.value


def test_extract_empty_form_field_is_no_indication(extract_text):
    assert extract_text("Reason for exam:\nICD-10 code(s):\nClinical history / symptoms:\n", role="note").indication is None


@pytest.mark.parametrize("text, surname", [
    ("Ordering provider: Ann Smith, MD", "Smith"),
    ("Provider: Omar Haddad, MD\n\nHPI: ...", "Haddad"),
    ("Ref MD: Dr. L. Petrov (PCP)   Attending: D. Salgado MD\nOrdering: D. Salgado MD", "Salgado"),
    ("Plan: CAC.\n\nHelen Brandt, MD, FACC\n", "Brandt"),
])
def test_extract_note_ordering_provider(extract_text, text, surname):
    assert surname in extract_text(text, role="note").ordering_provider.value
