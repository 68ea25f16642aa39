"""Machine-readable exports (blind46): FHIR R4 JSON, a C-CDA header, a one-line JSON, a
registry's CSV record."""
import json

from report_audit.readers.normalize import normalize

_BUNDLE = {
    "resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "pt-1",
                      "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": "40718823"}],
                      "name": [{"family": "Okonkwo", "given": ["Chidi", "Anthony"]}], "birthDate": "1966-09-14"}},
        {"resource": {"resourceType": "DiagnosticReport", "id": "dr-1", "status": "final",
                      "code": {"text": "CT CARDIAC CALCIUM SCORING"}, "effectiveDateTime": "2025-02-11T08:42:00-05:00",
                      "conclusion": "Total Agatston score 171 (moderate). CAC-DRS A2/N3."}},
        {"resource": {"resourceType": "Observation", "id": "o-1", "status": "final", "code": {"text": "LAD Agatston"},
                      "effectiveDateTime": "2025-02-11", "valueQuantity": {"value": 112, "unit": "Agatston units"}}},
        {"resource": {"resourceType": "Observation", "id": "o-2", "status": "entered-in-error",
                      "code": {"text": "RCA Agatston"}, "valueQuantity": {"value": 14, "unit": "Agatston units"}}},
        {"resource": {"resourceType": "Observation", "id": "o-3", "status": "final", "effectiveDateTime": "2022-03-01",
                      "code": {"text": "Total Agatston"}, "valueQuantity": {"value": 40, "unit": "Agatston units"}}},
        {"resource": {"resourceType": "Condition", "id": "c-1", "code": {"text": "Type 2 diabetes mellitus"},
                      "verificationStatus": {"coding": [{"code": "refuted"}]}}},
        {"resource": {"resourceType": "FamilyMemberHistory", "id": "f-1", "relationship": {"text": "father"},
                      "condition": [{"code": {"text": "Myocardial infarction"}, "onsetAge": {"value": 51}}]}},
        {"resource": {"resourceType": "RiskAssessment", "id": "r-1", "prediction": [
            {"outcome": {"text": "10-year ASCVD risk"}, "probabilityDecimal": 0.112}]}},
    ]}


def test_exports_a_fhir_bundle_reads_as_lines():
    raw = json.dumps(_BUNDLE, indent=2)
    text, offsets = normalize(raw)
    assert text.startswith("Patient: Okonkwo, Chidi Anthony\nMRN: 40718823\nDOB: 1966-09-14\n")
    assert "Report status: final\nExam date: 2025-02-11\n" in text and "LAD Agatston: 112 Agatston units\n" in text
    assert "RCA" not in text  # entered in error
    assert "Prior study (2022-03-01) Total Agatston: 40" in text  # before the report's date
    assert "No Type 2 diabetes mellitus (refuted)" in text
    assert "Family history: father - Myocardial infarction at age 51" in text and "10-year ASCVD risk: 11.2%" in text
    start = text.index("40718823")
    assert raw[slice(*offsets.span_to_original(start, start + 8))] == "40718823"


def test_exports_a_fhir_bundle_extracts(extract_text):
    from report_audit.extract import extract_facts
    from report_audit.pipeline import build_nlp
    from report_audit.readers import SourceDocument

    source = SourceDocument.from_text(json.dumps(_BUNDLE, indent=2))
    ex = extract_facts(build_nlp()(source.text), source, "note")
    assert ex.patients[0].name.value == "Okonkwo, Chidi Anthony" and ex.ascvd_risk_percent.value == 11.2
    assert {r.name for r in ex.risk_factors} == {"family_history_cad"}  # the refuted diabetes is none


def test_exports_a_cda_header_names_the_patient_and_referrer():
    raw = ('<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">\n  <recordTarget><patientRole>\n'
           '    <id root="2.16.840" extension="00591274"/>\n    <patient><name><given>Beatriz</given>'
           '<family>Fontaine</family></name><birthTime value="19710422"/></patient>\n  </patientRole></recordTarget>\n'
           '  <participant typeCode="REF"><associatedEntity><associatedPerson><name><given>Gregory</given>'
           '<family>Tamura</family></name></associatedPerson></associatedEntity></participant>\n</ClinicalDocument>\n')
    text, offsets = normalize(raw)
    assert text.startswith("Patient: Fontaine, Beatriz\nMRN: 00591274\nDOB: 1971-04-22\nReferring provider: Gregory Tamura\n")
    start = text.index("Fontaine")
    assert raw[slice(*offsets.span_to_original(start, start + 8))] == "Fontaine"


def test_exports_a_one_line_json_is_laid_out():
    raw = json.dumps({"reportStatus": "FINAL", "study": {"date": "2026-01-09", "protocol": {"ecgTrigger": "prospective",
                      "ivContrast": "no"}}, "results": {"agatston": {"LM": 0, "LAD": 301, "Total": 523}},
                      "impression": "Total coronary Agatston score 523, severe. " * 8})
    lines = [line.strip() for line in normalize(raw)[0].split("\n")]
    assert "ecg Trigger: prospective," in lines and "LAD: 301," in lines


def test_exports_a_registry_csv_record_reads_as_fields(extract_text):
    raw = ('registry_id,mrn,patient_name,exam_date,ecg_gating,iv_contrast,lad_agatston,total_agatston,volume_mm3\n'
           'CACR-2025-018842,6604178,"Takahashi, Kenji",03/27/2025,prospective,none,38,38,41.2\n')
    text = normalize(raw)[0]
    assert "patient name: Takahashi, Kenji\n" in text and "volume: 41.2 mm3\n" in text
    ex = extract_text(raw)
    assert (ex.agatston_total.value, ex.volume_score.value, ex.ecg_gated.value) == (38, 41.2, True)
