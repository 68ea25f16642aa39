"""Scores: a report snippet in, the current coronary value out (or None for the traps)."""
import pytest


@pytest.mark.parametrize("text, total", [
    ("Total Agatston score: 145", 145),
    ("TOTAL AGATSTON SCORE: 1,234", 1234),
    ("The total coronary artery calcium score is 88.", 88),
    ("Coronary calcium score of zero.", 0),
    ("CAC = 101.", 101),
    ("Agatson score 400 (severe).", 400),
    ("YOUR CORONARY ARTERY CALCIUM SCORE: 56", 56),
    ("Total calcium score: 0 (Agatston)", 0),
    ("The total Agatston\nscore is 145.", 145),
    ("Total Agatston: 312.4", 312.4),
    ("Coronary artery calcium score (Agatston) = 0. Nil coronary calcification.", 0),
    ("Calcium scores: LAD=12, LCx=0, RCA=4, LM=0 (total 16).", 16),
])
def test_extract_agatston_total_stated(extract_text, text, total):
    assert extract_text(text).agatston_total.value == total


@pytest.mark.parametrize("text", [
    "Prior CAC score in 2019 was 45 (Agatston).",
    "COMPARISON: CT calcium score 01/02/2021, total Agatston score 88.",
    "A calcium score of 100 or higher warrants statin therapy.",
    "Statin therapy is favoured for scores above 400.",
    "Aortic valve calcium score: 320 AU.",
    "Coronary calcification is present in the LAD and RCA.",
    "SCORE INTERPRETATION:\n0 = no identifiable plaque\n1-10 = minimal\n11-100 = mild",
])
def test_extract_agatston_total_traps_are_not_the_total(extract_text, text):
    assert extract_text(text).agatston_total is None


def test_extract_addendum_replaces_the_original_total(extract_text):
    ex = extract_text("FINDINGS: Total Agatston score 47.\n\nADDENDUM:\n"
                      "Transcription error: the total Agatston score should read 74, not 47.\n")
    assert ex.agatston_total.value == 74
    assert ex.addendum_present
    assert ex.agatston_total.evidence.section == "addendum"


def test_extract_two_current_totals_without_addendum_is_a_conflict(extract_text):
    ex = extract_text("FINDINGS:\nTotal Agatston score 312.\n\nIMPRESSION:\nCAC score 321, moderate.\n")
    assert ex.agatston_total is None
    assert sorted(m.value for m in ex.agatston_mentions) == [312, 321]


@pytest.mark.parametrize("text, vessels", [
    ("Left main: 0\nLAD: 45\nLCX: 10\nRCA: 90\n", {"LM": 0, "LAD": 45, "LCX": 10, "RCA": 90}),
    ("- Left anterior descending artery - 150\n- Circumflex: 22\n- Other (ramus intermedius) ........ 18\n",
     {"LAD": 150, "LCX": 22, "OTHER": 18}),
    ("calcification in the left anterior descending artery (Agatston 150) and the RCA (score 44).",
     {"LAD": 150, "RCA": 44}),
    ("CAC score = 99 (Agatston). LAD 61, RCA 38, left main and circumflex 0.",
     {"LAD": 61, "RCA": 38, "LM": 0, "LCX": 0}),
    ("Vessel   Lesions  Volume (mm3)  Mass (mg)  Agatston\nLM  0  0.0  0.0  0\nLAD  4  71.3  14.9  86\n"
     "Total  4  71.3  14.9  86\n", {"LM": 0, "LAD": 86}),
    ("| Vessel | Agatston | Volume (mm\u00b3) | Mass (mg) |\n|---|---:|---:|---:|\n| LAD | 220 | 180.5 | 41.0 |\n"
     "| **Total** | **220** | **180.5** | **41.0** |\n", {"LAD": 220}),
])
def test_extract_vessels_land_in_their_columns(extract_text, text, vessels):
    assert {k: v.value for k, v in extract_text(text).vessels.items()} == vessels


def test_extract_table_total_row_gives_total_volume_and_mass(extract_text):
    ex = extract_text("Artery # Lesions Agatston Score Volume Score (mm3) Mass Score (mg)\n"
                      "Left Main 2 96 78.4 17.5\nLAD 9 512 401.6 93.0\nTotal 11 608 480.0 110.5\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (608, 480.0, 110.5)


@pytest.mark.parametrize("text, volume, mass", [
    ("Volume score 120 mm3. Mass score 25.3 mg.", 120.0, 25.3),
    ("Calcium Volume Score (mm3): 250.1\nCalcium Mass (mg HA): 61.2", 250.1, 61.2),
    ("with a calcium volume of 74 cubic millimeters and a mass of 12 mg CaHA", 74.0, 12.0),
    ("LV end-diastolic volume 140 mL. LV myocardial mass 120 g.", None, None),
])
def test_extract_volume_and_mass_not_lv(extract_text, text, volume, mass):
    ex = extract_text(text)
    assert (ex.volume_score.value if ex.volume_score else None) == volume
    assert (ex.mass_score.value if ex.mass_score else None) == mass


@pytest.mark.parametrize("text, value", [
    ("This places the patient in the 78th percentile for age and sex.", 78),
    ("Percentile: 92 (MESA)", 92),
    ("in the 75th-90th percentile for age and sex", "75-90"),
    ("between the 50th and 75th percentile", "50-75"),
    ("Statin therapy is favoured at or above the 75th percentile for age.", None),
])
def test_extract_percentile(extract_text, text, value):
    fact = extract_text(text).percentile
    assert (fact.value if fact else None) == value


@pytest.mark.parametrize("text, value", [
    ("CAC-DRS A2/N3.", "A2/N3"), ("CAC-DRS: A0", "A0"), ("CAC-DRS A1 N1", "A1/N1"),
    ("cac-drs a1/n2", "A1/N2"), ("CAD-RADS 2.", None),
])
def test_extract_cac_drs(extract_text, text, value):
    fact = extract_text(text).cac_drs
    assert (fact.value if fact else None) == value


@pytest.mark.parametrize("text, category", [
    ("IMPRESSION: Moderate coronary artery calcification.", "moderate"),
    ("Risk category: Severe", "severe"),
    ("Extensive coronary calcification.", "severe"),
    ("No coronary artery calcium is identified.", "none"),
    ("Mild cardiomegaly. Severe motion artifact.", None),
    ("Heavy aortic valve calcification.", None),
    ("SCORE INTERPRETATION:\n11-100: mild\n101-400: moderate\n", None),
])
def test_extract_stated_risk_category(extract_text, text, category):
    fact = extract_text(text).risk_category_stated
    assert (fact.value if fact else None) == category


@pytest.mark.parametrize("total, expected", [(0, "none"), (1, "mild"), (99, "mild"), (100, "moderate"),
                                             (399, "moderate"), (400, "severe")])
def test_extract_expected_category_boundaries(extract_text, total, expected):
    assert extract_text(f"Total Agatston score: {total}").risk_category_expected == expected
