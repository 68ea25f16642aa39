"""Records-request packets: the parts of a file that are not the document of its role."""
import pytest

from report_audit.packets import attachments

_REPORT = ("CT CORONARY CALCIUM SCORE -- FINAL REPORT\nPatient Name: Oyelaran, Funmilayo   MRN: NCH0076651\n"
           "HISTORY: Screening for coronary artery disease. Mother with MI at age 70. Nonsmoker.\n"
           "FINDINGS:\n   Agatston score:   0\n   Volume score:     0 mm3\n"
           "IMPRESSION:\nCoronary artery calcium score of zero (CAC-DRS A0).\n"
           "Electronically signed by Paul Ostrowski, MD 10/21/2025 10:02\n\n")
_XRAY = ("RESULT 2 OF 2\nXR CHEST 2 VIEWS (PA AND LATERAL)          Exam date: 12/30/2025 14:10\n"
         "Ordering: Abernathy, Lewis, PA-C\nINDICATION: Cough for 3 weeks. Former smoker.\n"
         "FINDINGS: Mild atherosclerotic calcification of the aortic knob.\n"
         "Electronically signed by Margaret Chen, MD 12/30/2025 15:31\n")
_SUPERBILL = ("---------- ATTACHED: CHARGE SUMMARY / SUPERBILL (billing system, 5/22/2025) ----------\n"
              "CPT 75571   ICD-10: E78.5, Z82.49, I10\n")
_NOTE = ("PROGRESS NOTE\nHPI: 52 yo woman with hyperlipidemia. No family history of CAD.\n"
         "Assessment: 1. Hyperlipidemia. Plan: CT coronary calcium score ordered to guide statin therapy.\n"
         "Dr. Ruth Fitzgerald, MD\n\n")
_OUTSIDE = ("[ITEM 2 of 2]  ATTACHED OUTSIDE RESULT (scanned 2020 report, OCR text)\nCT CALCIUM SCORE 2020\n"
            "Indication: Screening. Father with CAD at 74.\nTotal Agatston score: 0\n")


def _parts_of(text: str, role: str) -> list[str]:
    return [text[a:b] for a, b in attachments(text, role)]


def test_packets_an_unrelated_result_and_a_superbill_are_not_the_report():
    text = "RESULT 1 OF 2\n" + _REPORT + _XRAY + _SUPERBILL
    assert _parts_of(text, "report") == [_XRAY, _SUPERBILL]


def test_packets_an_attached_report_and_a_claim_are_not_the_note():
    text = _NOTE + _OUTSIDE + "SUNBELT PRIMARY CARE ASSOCIATES - CLAIM SUMMARY (837P extract)   Page 2 of 2\nE66.9\n"
    parts = _parts_of(text, "note")
    assert len(parts) == 2 and parts[0].startswith("[ITEM 2 of 2]") and "CLAIM SUMMARY" in parts[1]


def test_packets_the_order_before_the_report_is_not_the_report():
    order = ("DOCUMENT 1 OF 2 : OUTPATIENT IMAGING ORDER (requisition)\nOrder #: 8841207   Ordered: 10/22/2024 16:12\n"
             "Ordering provider: Samuel Oduya, MD  (Prairie Internal Medicine)   NPI 1598027743\n"
             "Exam: CT CARDIAC CALCIUM SCORING W/O CONTRAST (75571)     Priority: Routine\n"
             "Reason: 10-yr ASCVD 11.2%; statin decision. Asymptomatic. Hypertension; former smoker.\n"
             "Dx: E78.5 Hyperlipidemia, I10 Essential hypertension, Z87.891 History of nicotine dependence\n"
             "IV contrast: No    ECG gating: Yes    Prior authorization: EviCore #A2410-55817 (approved)\n"
             "Electronically ordered by Samuel Oduya, MD\n")
    text = order + "DOCUMENT 2 OF 2 : RADIOLOGY REPORT\n" + _REPORT
    assert _parts_of(text, "report") == [order]
    assert _parts_of(text, "note") == ["DOCUMENT 2 OF 2 : RADIOLOGY REPORT\n" + _REPORT]


def test_packets_a_preliminary_read_printed_after_the_final_report():
    prelim = ("*** PRELIMINARY REPORT -- NOT FOR CLINICAL DECISION MAKING ***\nPrelim results:\n"
              "   Total Agatston score: 72\n")
    assert _parts_of(_REPORT + prelim, "report") == [prelim]
    # a document that is only a preliminary read keeps it
    assert _parts_of(prelim + _REPORT.replace("FINAL REPORT", "REPORT"), "report") == []


@pytest.mark.parametrize("text", [
    _REPORT + "The patient's prior report is attached to the chart.\n",  # "attached" in a sentence
    _REPORT + "TECHNICAL:      75571-TC   (UB-04 REV CODE 0350)  UNITS: 1\n",  # a field, not a banner
    "SUPERBILL\n" + _REPORT,  # all that is left would not be the report: the parts were not read right
    _REPORT + "Preliminary interpretation by Andrew Park, MD (resident), reviewed.\n",  # an attestation's line
])
def test_packets_what_is_no_attachment(text):
    assert attachments(text, "report") == []


def test_packets_extraction_leaves_attachments_out(extract_text):
    ex = extract_text("RESULT 1 OF 2\n" + _REPORT + _XRAY + _SUPERBILL)
    assert ex.agatston_total.value == 0 and "Cough" not in (ex.indication.value if ex.indication else "")
    assert {r.name for r in ex.risk_factors} == set()  # the superbill's E78.5 / I10, the x-ray's former smoker
    note = extract_text(_NOTE + _OUTSIDE, "note")
    assert note.screening is None and "family_history_cad" not in {r.name for r in note.risk_factors}
