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
    ("His total coronary artery calcium (Agatston) score was 37.", 37),
    ("Total coronary calcium score of four hundred twelve (412), consistent with extensive plaque.", 412),
    ("Aortic valve: Agatston 145 (not included in coronary total).\n\nTotal Agatston score 683.", 683),
    ("Additionally calcification of the mitral annulus (Agatston 145, not counted to the coronary score).\n"
     "Marked coronary calcification (Agatston-Score 380, 91. percentile).", 380),
    ("CT CACS (75571) 11-Apr-2025. CACS 0. No coronary calcium.", 0),
    ("impression: minimal coronary calcification, cac 4. cac-drs a1/n1.", 4),
    ("[RESULTS]\nCAC_LM=0\nCAC_LAD=96\nCAC_LCX=14\nCAC_RCA=39\nCAC_TOTAL=149\nCAC_VOLUME_mm3=131.7\n", 149),
    ("FINDINGS: LM 0 / LAD 118 / RCA 81. Total Agatston 221.\n\nADDENDUM 02/28/2025 08:05 CST: Re-processed. Corrected: "
     "RCA 62, total Agatston 202.", 202),
    ("FINDINGS\n  Total Agatston .... 156\n\nADDENDUM   05-Mar-2025 09:40\nCorrected values:\n   Total Agatston .... 186\n", 186),
    ("  Agatston total ........ 655\n\nPRIOR (02/17/2021, same scanner): Agatston 301, volume 262 mm3.\n", 655),
    ("CAC_LM: 0\nCAC_LAD: 29\nCAC_TOTAL_AGATSTON: 37\nCAC_VOLUME_MM3: 31.6\nCAC_MASS_MG: 6.2\n", 37),
    ("CAC (Agatston): LM=0; LAD=112; Cx=0; RCA=34; \u03a3=146\u00a0AU; vol 121\u00a0mm\u00b3", 146),
    ("Calcified plaque in the proximal LAD (Agatston 18) and the mid RCA\n(Agatston 6). Total Agatston: 24", 24),
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


@pytest.mark.parametrize("header", ["ADDENDUM 02/28/2025 08:05 CST:", "ADDENDUM Feb 28, 2025 08:05 CST:",
                                    "Addendum (28 February 2025):"])
def test_extract_addendum_headed_by_its_date_replaces_the_original_total(extract_text, header):
    ex = extract_text("FINDINGS: LM 0 / LAD 118 / LCx 22 / RCA 81. Total Agatston 221.\n"
                      f"{header} RCA ROI had included aortic root. Corrected: RCA 62, total Agatston 202.\n")
    assert ex.agatston_total.value == 202 and ex.vessels["RCA"].value == 62


def test_extract_terse_report_scores_after_a_one_line_history_are_current(extract_text):
    ex = extract_text("EXAM: CT HEART W/O CONTRAST, CA SCORING\nHX: HLD. Screening.\n"
                      "Gated non-con. Agatston total 5 (LAD 5; LM, LCX, RCA 0). Vol 6 mm3.\n"
                      "IMP: Minimal coronary calcification, score 5.\n")
    assert ex.agatston_total.value == 5 and ex.volume_score.value == 6
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 5, "LCX": 0, "RCA": 0}


def test_extract_current_results_after_a_prior_study_paragraph(extract_text):
    ex = extract_text("Prior study (2020.10.15)\nTotal Agatston score 0 in all vessels. Volume 0 mm3.\n\n"
                      "Current results\n  LAD                      30\n  RCA                      16\n"
                      "  Total Agatston score     46\n  Volume score           52.0 mm3\n"
                      "  Percentile (MESA)        80th  (female, 59, Hispanic)\n")
    assert ex.agatston_total.value == 46 and ex.volume_score.value == 52.0 and ex.percentile.value == 80
    assert ex.vessels["LAD"].value == 30


def test_extract_two_addenda_on_top_the_numbered_newest_wins(extract_text):
    ex = extract_text(
        "*** ADDENDUM #2 ***\nCorrection to Addendum #1: the corrected total coronary artery calcium score is 428 "
        "(not 438). The risk category (severe) stated in Addendum #1 is unchanged.\n\n*** ADDENDUM #1 ***\n"
        "Revised scores: total Agatston score 438. Revised category: severe (score 400 or greater).\n\n"
        "*** ORIGINAL REPORT ***\nFINDINGS:\nTotal Agatston score: 388\nIMPRESSION:\n1. Total coronary artery "
        "calcium score 388, moderate.\n")
    assert ex.agatston_total.value == 428 and ex.risk_category_stated.value == "severe"


def test_extract_second_opinion_re_analysis_supersedes_the_first_reader(extract_text):
    ex = extract_text(
        "Original report (first reader), summarised:\n  Agatston: LM 0, LAD 162; total 311.\n\n"
        "Re-analysis at this department:\n  Vessel          First reader     This review\n"
        "  Left main              0              64\n  LAD                  162             205\n"
        "  Total                311             423\n\nExplanation: a separate mid-LAD plaque was not "
        "segmented (43 AU).\n")
    assert ex.agatston_total.value == 423 and ex.vessels["LAD"].value == 205 and ex.vessels["LM"].value == 64


@pytest.mark.parametrize("text, total", [
    ("CALCIUM SCORE (Agatston) -- TOTAL: 37\n", 37),
    ("1. Coronary artery calcium score of AT LEAST 57 Agatston units (mild), LAD and left main.\n", 57),
    ("IMPRESSION:\n1. CCS 1,024 - severe (CACS >= 400), 4-vessel disease.\n", 1024),
])
def test_extract_total_written_other_ways(extract_text, text, total):
    assert extract_text(text).agatston_total.value == total


def test_extract_a_paragraph_per_vessel_gives_vessel_scores_not_totals(extract_text):
    ex = extract_text(
        "FINDINGS:\n\nLeft main coronary artery. The left main is of normal length and caliber and is free\n"
        "of calcification. Agatston score 0.\n\nLeft anterior descending artery. Dense calcified plaque in the "
        "proximal LAD (segment 6), Agatston 88. A second plaque in the mid\nLAD (segment 7), Agatston 121. "
        "LAD vessel score 209.\n\nLeft circumflex artery. A single focus in the proximal circumflex (segment 11), "
        "Agatston 13. The distal circumflex is free of calcium. LCX vessel score 13.\n\n"
        "Summary of quantification.\n  Total Agatston score:   222\n")
    assert ex.agatston_total.value == 222
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 209, "LCX": 13}


def test_extract_parameter_result_table(extract_text):
    ex = extract_text(
        " Parameter                          | Result\n"
        " -----------------------------------|----------------------------------------\n"
        " Patient                            | HALVORSEN, GREGORY P\n"
        " Risk factors (requisition)         | T2DM x 14 y; hypertension; former smoker\n"
        " Contrast                           | None (non-contrast acquisition)\n"
        " Left main (LM)                     | 62\n"
        " Left anterior descending (LAD)     | 611\n"
        " TOTAL AGATSTON SCORE               | 673\n"
        " Calcium mass score                 | 214.9 mg\n")
    assert ex.agatston_total.value == 673 and ex.vessels["LAD"].value == 611 and ex.mass_score.value == 214.9
    assert ex.contrast_administered.value is False


def test_extract_technologist_note_yields_to_the_radiologist(extract_text):
    ex = extract_text("TECHNOLOGIST NOTES:\nContrast: Omnipaque 350, 70 mL IV, lot 4419872\n\nTECHNIQUE:\n"
                      "Prospective ECG-triggered non-contrast CT of the heart. No intravenous contrast was "
                      "administered for this examination.\n")
    assert ex.contrast_administered.value is False


def test_extract_aborted_angiography_is_no_contrast(extract_text):
    ex = extract_text("PROCEDURE / TECHNIQUE:\nA non-contrast calcium scoring series was acquired first. Because "
                      "of persistent tachycardia the contrast-enhanced angiographic acquisition was cancelled. No "
                      "iodinated contrast was administered.\n")
    assert ex.contrast_administered.value is False


def test_extract_phone_dictation_in_lower_case(extract_text):
    ex = extract_text("pt gutierrez ramon   mrn 5173390   dob 4/11/58   dos 10/2/25   ref dr halloran\n"
                      "ind: htn, hld, fam hx premature cad (brother MI at 44). no symptoms per pt\n"
                      "non con, ecg gated prospective trigger, good quality, hr 60s\n"
                      "agatson total 432. left main 12, lad 301, circ 0, rca 119. volume 355 mm3\n")
    assert (ex.agatston_total.value, ex.volume_score.value) == (432, 355)
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 12, "LAD": 301, "LCX": 0, "RCA": 119}
    assert ex.ecg_gated.value is True and ex.contrast_administered.value is False


def test_extract_vessel_clauses_of_a_second_language_report(extract_text):
    ex = extract_text(
        "Description:\nCalcified atheromatous plaques are visualised in the coronary arteries, as follows: left main "
        "trunk without calcifications; anterior interventricular artery (LAD) with multiple calcified plaques in "
        "proximal and middle segments, score 298; circumflex artery with calcified plaques in proximal segment and at "
        "the origin of obtuse marginal 1, score 104; right coronary artery with calcified plaques along the entire "
        "course, score 210.\nTotal calcium score (Agatston) is 612.\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 298, "LCX": 104, "RCA": 210}
    assert ex.agatston_total.value == 612


def test_extract_table_broken_by_a_page_footer_goes_on(extract_text):
    ex = extract_text(
        "  Vessel                      Agatston    Volume (mm3)    Mass (mg)\n"
        "  Left main                   0           0.0             0.0\n"
        "  Left anterior descending    38          41.9            7.9\n"
        "--------------------------------------------------------------------------------\n"
        "Lakeshore Heart & Vascular Imaging | 1200 N. Harbor Dr, Suite 300 | Fax 555-014-2290\n"
        "Printed 03/14/2025 10:42 by mreyes                                  Page 1 of 2\n\n"
        "Patient: Hollis, Daniel R      MRN: 00418273      DOB: 04/22/1963\n"
        "  Right coronary              9           10.7            1.9\n"
        "  TOTAL                       47          52.6            9.8\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (47, 52.6, 9.8)
    assert ex.vessels["RCA"].value == 9


@pytest.mark.parametrize("text, total", [
    ("Total = 86\n\nERRATUM (16-Jan-2026 09:15): Total Agatston score was typed as 86 by mistake; the correct total "
     "is 68 (LAD 52 + RCA 16).\n", 68),
    ("STATUS: PRELIMINARY\nCoronary calcium (Agatston): LM 0 / LAD 98 / RCA 44 / total 142.\n\n"
     "STATUS: FINAL  (2024-11-23 08:02 CST)\n  Total ......................... 158\nThe preliminary values "
     "(total 142) are superseded by this final report.\n", 158),
    ("The total coronary calcium score (Agatson) comes out to be 156, with a calcium volume of 131 mm3.", 156),
    # a guideline's "CAC = 0 would favor deferring statin" is no second total
    ("  Total Agatston score .............  212\n\nRecommendations: Per the 2018 AHA/ACC cholesterol guideline, "
     "CAC >= 100 favors initiation of statin therapy; CAC = 0 would favor deferring statin.\n", 212),
    ("Post-test risk\n  MESA 10-year CHD Risk Score with CAC ...... 5.9%\n\nInterpretation\n"
     "  Mild coronary atherosclerosis (Agatston 64) in the LAD and RCA.\n", 64),
])
def test_extract_total_after_corrections_and_finals(extract_text, text, total):
    assert extract_text(text).agatston_total.value == total


def test_extract_two_current_totals_without_addendum_is_a_conflict(extract_text):
    ex = extract_text("FINDINGS:\nTotal Agatston score 312.\n\nIMPRESSION:\nCAC score 321, moderate.\n")
    assert ex.agatston_total is None
    assert sorted(m.value for m in ex.agatston_mentions) == [312, 321]


@pytest.mark.parametrize("text, vessels", [
    ("The left anterior descending artery has a score of 41. The left circumflex artery shows no calcified "
     "plaque. The right coronary artery has a score of 33.", {"LAD": 41, "LCX": 0, "RCA": 33}),
    ("the left main has no calcium. the left anterior descending scores sixty eight the circumflex twelve and "
     "the right coronary thirty two for a total Agatston score of one hundred twelve.",
     {"LM": 0, "LAD": 68, "LCX": 12, "RCA": 32}),
    # volumes per vessel are not Agatston points; "61.2" is never read as 6
    ("Coronary calcium volume by vessel:\n  LAD   61.2 mm3\n  RCA   28.4 mm3\n", {}),
    ("Gated non-contrast CT. Agatston score 0 (LM/LAD/CX/RCA all 0). Volume 0 mm3.", {"LM": 0, "LAD": 0, "LCX": 0,
                                                                                  "RCA": 0}),
    ("2. Left anterior descending: Score 52.\n3. Left circumplex: Score 9.\n4. Right coronay artery: Score 17.\n",
     {"LAD": 52, "LCX": 9, "RCA": 17}),
    ("FINDINGS\nRCA 2.\nLM, LAD and LCX - no calcium.\n", {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 2}),
    ("Coronary calcium: none detected in LM, LAD, LCx or RCA. Agatston score 0; volume 0 mm3.",
     {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}),
    # "symptomatic" holds no "OM": a zero score in a sentence about symptoms is no vessel's
    ("Coronary arteries: no calcified plaque in the left main, LAD, left circumflex or RCA.\n  Agatston score: 0\n"
     "3. In a symptomatic patient, a calcium score of zero does not exclude non-calcified plaque.\n",
     {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}),
    ("Coronary artery calcium (Agatston units):\n   Left main ................ 0\n"
     "   Left anterior descending . 0\n   Right coronary ........... 0\n", {"LM": 0, "LAD": 0, "RCA": 0}),
    # "obtuse marginal 1" names the branch; it is not a score of 1
    ("Modest progression in the proximal circumflex and\nobtuse marginal 1. Increased calcification in the RCA.", {}),
    # an "Other" line is a vessel only in a list of vessels
    ("RESULTS\n  Left main: 0\n  Right coronary artery: 0\n  Total Agatston score: 0\n\n"
     "EXTRA-CORONARY FINDINGS\n  Aortic valve calcification: absent\n  Pericardium: normal\n  Other: None.\n",
     {"LM": 0, "RCA": 0}),
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
    ("Calcified plaque in the proximal LAD (Agatston 18) and the mid RCA\n(Agatston 6). Left main 0, circumflex 0.",
     {"LAD": 18, "RCA": 6, "LM": 0, "LCX": 0}),
    ("No calcified plaque in the left main, LAD, LCX or RCA.", {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}),
    ("Left main, LAD, circumflex and right coronary arteries: nil calcification.", {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}),
    ("The the left main coronary artery demonstrates no calcification period.", {"LM": 0}),
    ("The LAD contributes 30 of the total 42 Agatston units, the remaining 12 are in the right coronary artery, "
     "and there is no calcium in the left main or circumflex.", {"LAD": 30, "RCA": 12, "LM": 0, "LCX": 0}),
    ("Known CAD s/p PCI with a drug-eluting stent to the proximal LAD\n(2019).", {}),
    ("Left main coronary artery: no calcification.\nLAD: 67\nLeft circumflex (including OM1): 9\n", {"LM": 0, "LAD": 67, "LCX": 9}),
    ("   LMCA        : Nil\n   LAD         : 41.2\n   LCx         : 15.2\n   RCA         : Nil\n",
     {"LM": 0, "LAD": 41.2, "LCX": 15.2, "RCA": 0}),
    ("CAC_LM: 0\nCAC_LAD: 29\nCAC_LCX: 0\nCAC_RCA: 8\n", {"LM": 0, "LAD": 29, "LCX": 0, "RCA": 8}),
    ("There is calcifed plaque in the mid LAD and proximal RCA. Left main and circumflex are clear.\n"
     "Calcium score: LAD 29, RCA 13. Total Agatston score 42.", {"LAD": 29, "RCA": 13, "LM": 0, "LCX": 0}),
    ("Segment                    Agatston   Vol(mm3)   Mass(mg)\nLeft main                       0        0.0       0.0\n"
     "LAD proximal                  212      176.3      40.1\nLAD mid                       118      101.9      21.7\n"
     "Diagonal 1                     27       25.5       4.8\n  LAD subtotal (incl D1)      357      303.7      66.6\n"
     "TOTAL                         357      303.7      66.6\n", {"LM": 0, "LAD": 357, "DIAGONAL": 27}),
    ("single small calcified plaque in the proximal lad, agatston 4 (volume 5 mm3). lm, lcx and rca without calcium.",
     {"LAD": 4, "LM": 0, "LCX": 0, "RCA": 0}),
    ("- LAD SUBTOTAL: 540\n- DIAGONAL BRANCHES: 44\n- OBTUSE MARGINAL BRANCHES: 83\n",
     {"LAD": 540, "DIAGONAL": 44, "OM": 83}),
    ("Vessel                        Lesions   Volume (mm3)   Agatston\nLeft Anterior Desc. (LAD)      3         62.4           78\n",
     {"LAD": 78}),
    ("Agatston-Score:\n  LM       0\n  RIVA   287\n  RCX      0\n  RCA     93\n  Total  380\n",
     {"LM": 0, "LAD": 287, "LCX": 0, "RCA": 93}),
    ("Left main (seg 5) ..... 0\n  Proximal LAD (seg 6) ..... 312\n  Mid LAD (seg 7) ..... 198\n  LAD subtotal ..... 510\n"
     "  D1 (seg 9) ..... 87\n  OM1 (seg 12) ..... 64\n  PDA (seg 4) ..... 49\n",
     {"LM": 0, "LAD": 510, "DIAGONAL": 87, "OM": 64, "PDA": 49}),
])
def test_extract_vessels_land_in_their_columns(extract_text, text, vessels):
    assert {k: v.value for k, v in extract_text(text).vessels.items()} == vessels


def test_extract_table_total_row_gives_total_volume_and_mass(extract_text):
    ex = extract_text("Artery # Lesions Agatston Score Volume Score (mm3) Mass Score (mg)\n"
                      "Left Main 2 96 78.4 17.5\nLAD 9 512 401.6 93.0\nTotal 11 608 480.0 110.5\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (608, 480.0, 110.5)


def test_extract_lesion_by_lesion_rows_are_not_vessel_scores(extract_text):
    ex = extract_text(
        " Lesion  Artery   Area [mm2]   Peak [HU]   Volume [mm3]   Equiv. Mass [mg HA]   Score\n"
        "   1     LM          14.9         412          41.2               9.8              48\n"
        "   2     LAD         41.7         588         121.6              29.4             152\n"
        "   3     LAD         29.8         501          84.3              19.7             101\n"
        " Artery   Lesions   Volume [mm3]   Equiv. Mass [mg HA]   Agatston Score\n"
        " LM          1           41.2             9.8                  48\n"
        " LAD         2          205.9            49.1                 253\n"
        " Total       3          247.1            58.9                 301\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 48, "LAD": 253}
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (301, 247.1, 58.9)


def test_extract_pipe_table_with_units_in_brackets(extract_text):
    ex = extract_text("Artery | # Lesions | Volume [mm3] | Equiv. Mass [mg CaHA] | Score [Agatston]\n"
                      "-------+-----------+--------------+-----------------------+-----------------\n"
                      "LAD    |     2     |     27.9     |          5.62         |       31\n"
                      "RCA    |     1     |      7.6     |          1.18         |        7\n"
                      "TOTAL  |     3     |     35.5     |          6.80         |       38\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (38, 35.5, 6.8)
    assert ex.vessels["RCA"].value == 7


def test_extract_table_whose_column_names_are_in_parentheses(extract_text):
    ex = extract_text("CORONARY ARTERIES  (Agatston / volume mm3)\n   Left main ............    88 /   71\n"
                      "   LAD ..................   512 /  418\n   -------------------------\n"
                      "   TOTAL ................   600 /  489\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.vessels["LAD"].value) == (600, 489.0, 512)


@pytest.mark.parametrize("text, volume, mass", [
    ("Volume score 120 mm3. Mass score 25.3 mg.", 120.0, 25.3),
    ("Calcium Volume Score (mm3): 250.1\nCalcium Mass (mg HA): 61.2", 250.1, 61.2),
    ("with a calcium volume of 74 cubic millimeters and a mass of 12 mg CaHA", 74.0, 12.0),
    ("LV end-diastolic volume 140 mL. LV myocardial mass 120 g.", None, None),
    ("VOL SCORE 241 MM3 / MASS 52.7 MG", 241.0, 52.7),
    ("Volume of calcium: 29,8 mm3. Mass of calcium: 5,6 mg.", 29.8, 5.6),
    ("  Total coronary ........... 356     |  AV calcium volume ...... 398.0 mm3\n"
     "  Coronary volume ........ 301.8 mm3 |\n", 301.8, None),
    ("for a total calcium score of zero. The calcium volume is likewise zero.", 0.0, None),
    ("CAC_VOLUME_MM3: 31.6\nCAC_MASS_MG: 6.2\n", 31.6, 6.2),
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
    ("MESA %ILE: 75-90TH", "75-90"),
    ("Related to age and sex this corresponds to the 91. percentile.", 91),
    ("   MESA percentile ... 76\n", 76),
    ("Percentile         78th                84th\n", None),
    ("CAC-DRS A1/N1. Percentile: 58th (MESA).", 58),
    ("Total Agatston score = 89.\nMESA percentile: 88th", 88),
    ("RECOMMENDATION:\nA score of >=100, or >=75th percentile for age/sex, supports statin therapy.", None),
    ("This places the patient on the 62nd centile for age, sex and ethnicity (MESA reference).", 62),
    ("this places him at the seventy first percentile for age sex and race", 71),
    ("Percentile (MESA) ..... 61\n", 61),
    ("    MESA percentile 0. (About half of women her age have no detectable coronary calcium.)", 0),
    ("The percentile for age, sex and ethnicity (MESA) is located between 75 and 90.", "75-90"),
    ("Minimal plaque (score 1-10). CAC-DRS A1/N1. 57th pct (MESA).", 57),
    ("Addendum: Corrected total Agatston score is 108 (previously 88). Percentile rank is now 93rd.", 93),
    ("severe category (score > 400), above the 90th percentile for age and sex (MESA: 93rd percentile).", 93),
    # a threshold wrapped onto the next line is still a threshold
    ("ADDENDUM:\n2. 89th percentile for age and sex. With a score above 100 and above the\n"
     "   75th percentile, statin therapy is generally favored.\n", 89),
])
def test_extract_percentile(extract_text, text, value):
    fact = extract_text(text).percentile
    assert (fact.value if fact else None) == value


@pytest.mark.parametrize("text, value", [
    ("CAC-DRS A2/N3.", "A2/N3"), ("CAC-DRS: A0", "A0"), ("CAC-DRS A1 N1", "A1/N1"),
    ("cac-drs a1/n2", "A1/N2"), ("CAD-RADS 2.", None), ("CAC-DRS A0.", "A0"),
    ("Template: CAC scoring (based on RadReport / SCCT CAC-DRS 2018)  v2.1", None),
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
    ("1. Total coronary artery calcium score 174, moderate, 78th percentile for age/sex/race", "moderate"),
    ("1. SEVERE (EXTENSIVE) CORONARY ARTERY CALCIFICATION. TOTAL AGATSTON SCORE 1,050.", "severe"),
    ("What your score means - plaque level: MILD", "mild"),
    ("IMPRESSION: Mild coronary artery calcifcation, total calcium score 42.", "mild"),
    ("Coronary artery calcium present, moderate burden (total 149).", "moderate"),
    ("Denies chest pain; reports mild dyspnea on exertion.\nMild calcification of the descending thoracic\naorta.",
     None),
    ("1. Total coronary artery calcium score 143, moderate (100-399), 58th percentile.", "moderate"),
    ("IMPRESSION:\n1. CCS 1,024 - severe (CACS >= 400), 4-vessel disease.", "severe"),
    ("- Total Agatston calcium score 389: moderate coronary artery calcification, involving the LAD.", "moderate"),
    ("CAC 1-99 = mild\n> 400  severe\n", None),
    ("The category changes from minimal to MILD (Rumberger 11-100).", "mild"),
    ("1. Extensive native coronary artery calcification: total Agatston score 688 with stented segments.", "severe"),
    # a vessel free of calcium is not the patient's category
    ("the left main and circumflex arteries show no calcification. Impression: mild coronary calcification.", "mild"),
    ("Coronary calcium volume by vessel:\n  LAD   61.2 mm3\nNo calcification of the left main coronary artery.\n",
     None),
    ("Mild coronary calcification per the reference scale above.", "mild"),
])
def test_extract_stated_risk_category(extract_text, text, category):
    fact = extract_text(text).risk_category_stated
    assert (fact.value if fact else None) == category


@pytest.mark.parametrize("total, expected", [(0, "none"), (1, "mild"), (99, "mild"), (100, "moderate"),
                                             (399, "moderate"), (400, "severe")])
def test_extract_expected_category_boundaries(extract_text, total, expected):
    assert extract_text(f"Total Agatston score: {total}").risk_category_expected == expected


def test_extract_addendum_correction_after_a_double_space_and_this_corresponds_to(extract_text):
    """'should not have been included.  The corrected ...' is a new sentence (two spaces), so
    'should' does not make the corrected values hypothetical; 'This corresponds to' states
    this patient's category, not a legend's."""
    ex = extract_text(
        "FINDINGS:\nLAD 64\nRCA 31\n\nIMPRESSION:\nTotal coronary calcium score 107, consistent with moderate plaque"
        " burden. 68th percentile (MESA).\n\n*** ADDENDUM ***\nA calcified focus attributed to the RCA lies in the aortic"
        " root and should not have been included.  The corrected RCA score is 13 and the corrected TOTAL coronary"
        " calcium score is 89\n(previously reported as 107). This corresponds to mild plaque burden, 61st percentile.\n")
    assert (ex.agatston_total.value, ex.vessels["RCA"].value) == (89, 13)
    assert (ex.risk_category_stated.value, ex.percentile.value) == ("mild", 61)


def test_extract_follow_up_table_reads_the_current_column(extract_text):
    ex = extract_text("Vessel             Prior 02.06.2021    Current 22.04.2025\n"
                      "LAD                150                 201\nLCx                0                   18\n"
                      "RCA                62                  99\nTotal Agatston     212                 318\n"
                      "Volume (mm3)       180.0               262.5\n")
    assert (ex.agatston_total.value, ex.volume_score.value) == (318, 262.5)
    assert {k: v.value for k, v in ex.vessels.items()} == {"LAD": 201, "LCX": 18, "RCA": 99}


def test_extract_table_with_separate_mass_and_score_columns(extract_text):
    ex = extract_text("Vessel    Lesions   Volume (mm3)   Mass (mg)   Score\n------    -------   ------------   ---------   -----\n"
                      "LAD       3         27.4           5.91        31\nTotal     3         27.4           5.91        31\n")
    assert (ex.vessels["LAD"].value, ex.volume_score.value, ex.mass_score.value, ex.agatston_total.value) == \
        (31, 27.4, 5.91, 31)


def test_extract_addendum_on_top_is_the_correction(extract_text):
    ex = extract_text("*** ADDENDUM ***\nCorrected MESA percentile: 91st (previously reported as 68th).\n"
                      "*** END OF ADDENDUM ***\n\nORIGINAL REPORT\nFindings:\nTotal Agatston score 87.\n"
                      "MESA percentile: 68th.\n")
    assert ex.percentile.value == 91 and ex.agatston_total.value == 87


def test_extract_two_column_layout(nlp):
    """A report whose PDF text came out with two columns side by side (corpus/blind3/ea04)."""
    from pathlib import Path

    from report_audit.extract import extract_facts
    from report_audit.readers import read_document

    source = read_document(Path(__file__).resolve().parents[2] / "corpus" / "blind3" / "ea04.txt")
    ex = extract_facts(nlp(source.text), source, "report")
    assert ex.agatston_total.value == 435 and ex.cac_drs.value == "A3/N3"
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 198, "LCX": 61, "RCA": 176}
    assert sorted(f.name for f in ex.risk_factors) == ["hyperlipidemia", "hypertension", "tobacco_use"]


@pytest.mark.parametrize("text, vessels", [
    ("FINDINGS: No calcified plaque is identified in the left main, left anterior descending, left circumflex, "
     "or right coronary arteries.", {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}),
    ("Results: A small focus is present in the proximal LAD, Agatston score 7. The left main, circumflex and "
     "right coronary arteries show no calcification. Total coronary calcium score = 7.",
     {"LM": 0, "LAD": 7, "LCX": 0, "RCA": 0}),
    # blind14: vessels in a sentence, and translated names
    ("FINDINGS: The LAD accounts for the majority, with an Agatston score of 287, followed by the right coronary "
     "artery at 104 and the left circumflex at 36; the left main is free of calcification. Total Agatston score 427.",
     {"LM": 0, "LAD": 287, "LCX": 36, "RCA": 104}),
    ("Results:\n- Trunk of left coronary (left main): 0\n- Anterior descending artery (LAD): 212\n"
     "- Circumflex artery (Cx): 0\n- Right coronary artery (RCA): 57\nTotal calcium score Agatson: 269\n",
     {"LM": 0, "LAD": 212, "LCX": 0, "RCA": 57}),
    # blind20: dictated prose with units after each vessel, and "all other arteries 0"
    ("FINDINGS: There is calcified plaque in the left main coronary artery measuring 22 Agatston units. The left "
     "anterior descending artery demonstrates multifocal calcified plaque measuring 301 Agatston units. The left "
     "circumflex artery measures 64 Agatston units. The right coronary artery measures 151 Agatston units.\n"
     "The total Agatston score is 538.", {"LM": 22, "LAD": 301, "LCX": 64, "RCA": 151}),
    ("Calcium score (Agatston):  9\n   LAD 9 -- all other arteries 0\n", {"LM": 0, "LAD": 9, "LCX": 0, "RCA": 0}),
    ("LAD 45, RCA 12; all other vessels are free of calcium.", {"LM": 0, "LAD": 45, "LCX": 0, "RCA": 12}),
    ("The LAD has a plaque measuring 4 mm. All other arteries: 0", {}),  # no vessel score beside it
    # blind21: a second-language writer's sentences
    ("Findings:\nIn the left main artery there is no calcium burden seen.\nCalcium is seen in the LAD artery at "
     "proximal part, amount is 61 Agatston.\nCircumflex artery is free from calcium.\nIn the RCA, there are two "
     "small spots of calcium at middle part, together they are 19 Agatston.\nSo total Agatston score is 80.",
     {"LM": 0, "LAD": 61, "LCX": 0, "RCA": 19}),
])
def test_extract_vessels_in_lists_and_sentences(extract_text, text, vessels):
    assert {k: v.value for k, v in extract_text(text).vessels.items()} == vessels


def test_extract_addendum_on_top_of_an_epic_narrative_wins(extract_text):
    ex = extract_text("Addendum\nADDENDUM: The correct RCA Agatston score is 61 (not 16). The corrected total "
                      "Agatston score is 179.\n\nElectronically signed by: D. Oyelaran, MD\n\nNarrative\nFINDINGS:\n"
                      "  LAD:        102\n  RCA:         16\n  TOTAL:      118\n\nIMPRESSION: Calcium score 118.\n")
    assert ex.agatston_total.value == 179 and ex.vessels["RCA"].value == 61


# blind14 first look: report forms and phrasings of outside writers
def test_extract_terse_read_volume_after_agatston_and_no_coronary_ca(extract_text):
    ex = extract_text("CAC screen 3/14/25 - Lindqvist, Harold  MRN 2290114\nGated, non-con. Agatston 0, volume 0. "
                      "No coronary Ca. CAC-DRS A0.\n")
    assert ex.agatston_total.value == 0 and ex.volume_score.value == 0
    assert ex.risk_category_stated.value == "none" and ex.exam_date.value == "2025-03-14"
    assert ex.screening is not None and ex.screening.value is True


def test_extract_table_with_an_empty_label_column_header(extract_text):
    ex = extract_text("FINDINGS:\n                     Agatston     Volume (mm3)\n  Left main              0.0           0.0\n"
                      "  LAD                  388.4         321.6\n  RCA                  611.9         506.3\n"
                      "  Total               1000.3         827.9\n")
    assert ex.agatston_total.value == 1000.3 and ex.volume_score.value == 827.9


def test_extract_percentile_for_age_and_sex_and_a_relative_clause_is_no_legend(extract_text):
    ex = extract_text("Total calcium score Agatson: 269\nPercentil for age and sex (MESA): 92\n\nConclusion:\n"
                      "Coronary calcium score of 269 units Agatson, what corresponds to a moderate atherosclerotic "
                      "plaque burden (CAC-DRS A2/N2).\n")
    assert ex.percentile.value == 92 and ex.cac_drs.value == "A2/N2"
    assert ex.risk_category_stated.value == "moderate"


def test_extract_quoted_outside_report_is_no_current_score(extract_text):
    ex = extract_text("OUTSIDE REPORT (for reference, not our interpretation)\nThe outside report stated: \"No coronary "
                      "artery calcium. Agatston score 0. CAC-DRS A0.\"\n\nFINDINGS\nRe-scored values:\n"
                      "  LM 0 | LAD 9 | LCX 4 | RCA 0\n  Total Agatston score 13\n\nIMPRESSION\n"
                      "1. Total Agatston score 13 (mild), CAC-DRS A1/N2.\n")
    assert ex.agatston_total.value == 13 and ex.cac_drs.value == "A1/N2"


# blind15 first look
def test_extract_markdown_field_value_header_table(extract_text):
    ex = extract_text("| Field               | Value                      |\n|---------------------|----------------------------|\n"
                      "| Patient             | OKAFOR, CHIDI E            |\n| MRN                 | CR-7730291                 |\n"
                      "| DOB                 | 1969-08-07                 |\n| Exam date           | 14-Jan-2026                |\n"
                      "| Referring physician | Abigail Stern, DO          |\n")
    ids = ex.patients[0]
    assert (ids.name.value, ids.mrn.value, ids.dob.value) == ("OKAFOR, CHIDI E", "CR-7730291", "1969-08-07")
    assert ex.exam_date.value == "2026-01-14" and "Stern" in ex.ordering_provider.value


def test_extract_ehr_results_view_reads_value_not_reference_range(extract_text):
    ex = extract_text("Component                     Value     Ref Range   Flag\n"
                      "CAC AGATSTON TOTAL            7         0           H\nCAC LM                        0         0\n"
                      "CAC LAD                       7         0           H\nCAC LCX                       0         0\n"
                      "CAC RCA                       0         0\nCAC PERCENTILE (MESA)         91        --\n"
                      "CAC-DRS                       A1/N1     A0          A\n")
    assert ex.agatston_total.value == 7 and ex.percentile.value == 91 and ex.cac_drs.value == "A1/N1"
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 7, "LCX": 0, "RCA": 0}


def test_extract_numbered_amendments_on_top_win(extract_text):
    ex = extract_text("**** AMENDMENT 2 - 05-09-2025 10:02 ****\nCorrected values: calcium volume 298.5 mm3 (previously "
                      "352.0).\n\n**** AMENDMENT 1 - 05-07-2025 14:30 ****\nCorrected: LM 0 / LAD 201 / LCx 0 / RCA 150; "
                      "TOTAL AGATSTON 351.\nCategory: MODERATE (previously severe).\n\n**** ORIGINAL REPORT - 05-06-2025 "
                      "****\nFINDINGS:\n  LAD ........ 201\n  LCx ........ 61\n  Total Agatston ........ 412\n"
                      "  Volume ........ 352.0 mm3\nIMPRESSION: Severe coronary artery calcification.\n")
    assert ex.agatston_total.value == 351 and ex.volume_score.value == 298.5
    assert ex.risk_category_stated.value == "moderate"


def test_extract_dictated_correction_and_spoken_slash(extract_text):
    ex = extract_text("Findings. Total Agatston score 99, which is mild.\n\nImpression. Correction: the LAD is 86, not 68. "
                      "So the total is 117, not 99.\n\nImpression, number one, total coronary calcium score 117, moderate, "
                      "CAC-DRS A2 slash N2.\n")
    assert ex.agatston_total.value == 117 and ex.cac_drs.value == "A2/N2"


def test_extract_patient_letter_with_a_physician_addendum(extract_text):
    ex = extract_text("Your doctor, Dr. Marcus Delacroix, asked for this test because of your high cholesterol.\n\n"
                      "YOUR CORONARY ARTERY CALCIUM SCORE: 56\n\nCompared with other women your age, your score is "
                      "higher than about 52 out of 100 women (52nd percentile).\n\nIf you have chest pain, call 911.\n\n"
                      "PHYSICIAN ADDENDUM (for the medical record) - 04/10/2025\nThe total printed in the letter above "
                      "(\"56\") is a typographical error. The correct total Agatston score is 65.\n")
    assert ex.agatston_total.value == 65 and ex.percentile.value == 52
    assert ex.ordering_provider.value == "Marcus Delacroix" and "high cholesterol" in ex.indication.value


def test_extract_template_guidance_and_unchecked_contrast(extract_text):
    ex = extract_text("TECHNIQUE:\n[X] Non-contrast CT of the heart\n[ ] IV contrast administered\n\n"
                      "STANDARD GUIDANCE (TEMPLATE TEXT - NOT PATIENT-SPECIFIC):\n"
                      "  CAC >= 100 or >= 75th percentile: statin therapy recommended.\n")
    assert ex.contrast_administered.value is False and ex.percentile is None


# blind16/blind17 first looks
@pytest.mark.parametrize("text, total", [
    ("Agatston: LM 0 / LAD 52 / LCx 0 / RCA 22 = total 74\nPrior 03/14/2023: total 41 (LAD 41, RCA 0).\n", 74),
    ("*** ADDENDUM ***\nThe correct total is 289 (LM 12 + LAD 160 + LCX 45 + RCA 72).\n*** END ADDENDUM ***\n\n"
     "FINDINGS:\nTotal Agatson calcium score 298.\n", 289),
    ("SUMMIT IMAGING ASSOCIATES               CT CORONARY CALCIUM SCORE\n1750 Ridge Road, Building C\n\n"
     "FINDINGS:\n   Left main            22\n   LAD                 341\n   TOTAL               363\n", 363),
])
def test_extract_total_after_a_sum_an_end_of_addendum_and_a_letterhead(extract_text, text, total):
    assert extract_text(text).agatston_total.value == total


@pytest.mark.parametrize("text, category", [
    ("THIS IS CONSIDERED MILD PLAQUE.\n\nWHAT THE NUMBERS MEAN:\n    1 - 99       MILD PLAQUE\n"
     "    400 OR MORE  SEVERE PLAQUE\n", "mild"),
    ("Impression:\n- Agatston total 390: moderate coronary artery calcification (72nd percentile, MESA).", "moderate"),
])
def test_extract_category_stated_in_a_letter_and_after_a_total(extract_text, text, category):
    assert extract_text(text).risk_category_stated.value == category


def test_extract_comparison_none_on_its_own_line_ends_the_section(extract_text):
    ex = extract_text("COMPARISON:\nNone available.\nCORONARY ARTERY CALCIUM QUANTIFICATION:\n"
                      "Artery                  Agatston score     Volume (mm3)\nLeft main (LM)             0         0.0\n"
                      "Left anterior descending (LAD)  118     96.4\nTOTAL                    118     96.4\n"
                      "THE SCAN WAS DONE WITHOUT ANY DYE (CONTRAST).\n")
    assert ex.agatston_total.value == 118 and ex.vessels["LAD"].value == 118
    assert ex.contrast_administered.value is False


# blind18 first look
@pytest.mark.parametrize("text, vessels", [
    ("Coronary arteries:\nLeft main: No calcification.\nLeft anterior descending: Dense calcified plaque in the proximal "
     "and mid LAD extending to the origin of the first diagonal. Agatston 210.\nRight coronary artery: Calcified plaque "
     "in the proximal RCA. Agatston 97.\n\nTotal Agatston calcium score: 307\n", {"LM": 0, "LAD": 210, "RCA": 97}),
    ("The left main contains a small calcified plaque at the bifurcation scoring 18. The LAD has extensive "
     "calcification, score 301.", {"LM": 18, "LAD": 301}),
])
def test_extract_vessel_scores_at_the_end_of_a_described_line(extract_text, text, vessels):
    ex = extract_text(text)
    assert {k: v.value for k, v in ex.vessels.items()} == vessels


def test_extract_addendum_percentile_that_corresponds_to(extract_text):
    ex = extract_text("*** ADDENDUM ***\nThe corrected total Agatston score is 174 (not 156). The corrected total "
                      "corresponds to the 75th percentile (MESA).\n\nORIGINAL REPORT:\nFINDINGS:\nPercentile: 72nd percentile "
                      "(MESA).\n")
    assert ex.agatston_total.value == 174 and ex.percentile.value == 75


# blind19 first look
def test_extract_workstation_table_with_density_area_and_empty_cells(extract_text):
    ex = extract_text(
        "       Artery       Lesions   Area (mm2)  Peak density (HU)  Mean density (HU)  Volume (mm3)  "
        "Equiv. mass (mg CaHA)  Agatston score  % of total\n"
        "LM  (left main)           0          0.0             -             -          0.0              0.00           0       0.0\n"
        "LAD (left ant. desc.)     3         24.6           486           301          61.4            12.10          74      65.5\n"
        "Total (coronary)          3         24.6           486             -          61.4            12.10          74    100.0\n")
    assert ex.agatston_total.value == 74 and ex.vessels["LAD"].value == 74 and ex.volume_score.value == 61.4


def test_extract_spoken_colons_before_numbers(extract_text):
    ex = extract_text("Technique: Non contrast CT of the heart with prospective E.K.G. gating.\nFindings:\n"
                      "Left main colon zero.\nLeft anterior descending colon one hundred and two.\n"
                      "Left circumflex colon eleven.\nRight coronary artery colon forty-one.\n"
                      "Total Agatson score one hundred fifty four (154).\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 102, "LCX": 11, "RCA": 41}
    assert ex.ecg_gated.value is True


def test_extract_patient_letter_plain_language(extract_text):
    ex = extract_text("Dr. Linh Pham ordered this scan. The reason listed on the order was:\nelevated cholesterol and "
                      "former smoking.\n\nYOUR CORONARY ARTERY CALCIUM SCORE: 3\n\nOn the scale our physicians use, "
                      "this is a\nMINIMAL amount of plaque.\nYour left main, circumflex and right coronary arteries "
                      "had no calcium. The calcium volume measured 4.1 cubic millimeters.\n")
    assert "elevated cholesterol" in ex.indication.value and ex.risk_category_stated.value == "minimal"
    assert ex.volume_score.value == 4.1 and {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LCX": 0, "RCA": 0}


@pytest.mark.parametrize("text, total, volume", [
    ("    RCA                287\n    ------------------------\n    Sum                843 AU\n"
     "    Volume equivalent  702 mm3\n", 843, 702.0),
    ("SUMMARY\n- Extensive coronary calcification, CAC 843 (CAC-DRS A3/N4; MESA 91st centile).", 843, None),
    ("coronary calcium, current:\n  LM 0; LAD 71; LCx 22; RCA 9  ->  total 102 Agatston units\n"
     "  volume 96.4 mm3; mass 19.7 mg\n", 102, 96.4),  # an arrow is no threshold (">")
    ("Recommendation: CAC >100 warrants statin therapy.", None, None),
])
def test_extract_blind21_totals_sums_and_arrows(extract_text, text, total, volume):
    ex = extract_text(text)
    assert (ex.agatston_total.value if ex.agatston_total else None) == total
    assert (ex.volume_score.value if ex.volume_score else None) == volume


def test_extract_mesa_percentile_number_before_its_reference_group(extract_text):
    assert extract_text("MESA percentile 73 for age, sex and race. CAC-DRS A1/N2.").percentile.value == 73


@pytest.mark.parametrize("text, total", [
    ("Agatston Score by Vessel: LM 0, LAD 45, LCX 10, RCA 0. Total: 55 (Agatston).", 55),
    ("Total coronary calcium: 55 Agatston units (LAD 45, circumflex 10).", 55),
    ("Serum calcium: 10 mg/dL.", None),
])
def test_extract_total_labelled_then_its_unit(extract_text, text, total):
    fact = extract_text(text).agatston_total
    assert (fact.value if fact else None) == total


@pytest.mark.parametrize("text, vessels", [
    ("  Tronco com\u00fan (Left main)                 0\n  Descendente anterior (LAD)             410\n"
     "  Circunfleja (LCx)                      122\n  Coronaria derecha (RCA)                388\n",
     {"LM": 0, "LAD": 410, "LCX": 122, "RCA": 388}),  # the vessel's English name in parentheses
    ("Gated noncon. Agatston total 212 (LAD 150, RCA 62); no LM or LCx calcium. Vol 180 mm3.\n",
     {"LM": 0, "LAD": 150, "LCX": 0, "RCA": 62}),
])
def test_extract_blind24_vessel_rows(extract_text, text, vessels):
    assert {k: v.value for k, v in extract_text(text).vessels.items()} == vessels


def test_extract_a_fitness_percentile_is_not_the_calcium_percentile(extract_text):
    ex = extract_text("VO2max (CPET)              34.2 mL/kg/min (70th percentile for age)\n"
                      "Volume score 126 mm3. MESA percentile 68th. CAC-DRS A2/N2.\n")
    assert ex.percentile.value == 68


def test_extract_addendum_on_top_ends_at_the_rule_line_over_the_report(extract_text):
    ex = extract_text("ADDENDUM #1 - 8/21/2025\nA lesion was added:\n   RCA: 27 (previously reported as 0)\n   Corrected "
                      "total Agatston score: 129 (previously reported as 102)\n\nElectronically signed by N. Pruitt, MD\n\n"
                      + "-" * 40 + "\n\nCT CARDIAC CALCIUM SCORE\nExam completed: 8/19/2025 10:02 AM\n\nFindings:\n"
                      "LAD: 88\nRCA: 0\nTotal Agatston score: 102\n")
    assert ex.agatston_total.value == 129 and ex.vessels["RCA"].value == 27 and ex.exam_date.value == "2025-08-19"


def test_extract_two_numbered_addenda_newest_first_and_a_withdrawn_total(extract_text):
    ex = extract_text("-" * 40 + "\nADDENDUM #2 -- 15-Nov-2024 11:06\n" + "-" * 40 + "\nAddendum #1 below contains a "
                      "typographical error. The correct, final values are:\n    Total Agatston score: 388\n\nThe total of "
                      "415 and the \"severe\" category stated in Addendum #1 are withdrawn.\n\n" + "-" * 40 +
                      "\nADDENDUM #1 -- 13-Nov-2024 16:40\n" + "-" * 40 + "\nCorrection: Corrected total Agatston score "
                      "415.\n\nFINDINGS:\nTotal Agatston score 385.\n")
    assert ex.agatston_total.value == 388


def test_extract_a_rounded_total_agrees_with_the_exact_one(extract_text):
    ex = extract_text("[Results.Coronary]\nLM.Agatston=0.0\nLAD.Agatston=38.6\nCX.Agatston=0.0\nRCA.Agatston=22.8\n"
                      "Total.Lesions=5\nTotal.Agatston=61.4\n\n"
                      "IMPRESSION: Mild coronary calcification, Agatston 61.\n")
    assert ex.agatston_total.value == 61.4 and ex.vessels["LAD"].value == 38.6


@pytest.mark.parametrize("text", [
    '<CardiacCTReport>\n  <Patient>\n    <Name>Ferreira, Lucinda</Name>\n    <MRN>00728815</MRN>\n    <DOB>1973-05-09</DOB>\n'
    '  </Patient>\n  <Referring>Tamsin Oyelaran-Fisk, MD</Referring>\n  <StudyDate>2025-07-22</StudyDate>\n'
    '  <Contrast>none</Contrast>\n  <Gating>prospective ECG-triggered</Gating>\n  <Findings>\n    <CalciumScore>\n'
    '      <Vessel id="LM" score="0"/>\n      <Vessel id="LAD" score="12"/>\n      <Total>12</Total>\n    </CalciumScore>\n'
    '    <VolumeScore unit="mm3">10.5</VolumeScore>\n  </Findings>\n</CardiacCTReport>\n',
    '{\n  "patient": {"name": "Ferreira, Lucinda", "mrn": "00728815", "dob": "1973-05-09"},\n'
    '  "order": {"orderingProvider": "Tamsin Oyelaran-Fisk, MD"},\n  "acquisition": {"studyDate": "2025-07-22", '
    '"contrast": false, "gating": "prospective ECG triggering"},\n  "calcium": {"vessels": {"LM": 0, "LAD": 12}, '
    '"totalAgatston": 12, "volumeMm3": 10.5}\n}\n',
])
def test_extract_structured_reports_pasted_as_xml_or_json(extract_text, text):
    ex = extract_text(text)
    assert (ex.agatston_total.value, ex.volume_score.value, ex.exam_date.value) == (12, 10.5, "2025-07-22")
    assert ex.vessels["LAD"].value == 12 and ex.contrast_administered.value is False and ex.ecg_gated.value is True
    ids = ex.patients[0]
    assert (ids.name.value, ids.mrn.value, ids.dob.value) == ("Ferreira, Lucinda", "00728815", "1973-05-09")
    assert "Oyelaran-Fisk" in ex.ordering_provider.value


def test_extract_the_final_version_supersedes_the_preliminary_read(extract_text):
    ex = extract_text("=" * 50 + "\nVERSION 1 -- PRELIMINARY (resident read)       06/03/2025 19:42\n" + "=" * 50 +
                      "\nFINDINGS:\nRCA: 66\nTotal Agatston score: 142\nIMPRESSION: Moderate coronary calcification.\n\n"
                      + "=" * 50 + "\nVERSION 2 -- FINAL (attending)                 06/04/2025 09:18\n" + "=" * 50 +
                      "\nATTENDING COMMENT: the RCA focus is pericardial and has been removed.\n\nFINDINGS:\nRCA: 21\n"
                      "Total Agatston score: 97\nIMPRESSION: Mild coronary calcification.\n")
    assert ex.agatston_total.value == 97 and ex.vessels["RCA"].value == 21 and ex.risk_category_stated.value == "mild"


# blind27 / blind28 first looks
@pytest.mark.parametrize("text, vessels", [
    ("Dense calcified plaque in the left main (24 Agatston units).  The right coronary artery\nhas scattered "
     "calcification along its proximal and mid segments (202).  The circumflex is free of calcium.",
     {"LM": 24, "RCA": 202, "LCX": 0}),
    ("calcified plaque in the left anterior descending (42) and right coronary (19) arteries and none in the left main "
     "or circumflex, 61 in all by the Agatston method", {"LAD": 42, "RCA": 19, "LM": 0, "LCX": 0}),
    ("FINDINGS:\nCALCIFIED PLAQUE IS IDENTIFIED IN THE PROXIMAL AND MID LAD, AGATSTON 37.\nTHE LEFT MAIN, "
     "LEFT CIRCUMFLEX AND RIGHT CORONARY ARTERIES ARE FREE OF\nCALCIUM.\nTOTAL AGATSTON SCORE: 37\n",
     {"LAD": 37, "LM": 0, "LCX": 0, "RCA": 0}),
    ("Punctate calcification in the mid right coronary artery, Agatston score 5. Calcified plaque is seen "
     "in the LAD (41). LM and circumflex: none.", {"RCA": 5, "LAD": 41, "LM": 0, "LCX": 0}),
])
def test_extract_vessel_scores_said_in_clauses(extract_text, text, vessels):
    assert {k: v.value for k, v in extract_text(text).vessels.items()} == vessels


def test_extract_a_clause_does_not_take_another_vessels_score(extract_text):
    ex = extract_text("The RCA has scattered calcification while the circumflex (12) is mildly involved.")
    assert "RCA" not in ex.vessels


def test_extract_scores_of_one_run_on_sentence(extract_text):
    ex = extract_text("Prospectively gated noncontrast images show calcified plaque in the LAD (42) and RCA (19), 61 in "
                      "all by the Agatston method with 58 mm3 and 11 mg, which is at the 80th percentile.")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (61, 58, 11)


def test_extract_a_mobile_units_terse_lines(extract_text):
    ex = extract_text("CAC / non-con / prosp ECG trigger / 120 kV / 3 mm\n\nLM     0\nLAD   14\nCX     0\nRCA    8\n"
                      "Tot   22\nVol   19.5\nPctl  34\nA1/N2\n\nMild. Dist LAD + prox RCA.\nAV: no ca.\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.percentile.value, ex.cac_drs.value) == (22, 19.5, 34, "A1/N2")
    assert ex.risk_category_stated is None  # "AV: no ca." is the aortic valve


def test_extract_a_contrast_volume_line_is_no_calcium_volume(extract_text):
    assert extract_text("Contrast:\nVol 70 mL iopamidol\nVol: 70 mL\n").volume_score is None


@pytest.mark.parametrize("text, percentile", [
    ("Agatston calcium score: 0.  Volume score 0 mm3.\n0 percentile for age and sex (MESA) -- i.e., like most women.", 0),
    ("Score 45; this is the 62 percentile for age, sex and race.", 62),
])
def test_extract_a_percentile_without_ordinal_suffix(extract_text, text, percentile):
    assert extract_text(text).percentile.value == percentile


@pytest.mark.parametrize("text, category", [
    ("1. Coronary artery calcium score 31 (Agatston), mild, LAD only.", "mild"),
    ("     YOUR CORONARY ARTERY CALCIUM SCORE: 23\n     RESULT: MILD - small amount of calcified plaque\n\n"
     "A score of 0 means no calcium was seen; 1 to 99 is mild; 100 to 399 is moderate.", "mild"),
])
def test_extract_categories_of_blind27_28(extract_text, text, category):
    assert extract_text(text).risk_category_stated.value == category


def test_extract_the_final_report_below_a_teleradiology_preliminary(extract_text):
    ex = extract_text("PRELIMINARY REPORT (teleradiology)\nPRELIMINARY FINDINGS: Coronary calcium LM 0 / LAD 61 / LCx 55 / "
                      "RCA 27. Total Agatston 143.\nPRELIMINARY IMPRESSION: Moderate coronary calcification (CAC-DRS A2/N3)."
                      "\n\n" + "=" * 60 + "\nFINAL REPORT                                    Status: FINAL (Signed)\n"
                      + "=" * 60 + "\n\nFINDINGS:\nCoronary calcium scores (revised):\n  LAD ...................... 61\n"
                      "  Left circumflex .......... 9\n  RCA ...................... 27\n  Total Agatston score ..... 97\n\n"
                      "IMPRESSION:\n1. Mild coronary artery calcification. Total Agatston score 97, CAC-DRS A1/N3.\n")
    assert (ex.agatston_total.value, ex.vessels["LCX"].value, ex.cac_drs.value) == (97, 9, "A1/N3")


# blind29 / blind30 first looks
def test_extract_a_total_all_in_one_vessel_gives_that_vessel(extract_text):
    ex = extract_text("hx 61 yo m htn, smokes 1 ppd, risk strat. noncontrast prospectively gated exam. agatston total 18 "
                      "all in the proximal LAD, no calcium LM circ or RCA. volume 20 mm3. mild coronary calcification.")
    assert ex.agatston_total.value == 18
    assert {k: v.value for k, v in ex.vessels.items()} == {"LAD": 18, "LM": 0, "LCX": 0, "RCA": 0}


def test_extract_vessels_of_a_dictation_with_numbers_in_words(extract_text):
    ex = extract_text("FINDINGS: There is calcified plaque in the left anterior descending artery with an Agatston score "
                      "of one hundred and thirty, in the circumflex artery scoring twenty-two, and in the right coronary "
                      "artery scoring sixty. The left main coronary artery is free of calcium.\n\nIMPRESSION: Moderate "
                      "coronary artery calcification. CAC-DRS category A two, N three.")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LAD": 130, "LCX": 22, "RCA": 60, "LM": 0}
    assert ex.cac_drs.value == "A2/N3"


def test_extract_a_clause_naming_a_branch_keeps_its_vessels_score(extract_text):
    ex = extract_text("circumflex artery with calcified plaques in proximal segment and at the origin of obtuse marginal 1, "
                      "score 104; right coronary artery with calcified plaques along the entire course, score 210.")
    assert (ex.vessels["LCX"].value, ex.vessels["RCA"].value) == (104, 210)


def test_extract_a_transposed_table_vessels_as_columns(extract_text):
    ex = extract_text("CORONARY CALCIUM QUANTIFICATION\n                     LM LAD LCX RCA TOTAL\n"
                      "Agatston score       0         54        12         0         66\n"
                      "Volume (mm3)         0.0      48.2       11.5      0.0       59.7\n"
                      "Mass (mg)            0.0      10.9       2.3       0.0       13.2\n"
                      "Lesions (n)          0         3          1         0          4\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (66, 59.7, 13.2)
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 54, "LCX": 12, "RCA": 0}


def test_extract_current_and_prior_columns_under_a_two_line_header(extract_text):
    ex = extract_text("Results:\n\n                              CURRENT           PRIOR\n"
                      "                              06/18/2025        05/04/2021\n"
                      "  Left main                        0                 0\n  LAD                            142                88\n"
                      "  Left circumflex                 36                 0\n  RCA                             58                21\n"
                      "  Total Agatston                 236               109\n  Volume score (mm3)           204.7              95.3\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.vessels["LCX"].value) == (236, 204.7, 36)


def test_extract_a_results_block_of_export_keys(extract_text):
    ex = extract_text("RESULTS\nEXAM_DATE: 2024-07-09\nAGATSTON_TOTAL: 233\nVOLUME_MM3: 198.4\nMASS_MG: 44.0\n"
                      "EAT_VOLUME_ML: 131\nPERCENTILE_MESA: 81\nCAC_DRS: A2/N2\n")
    assert (ex.volume_score.value, ex.mass_score.value, ex.percentile.value) == (198.4, 44.0, 81)


def test_extract_a_research_result_line_and_its_baseline(extract_text):
    ex = extract_text("Agatston: LM 0 | LAD 9 | LCX 5 | RCA 0 | Total 14\nVolume 16.2 mm3 | Mass 2.8 mg | MESA pctl 58 | "
                      "Category (Rumberger): mild (11-100) | CAC-DRS A1/N2\nVisit 1 (baseline, 2023-10-30) total Agatston: 6\n")
    assert (ex.agatston_total.value, ex.percentile.value, ex.risk_category_stated.value) == (14, 58, "mild")


def test_extract_severe_after_a_double_dash(extract_text):
    assert extract_text("> 1. Total coronary artery calcium score 412 -- severe (>=400).").risk_category_stated.value == "severe"


# blind31 / blind32 first looks
def test_extract_a_motion_degraded_first_acquisition_is_not_this_studys(extract_text):
    ex = extract_text("Only Acquisition 2 was used for scoring. For the record, the automated score generated from the "
                      "motion-degraded Acquisition 1 was 143 (LAD 81, RCA 62); this value should not be used.\n\n"
                      "FINDINGS (Acquisition 2):\nLeft anterior descending ....... 77\nRight coronary artery .......... 44\n"
                      "Total Agatston score .......... 121\n")
    assert (ex.agatston_total.value, ex.vessels["LAD"].value, ex.vessels["RCA"].value) == (121, 77, 44)


def test_extract_a_results_panel_stacked_and_its_score_guide(extract_text):
    ex = extract_text("        Results at a glance\n\n        Total calcium score\n        88\n       Agatston units\n"
                      "        CAC-DRS\n        A1/N2\n\n      Score guide (Agatston): 0 = no detectable plaque - 1-99 = mild - "
                      "100-399 = moderate.\n")
    assert (ex.agatston_total.value, ex.cac_drs.value) == (88, "A1/N2")


def test_extract_a_prior_block_for_reference_is_not_current(extract_text):
    ex = extract_text("Current (11/10/2025):\n  - LAD ............ 82\n  - total ............ 118\n  MESA percentile: 72nd\n\n"
                      "Prior (10/26/2021), for reference:\n  - left main 0 / LAD 48 / circumflex 0 / RCA 16 ; total 64\n"
                      "  volume 63.0 mm3; mass 12.1 mg; 58th percentile; CAC-DRS A1/N2\n\nIMPRESSION:\n1. Moderate "
                      "calcified plaque burden. CAC-DRS A2/N3.\n")
    assert (ex.cac_drs.value, ex.percentile.value) == ("A2/N3", 72)


def test_extract_an_addendums_corrected_class_not_the_one_it_replaces(extract_text):
    ex = extract_text("*** ADDENDUM #1 ***  01/28/2026 08:05\nImpression item 2 should read \"CAC-DRS A3/N4\" (not A2/N4), "
                      "as the total score is at least 300.\n*** END ADDENDUM ***\n\nIMPRESSION:\n1. Mild coronary artery "
                      "calcification.\n2. CAC-DRS A2/N4.\n")
    assert ex.cac_drs.value == "A3/N4"


# blind33 / blind34 first looks
def test_extract_a_table_headed_by_study_dates_takes_the_latest(extract_text):
    ex = extract_text("                           11/16/2020      12/01/2025\n  Left main                     0               0\n"
                      "  LAD                          30              97\n  Total Agatston               41             163\n"
                      "  Volume (mm3)               38.0           150.2\n\nThe absolute increase in total Agatston score is 122 "
                      "over 5 years.\n")
    assert (ex.agatston_total.value, ex.vessels["LAD"].value, ex.volume_score.value) == (163, 97, 150.2)


@pytest.mark.parametrize("text", [
    "RECOMMENDATIONS\n  - Adults 40-75 years with LDL-C 70-189 mg/dL:\n      CAC = 0: reasonable to withhold statin.\n",
    "CAC-DRS REFERENCE (Hecht et al., SCCT 2018)\nA0: CAC = 0 - very low risk  A1: CAC 1-99 - mildly increased risk\n",
])
def test_extract_a_guidelines_zero_is_no_total(extract_text, text):
    ex = extract_text("FINDINGS:\n  Total                     132\nIMPRESSION: Coronary artery calcium score 132 (Agatston).\n\n"
                      + text)
    assert ex.agatston_total.value == 132


def test_extract_a_table_only_report(extract_text):
    ex = extract_text("Coronary artery calcium\n        Vessel         Agatston  Volume (mm3)  Mass (mg)  Lesions\n"
                      "Left main (LM)           96         80.2        18.1        2\n"
                      "TOTAL                   1,024       868.4       196.2       21\nInterpretation\n"
                      "Percentile (MESA, age/sex/race)  97th\nRisk category      Severe\n"
                      "Prior CAC (05/02/2019)  Agatston 640\n")
    assert (ex.agatston_total.value, ex.percentile.value, ex.risk_category_stated.value) == (1024, 97, "severe")


def test_extract_a_hoff_range_with_its_reference_named(extract_text):
    assert extract_text("   Percentile: 75th-90th for age/sex (Hoff/Callister reference)\n").percentile.value == "75-90"


# blind35 / blind36 first looks
def test_extract_scores_of_a_hurried_report(extract_text):
    ex = extract_text("LM: O    LAD: O    LCX: O    RCA: O\nTotal Agatston: O     Volume: O mm3     Mass: O mg\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value) == (0, 0, 0)
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}


def test_extract_terse_scores_without_units(extract_text):
    ex = extract_text("Calcium scoring: Agatston 74, volume 88, mass 17.  LM 0, LAD 50, LCX 0, RCA 24.\n"
                      "Percentile 81. CAC-DRS A1/N2.\nCardiac: normal size. LV myocardial mass (estimated) 136 g.\n")
    assert (ex.agatston_total.value, ex.volume_score.value, ex.mass_score.value, ex.percentile.value) == (74, 88, 17, 81)


def test_extract_vessels_that_have_no_detectable_calcium(extract_text):
    ex = extract_text("The calcium is located in the left anterior descending artery (41) and the right coronary artery (15); "
                      "the left main and left circumflex arteries have no detectable calcium. By CAC-DRS this is A1/N2, "
                      "which we describe as mild coronary calcification.")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LAD": 41, "RCA": 15, "LM": 0, "LCX": 0}
    assert ex.risk_category_stated.value == "mild"


def test_extract_all_of_it_in_one_vessel(extract_text):
    ex = extract_text("agatston calcium score is 8, all of it in the proximal LAD. no calcium in the left main, circ or rca.")
    assert (ex.agatston_total.value, ex.vessels["LAD"].value) == (8, 8)


# blind37 / blind38 first looks
def test_extract_a_titles_date_is_no_score(extract_text):
    ex = extract_text("CAPITAL AREA IMAGING          CT CORONARY CALCIUM SCORE          30-Sep-2024\n"
                      "Findings: No calcified plaque in the left main, LAD, circumflex or RCA. Agatston score 0.\n"
                      "IMPRESSION: Zero coronary artery calcium (CAC = 0), CAC-DRS A0.\n")
    assert ex.agatston_total.value == 0


def test_extract_a_total_labelled_with_an_aside(extract_text):
    ex = extract_text("Calcium scores (native, non-stented segments only):\n  LAD (excluding stent) ................ 64\n"
                      "  RCA (excluding stent) ................ 41\n  LCX .................................. 23\n"
                      "  TOTAL AGATSTON (excluding stents) .... 128\n")
    assert ex.agatston_total.value == 128


# blind39 / blind40 first looks
def test_extract_a_follow_up_table_headed_by_score_and_month(extract_text):
    ex = extract_text("Exam date: 2025-08-05\n\n| Vessel | Agatston 08/2025 | Agatston 07/2022 |\n"
                      "|--------|------------------|------------------|\n| LM     | 0                | 0                |\n"
                      "| LAD    | 52               | 34               |\n| LCx    | 0                | 0                |\n"
                      "| RCA    | 26               | 0                |\n| Total  | 78               | 34               |\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 52, "LCX": 0, "RCA": 26}
    assert ex.agatston_total.value == 78


def test_extract_a_follow_up_table_of_two_dates_in_one_year_is_not_guessed(extract_text):
    # month or day first is not known: neither column is taken for the current study
    ex = extract_text("| Vessel | Agatston 05/08/2025 | Agatston 07/03/2025 |\n| LAD    | 52  | 34 |\n| RCA    | 26  | 0  |\n")
    assert "LAD" not in ex.vessels or ex.vessels["LAD"].value not in (34,)


def test_extract_no_calcium_detected_in_the_vessels(extract_text):
    ex = extract_text("RESULT: Agatston 0. No coronary calcium detected in LM, LAD, LCX, or RCA.\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}


@pytest.mark.parametrize("text", [
    "IMPRESSION:\n1. Coronary artery calcium score 318 (CAC-DRS A3/N4), moderate, 88th percentile.\n",
    "IMPRESSION:\n1. Coronary artery calcium score (Agatston) 212 - moderate. Calcified plaque in the LAD.\n",
])
def test_extract_a_category_after_the_score_and_its_class(extract_text, text):
    assert extract_text(text).risk_category_stated.value == "moderate"


# blind41 / blind42 first looks
@pytest.mark.parametrize("text", [
    "Agatston: LM 12, LAD 260, LCx 54, RCA 122; TOTAL 448. Volume 371 mm3.",
    "LM 12, LAD 260, LCx 54, RCA 122, total 448.",
])
def test_extract_a_total_closing_a_one_line_vessel_list(extract_text, text):
    assert extract_text(text).agatston_total.value == 448


def test_extract_hemoglobin_then_total_is_no_score(extract_text):
    assert extract_text("Hemoglobin 12.5, total 448.").agatston_total is None


def test_extract_a_score_stated_therefore_and_its_category(extract_text):
    ex = extract_text("The total Agatston score is\ntherefore 6 (volume 5.2 mm3, mass 1.1 mg), which is minimal and places him "
                      "between the 25th and 50th percentiles.\n")
    assert (ex.agatston_total.value, ex.risk_category_stated.value) == (6, "minimal")


def test_extract_a_vessel_score_wrapped_onto_its_own_line(extract_text):
    ex = extract_text("FINDINGS:\nLeft anterior descending artery: Dense calcified plaque. Agatston 388.\n"
                      "Right coronary artery: Calcification of the proximal and mid segments.\nAgatston 217.\n\n"
                      "Total Agatston score: 605.\n")
    assert (ex.vessels["RCA"].value, ex.agatston_total.value) == (217, 605)


@pytest.mark.parametrize("text, value", [
    ("IMPRESSION: The score is above the 75th percentile for age and sex (MESA 78th percentile).", 78),
    ("IMPRESSION: The score is above the 75th percentile for age and sex.", ">75"),
    ("IMPRESSION: The score is above average for age and sex (MESA 78th percentile).", 78),
])
def test_extract_a_percentile_bound_gives_way_to_the_value(extract_text, text, value):
    assert extract_text(text).percentile.value == value


def test_extract_a_threshold_above_a_percentile_is_no_percentile(extract_text):
    assert extract_text("RECOMMENDATION: Statin if the score is above the 75th percentile.").percentile is None


# blind43 / blind44 first looks
def test_extract_a_total_coronary_row(extract_text):
    ex = extract_text("CORONARY CALCIUM (Agatston method, 130 HU threshold)\n   Left Main                       96\n"
                      "   Left Anterior Descending        688\n   Left Circumflex                 214\n"
                      "   Right Coronary                  488\n   TOTAL CORONARY                  1486\n")
    assert ex.agatston_total.value == 1486 and ex.vessels["RCA"].value == 488


def test_extract_a_table_of_abbreviated_vessels_with_a_units_row(extract_text):
    ex = extract_text("Vessel        Score     Volume    Mass\nunits:        AU        mm3       mg\nL Main        0         0.0       0.0\n"
                      "LAD/D1        31        29.5      6.0\nCirc          0         0.0       0.0\nR Coronary    7         8.2       1.5\n"
                      "Total         38        37.7      7.5\n\nCalcium score 38 = mild plaque burden (11-100, Rumberger).\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 31, "LCX": 0, "RCA": 7}
    assert (ex.agatston_total.value, ex.risk_category_stated.value) == (38, "mild")


def test_extract_a_lesion_table_with_subtotals(extract_text):
    ex = extract_text(
        "FINDINGS - LESION-BY-LESION CALCIUM ANALYSIS\n"
        "#   Vessel       Segment            Peak HU  Area (mm2)  Volume (mm3)  Agatston\n"
        "1   LAD          Proximal LAD       412      6.2       7.9         24.8\n"
        "2   LAD          D1 (first diagonal)  356    2.1       2.4         6.3\n"
        "    LAD subtotal                             8.3       10.3        31.1\n"
        "3   RCA          Proximal RCA       505      5.5       6.8         22.0\n"
        "    RCA subtotal                             5.5       6.8         22.0\n"
        "    LM subtotal  no lesions                  0.0       0.0         0.0\n"
        "    TOTAL        3 lesions                   13.8      17.1        53.1\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LAD": 31.1, "RCA": 22.0, "LM": 0}
    assert ex.agatston_total.value == 53.1  # not the header's "Agatston" over the first lesion's index "1"


def test_extract_a_row_of_scores_under_a_header_of_vessels(extract_text):
    ex = extract_text("Gated non-contrast CT, Agatston method.\n  LM | LAD | LCX | RCA | TOTAL\n   0 |   9 |   0 |   0 |     9\n"
                      "Volume 10.2 mm3; mass 1.8 mg.\n")
    assert ({k: v.value for k, v in ex.vessels.items()}, ex.agatston_total.value) == \
        ({"LM": 0, "LAD": 9, "LCX": 0, "RCA": 0}, 9)


def test_extract_a_prior_studys_table_under_its_title(extract_text):
    ex = extract_text("Calcium scores - CURRENT STUDY (05/06/2025)\nVessel                   Agatston          Volume (mm3)\n"
                      "LAD                      210               178.3\nRCA                      98                85.6\n"
                      "Total                    308               263.9\n"
                      "Calcium scores - PRIOR STUDY (04/12/2023), for comparison\n"
                      "Vessel                   Agatston          Volume (mm3)\nLAD                      160               137.5\n"
                      "RCA                      62                57.7\nTotal                    222               195.2\n")
    assert (ex.agatston_total.value, ex.vessels["LAD"].value, ex.volume_score.value) == (308, 210, 263.9)


def test_extract_a_csv_paste(extract_text):
    ex = extract_text('Results (CSV export):\n"Artery","Lesions","Volume (mm3)","Mass (mg)","Agatston"\n"LM",2,80.1,19.8,96\n'
                      '"LAD",9,498.7,121.4,612\n"LCX",4,160.2,37.0,187\n"RCA",6,320.5,77.6,389\n'
                      '"Total",21,"1,059.5",255.8,"1,284"\n')
    assert ex.agatston_total.value == 1284 and ex.vessels["LAD"].value == 612 and ex.volume_score.value == 1059.5


# blind45 first look
def test_extract_a_vessel_with_a_score_of(extract_text):
    ex = extract_text("The right coronary artery shows scattered calcification throughout its course with a score of\n134. "
                      "The total Agatston score is 512.\n")
    assert ex.vessels["RCA"].value == 134


def test_extract_a_transposed_table_with_a_footnoted_other_column(extract_text):
    ex = extract_text("CALCIUM SCORE SUMMARY\n\n               LM      LAD     LCX     RCA    Other*    TOTAL\n"
                      "Agatston        0      244      19      92      11       366\n"
                      "Volume (mm3)  0.0    201.5    17.2    74.0     9.0     301.7\n\n*Other = ramus intermedius\n")
    assert ({k: v.value for k, v in ex.vessels.items()}, ex.agatston_total.value, ex.volume_score.value) == \
        ({"LM": 0, "LAD": 244, "LCX": 19, "RCA": 92, "OTHER": 11}, 366, 301.7)


# blind47 / blind48 first looks
def test_extract_a_legends_class_is_no_total(extract_text):
    ex = extract_text("IMPRESSION\n1. Severe coronary artery calcification: total Agatston score 812.\n\n"
                      "RECOMMENDATIONS (SCCT 2018 CAC-DRS, for reference)\nA0 (CAC 0): statin not recommended.\n"
                      "A1 (CAC 1-99): moderate-intensity statin.\n")
    assert ex.agatston_total.value == 812


def test_extract_a_moderately_elevated_score_and_a_recalculated_percentile(extract_text):
    ex = extract_text("Coronary artery calcium score 145, moderately elevated (MESA category 101-400).\n\n"
                      "ADDENDUM:\nMESA percentile recalculated: 89th.\n")
    assert (ex.risk_category_stated.value, ex.percentile.value) == ("moderate", 89)


def test_extract_a_total_all_within_one_vessel(extract_text):
    ex = extract_text("Findings:\nTotal Agatston score 5, all within the LAD (LAD 5). No calcium elsewhere.\n")
    assert ex.vessels["LAD"].value == 5


# blind49 - blind52 first looks
def test_extract_an_addendum_headed_with_a_comma_and_date_corrects_the_class(extract_text):
    ex = extract_text("Opinion: Moderate coronary artery calcification, total Agatston 318. CAC-DRS A2/N3.\n\n"
                      "Addendum, 5 December 2024:\nThe CAC-DRS category in the opinion above is incorrect. "
                      "The corrected classification is CAC-DRS A3/N3.\n")
    assert ex.cac_drs.value == "A3/N3"


def test_extract_a_preliminary_resident_reports_values_are_not_the_finals(extract_text):
    ex = extract_text("IMPRESSION:\n1. Moderate coronary artery calcification, total Agatston score 104. CAC-DRS A2/N3.\n"
                      "2. The preliminary resident report stated a total of 88 (A1/N2); the final values above "
                      "supersede it.\n")
    assert (ex.agatston_total.value, ex.cac_drs.value) == (104, "A2/N3")


def test_extract_an_approximate_percentile(extract_text):
    assert extract_text("Total 6. Age/sex percentile approximately 72nd (MESA).\n").percentile.value == 72


def test_extract_a_vessel_described_then_scored_across_a_line_break(extract_text):
    ex = extract_text("CORONARY ARTERIES\n - Left main: no calcification.\n - Left anterior descending: calcified plaque "
                      "in the proximal and mid\n   segments, score 31.\n - Right coronary: calcified plaque in the mid "
                      "segment, score 17.\nTotal coronary Agatston score: 48.\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 31, "RCA": 17}


def test_extract_a_diagonal_row_and_a_territory_are_not_the_lad(extract_text):
    ex = extract_text("Findings:\nleft main:          0\nLAD:               58\ndiagonal (D1):     14\n"
                      "left circumflex:    0\nRCA:                0\ntotal:             72\n\nImpression:\n"
                      "1. Mild coronary artery calcification, Agatston 72, confined to the LAD territory (proximal LAD and "
                      "first diagonal).\n")
    assert (ex.vessels["LAD"].value, ex.vessels["DIAGONAL"].value) == (58, 14)


def test_extract_a_calcium_score_of_zero_states_none(extract_text):
    ex = extract_text("Impression\n1. Coronary artery calcium score of zero (CAC-DRS 0). Very low short-term risk.\n")
    assert ex.risk_category_stated.value == "none"
    assert extract_text("A calcium score of zero would favor deferring a statin.\n").risk_category_stated is None


def test_extract_a_version_historys_values_are_not_the_reports(extract_text):
    ex = extract_text("Impression\nMild coronary calcification. CAC score 14 (58th percentile). CAC-DRS A1/N1.\n\n"
                      "Revision History\n  Ver 1  01/28/2025 16:40  Final  Original: Total Agatston 0, CAC-DRS A0, "
                      "percentile 0.\n")
    assert (ex.agatston_total.value, ex.cac_drs.value, ex.percentile.value) == (14, "A1/N1", 58)


# blind53 - blind56 first looks
@pytest.mark.parametrize("text, total", [
    ("IMPRESSION: Total Agatston score 1.204 (96th percentile, MESA).\n", 1204),  # a period for thousands
    ("    TOTAL      2 316     (>1000)\nIMPRESSION: Total Agatston score 2 316.\n", 2316),  # a space for thousands
    ("Total Agatston score: 282\n\nADDENDUM (MAR 04, 2025@08:41):\n  The total Agatston score in the report above is a\n"
     "  transcription error and should read 228 (LAD 131 + LCX 22 + RCA 75), not 282.\n", 228),
    ("Findings:\nAn outside calcium score study dated 2022-06-03 (Agatston 12, LAD only) was reviewed.\n"
     "Total Agatston score: 37\n", 37),
])
def test_extract_totals_of_blind53_56(extract_text, text, total):
    assert extract_text(text).agatston_total.value == total


def test_extract_a_lesion_tables_rows_are_not_the_vessels(extract_text):
    ex = extract_text("   #  Segment        Vessel   Agatston   Volume\n   1  distal LM      LM          18         16\n"
                      "   2  proximal LAD   LAD         38         33\n   3  mid LAD        LAD         22         19\n"
                      "   4  D1 ostium      LAD          7          6\n   5  proximal RCA   RCA         48         41\n\n"
                      "Vessel sums (side branches counted with the parent vessel):\n   LM 18  |  LAD 67  |  RCA 48\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 18, "LAD": 67, "RCA": 48}


@pytest.mark.parametrize("text, field, value", [
    ("IMPRESSION:\nMild coronary artery calcification, see table above (CAC-DRS A1/N2).\n", "cac_drs", "A1/N2"),
    ("  CAC-DRS:                 A1\n  Vessels:                 N2\nIMPRESSION: Mild, total 58 (CAC-DRS A1/N2).\n",
     "cac_drs", "A1/N2"),
    ("MESA percentile: 68th\n\nADDENDUM - 15 Jan 2026 09:18\nMESA percentile revised from the 68th to the 79th.\n",
     "percentile", 79),
    ("   Percentile rank (MESA; age/sex/race-matched): 0\n", "percentile", 0),
    ("Total Agatston 402 \u00b7 Volume 380 \u00b7 Percentile 75-90th (MESA)\n", "percentile", "75-90"),
    ("IMPRESSION: Moderate (101-400) coronary calcification.\n", "risk_category_stated", "moderate"),
    ("Study date: 06NOV2025              Referring: Dr. Leonard Achebe\n", "exam_date", "2025-11-06"),
    ("Accession: CRH25-0211-CT0447     Exam ended: 02/11/2025 09:42\n", "exam_date", "2025-02-11"),
    ("Screening date: Sunday, April 27, 2025   Participant #: HHS25-0412\n", "exam_date", "2025-04-27"),
])
def test_extract_values_of_blind53_56(extract_text, text, field, value):
    assert getattr(extract_text(text), field).value == value


def test_extract_no_calcium_in_the_other_vessels_is_no_category(extract_text):
    ex = extract_text("ADDENDUM:\nThe correct total is 104 (LAD 104; no calcium in the other vessels).\n")
    assert ex.risk_category_stated is None


# blind57 first look
def test_extract_a_software_version_is_no_score(extract_text):
    ex = extract_text("TECHNIQUE: Calcium quantification was performed with SmartScore 4.0 (Agatston method).\n\n"
                      "  TOTAL AGATSTON SCORE:  37\n  MASS SCORE (CALCIUM HYDROXYAPATITE):  7.9 mg\n")
    assert (ex.agatston_total.value, ex.mass_score.value) == (37, 7.9)


def test_extract_a_category_between_dashes(extract_text):
    ex = extract_text("IMPRESSION: Total coronary calcium score 214 - moderate - 81st percentile for age, sex and race.\n")
    assert ex.risk_category_stated.value == "moderate"


@pytest.mark.parametrize("text, category", [
    ("  Risk        \u2610 None    \u2610 Mild    \u2612 Moderate    \u2610 Severe\n", "moderate"),
    ("  Risk        \u2610 None    \u2610 Mild    \u2610 Moderate    \u2610 Severe\n", None),  # nothing marked
])
def test_extract_a_marked_category_without_a_colon(extract_text, text, category):
    fact = extract_text("FINDINGS:\nAgatston score 176.\n" + text).risk_category_stated
    assert (fact.value if fact else None) == category


def test_extract_a_follow_up_table_of_dates_under_the_vessel_label(extract_text):
    ex = extract_text(
        "RESULTS (columns in chronological order, current study in the last column)\n\n"
        "  Vessel          06/14/2018   07/01/2020   08/23/2022   10/02/2025\n"
        "  LM                   0            0            0            4\n"
        "  LAD                 18           27           41           66\n"
        "  LCx                  0            0            6           12\n"
        "  RCA                  5            9           14           31\n"
        "  TOTAL               23           36           61          113\n"
        "  Volume (mm3)        29           44           70        121.4\n")
    assert ex.agatston_total.value == 113 and ex.volume_score.value == 121.4
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 4, "LAD": 66, "LCX": 12, "RCA": 31}


def test_extract_a_boxed_prior_study_block_with_its_date_is_the_comparison(extract_text):
    rule = "-" * 60 + "\n"
    ex = extract_text(
        rule + " PRIOR STUDY (for comparison)          Date: 11/30/2021\n" + rule +
        " LM 0 | LAD 54 | LCX 0 | RCA 32\n Total Agatston score ..........: 86\n CAC-DRS .......................: A1/N2\n"
        "\n" + rule + " CURRENT STUDY                         Date: 12/09/2024\n" + rule +
        " Protocol: ECG-gated, prospective triggering, non-contrast\n\n LM 0 | LAD 97 | LCX 11 | RCA 58\n"
        " Total Agatston score ..........: 166\n CAC-DRS .......................: A2/N3\n")
    assert ex.agatston_total.value == 166 and ex.cac_drs.value == "A2/N3"


def test_extract_an_addendums_correct_total_for_the_current_study(extract_text):
    ex = extract_text("Total Agatston score: 203\n\nADDENDUM  07/09/2025 08:31\nThe total Agatston score in the original "
                      "report was carried over from the prior examination.\nThe correct total Agatston score for the "
                      "current study (07/08/2025) is 291\n(sum of the per-vessel scores above).\n")
    assert ex.agatston_total.value == 291


def test_extract_a_terse_rescore(extract_text):
    ex = extract_text("CAC RESCORE - PRELIMINARY\nStudy 2/3/2026 vs prior 7/19/2022.\nAgatston 412 (prior 298). "
                      "LM 0 / LAD 201 / LCx 77 / RCA 134.\nCAC-DRS A3/N3 (was A2/N3). Severe; 93rd %ile for age/sex "
                      "(was 90th).\n")
    assert ex.exam_date.value == "2026-02-03" and ex.risk_category_stated.value == "severe"
    assert ex.agatston_total.value == 412 and ex.percentile.value == 93


def test_extract_an_impression_under_a_table_is_not_its_row(extract_text):
    ex = extract_text("Vessel              Agatston     Volume (mm3)\nLeft Main                 12            14.0\n"
                      "LAD                      118           104.3\nCircumflex                31            29.7\n"
                      "RCA                       51            50.6\nTotal                    212           198.6\n\n"
                      "Impression:\nTotal coronary artery calcium score 212 (Agatston), moderate plaque burden involving "
                      "all 4 vessels. CAC-DRS A2/N4.\n")
    assert ex.cac_drs.value == "A2/N4" and ex.risk_category_stated.value == "moderate"
    assert ex.volume_score.value == 198.6


def test_extract_a_vessel_measuring_misspelled_units(extract_text):
    ex = extract_text("There is calcified plaque in the mid LAD with an Agatson score of 97. A small calcified plaque "
                      "in the mid RCA measures 45 Agatson units. The total Agatson score is 142.\n")
    assert ex.vessels["RCA"].value == 45 and ex.vessels["LAD"].value == 97


def test_extract_decimal_commas_in_a_table_and_a_sentence(extract_text):
    ex = extract_text("Coronary calcium (Agatston score per vessel):\n  Left main coronary artery (LM)            0\n"
                      "  Left anterior descending artery (LAD)     188,4\n  Left circumflex artery (LCx)              27,1\n"
                      "  Right coronary artery (RCA)               96,0\n  Total Agatston score                      311,5\n"
                      "\nAssessment:\n1. Moderate coronary calcification, total Agatston score 311,5, three-vessel "
                      "involvement.\n")
    assert ex.agatston_total.value == 311.5 and ex.vessels["LAD"].value == 188.4


def test_extract_a_population_comparison_is_a_percentile(extract_text):
    assert extract_text("FINDINGS:\nYour score is higher than 64% of women your age (64th percentile).\n"
                        ).percentile.value == 64


def test_extract_a_house_legend_and_no_identifiable_plaque(extract_text):
    ex = extract_text("IMPRESSION:\n1. Coronary artery calcium score of 0. No identifiable calcified coronary plaque.\n\n"
                      "SIP STANDARD INTERPRETIVE GUIDE (all CAC reports)\n   Score 0 ........... No identifiable plaque\n"
                      "   Score >=400 ....... Severe plaque burden\nPer the 2018 AHA/ACC cholesterol guideline, in adults "
                      "40-75 years at intermediate risk a CAC score of 0 supports withholding statin therapy.\n")
    assert ex.risk_category_stated.value == "none" and ex.intermediate_risk is None


def test_extract_a_vessel_list_with_double_dashes(extract_text):
    ex = extract_text("FINDINGS:\n- Left main -- no calcium\n- LAD -- no calcium\n- Circumflex -- no calcium\n"
                      "- RCA -- 8 (single punctate focus, mid segment)\n")
    assert {k: v.value for k, v in ex.vessels.items()} == {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 8}


def test_extract_a_second_reads_columns(extract_text):
    ex = extract_text("RESULTS\n                     AI (unedited)     Radiologist-confirmed\n  Left main               0      "
                      "             0\n  LAD                    96                  96\n  Circumflex             29        "
                      "          11\n  RCA                    32                  32\n  Total                 157            "
                      "     139\n  Volume (mm3)        138.0               121.5\n")
    assert ex.agatston_total.value == 139 and ex.volume_score.value == 121.5 and ex.vessels["LCX"].value == 11


def test_extract_our_interpretation_after_the_outside_report(extract_text):
    ex = extract_text("OUTSIDE REPORT (for reference only - not our interpretation):\nThe outside report lists an "
                      "Agatston score of 212 (LAD 150, RCA 62).\n\nOUR INTERPRETATION:\nCoronary calcium is present in "
                      "three vessels.\n\n  Vessel          Agatston     Volume (mm3)\n  Left main           0            "
                      "0.0\n  LAD               188          159.6\n  LCx                41           36.2\n  RCA        "
                      "        67           55.3\n  TOTAL             296          251.1\n")
    assert ex.agatston_total.value == 296 and ex.vessels["LAD"].value == 188 and ex.volume_score.value == 251.1


def test_extract_a_preliminary_banner_is_no_table_header(extract_text):
    ex = extract_text("PRELIMINARY REPORT - NOT FINAL\nTotal Agatston score: 7. Volume score 9 mm3. Mass score 1.6 mg.\n")
    assert ex.agatston_total.value == 7 and ex.volume_score.value == 9 and ex.mass_score.value == 1.6


def test_extract_a_read_labelled_as_superseded_gives_way(extract_text):
    ex = extract_text("Initially reported (100 HU, INVALID): LAD 21, RCA 6, total 27, volume 35.7 mm3,\n58th percentile.\n\n"
                      "REVISED RESULTS (130 HU)\n  Left main ................ 0\n  Left anterior desc. ...... 19\n"
                      "  Circumflex ............... 0\n  Right coronary ........... 0\n  Total Agatston ........... 19\n"
                      "  Volume ................... 22.0 mm3\n\nIMPRESSION\n1. REVISED total Agatston calcium score: 19.\n"
                      "2. 44th percentile (MESA, 55-year-old female).\n")
    assert ex.agatston_total.value == 19 and ex.vessels["LAD"].value == 19 and ex.vessels["RCA"].value == 0
    assert ex.volume_score.value == 22.0 and ex.percentile.value == 44
    assert {m.value for m in ex.agatston_mentions} == {19}  # the superseded 27 is no conflict


def test_extract_a_superseded_version_below_the_current_one(extract_text):
    ex = extract_text("CORRECTED REPORT - VERSION 2 (CURRENT)\nFindings:\nTOTAL AGATSTON SCORE: 21\nImpression: Mild "
                      "coronary artery calcification (total Agatston 21). CAC-DRS A1/N2.\n\n" + "-" * 40 +
                      "\nSUPERSEDED - VERSION 1 (retained for the record; do not use)\n" + "-" * 40 +
                      "\nFindings:\nTOTAL AGATSTON SCORE: 212\nImpression: Moderate coronary artery calcification "
                      "(total Agatston 212). CAC-DRS A2/N2.\n")
    assert ex.agatston_total.value == 21 and ex.risk_category_stated.value == "mild" and ex.cac_drs.value == "A1/N2"


@pytest.mark.parametrize("label", ["Radiology read (as reported 11/19)", "Automated pre-read (not final)",
                                   "Preliminary (resident) interpretation, 09/03/2024 16:05 - Dr. K. Huang (PGY-4)"])
def test_extract_an_over_read_replaces_the_read_it_quotes(extract_text, label):
    ex = extract_text(f"{label}: LM 22 / LAD 240 / LCX 28 / RCA 98 = total 388, moderate, volume 327.0 mm3, "
                      "mass 70.6 mg, 84th percentile.\n\nOVER-READ SCORES (Agatston)\n    LM ......... 22\n"
                      "    LAD ........ 240\n    LCX ........ 71\n    RCA ........ 98\n    TOTAL ...... 431\n"
                      "    Volume score 362.4 mm3 | Mass score 78.9 mg\n    MESA percentile: 88th\n")
    assert ex.agatston_total.value == 431 and ex.vessels["LCX"].value == 71
    assert (ex.volume_score.value, ex.mass_score.value, ex.percentile.value) == (362.4, 78.9, 88)


def test_extract_a_preliminary_read_alone_still_counts(extract_text):
    # a read set aside by its label is still the value when nothing else states one
    ex = extract_text("Automated pre-read (not final): Agatston 86 (LAD 58, RCA 28). Mild coronary calcification.\n")
    assert ex.agatston_total.value == 86 and ex.risk_category_stated.value == "mild"


def test_extract_our_review_after_an_outside_report_on_one_line(extract_text):
    ex = extract_text("Outside report: Agatston 0. Our review: no coronary artery calcium - no calcified plaque in the LM, "
                      "LAD, LCx or RCA; total Agatston 0, CAC-DRS A0. Concur with outside read.\n")
    assert ex.agatston_total.value == 0 and ex.cac_drs.value == "A0" and ex.vessels["RCA"].value == 0


def test_extract_readers_columns_with_a_consensus(extract_text):
    ex = extract_text("Scores by reader (Agatston)\n                Original    Second reader    Consensus (final)\n"
                      "  LM                0             0                 0\n  LAD             296           318      "
                      "         301\n  LCx              85            98                88\n  RCA             182        "
                      "   182               182\n  Total           563           598               571\n")
    assert ex.agatston_total.value == 571 and ex.vessels["LAD"].value == 301 and ex.vessels["LCX"].value == 88


def test_extract_a_mass_not_reported_in_the_site_read(extract_text):
    ex = extract_text("                        Site read     Core lab (value of record)\n  LAD                      488  "
                      "           512\n  Total Agatston         1,046           1,118\n  Mass (mg)                n/r       "
                      "    213.7\n")
    assert ex.agatston_total.value == 1118 and ex.mass_score.value == 213.7


@pytest.mark.parametrize("text, category", [
    ("IMPRESSION:\n- Confirmed coronary artery calcium score 139 (Agatston): moderate. CAC-DRS A2/N3.", "moderate"),
    ("IMPRESSION:\n1. Total coronary calcium score 1250. Extensive (severe) four-vessel coronary calcification.",
     "severe"),
])
def test_extract_category_after_a_colon_or_a_vessel_count(extract_text, text, category):
    ex = extract_text(text)
    assert ex.risk_category_stated.value == category and ex.agatston_total is not None


@pytest.mark.parametrize("text, percentile", [
    ("ADDENDUM: The percentile is revised to the 61st (previously 47th).", 61),
    ("ADDENDUM (04/10/2025):\nTHE CORRECT MESA PERCENTILE FOR A 65-YEAR-OLD MAN IS THE 55TH.", 55),
])
def test_extract_a_percentile_restated_in_words(extract_text, text, percentile):
    assert extract_text(text).percentile.value == percentile


@pytest.mark.parametrize("text, total", [
    # a clause stating the value the document takes back
    ("*** REVISED REPORT ***\nThe original report stated a total Agatston score of 431 (LM 12, LAD 196, LCX 154, RCA 69) and "
     "an impression of severe coronary calcification.\n\nFINDINGS:\n    Total:    318\n\nIMPRESSION:\n1. Coronary artery "
     "calcium score 318 - moderate (100-399).", 318),
    ("The software's automated output (156) counted mitral annular calcification as circumflex calcium; after removing it "
     "the coronary total is 102 (LAD 77, RCA 25; LM and LCx 0).", 102),
    ("The total was initially reported as 212; on re-review the correct coronary total is 187.\n\nIMPRESSION:\n"
     "1. Coronary artery calcium score 187 Agatston units.", 187),
    ("NATIVE CORONARY CALCIUM SCORE (stent excluded): 141 Agatston\nNote on scoring: the initial automated calculation "
     "returned a total of 522, because the software segments the stent struts as calcium.", 141),
    # an addendum stating the correct total before the original report
    ("ADDENDUM   08/19/2025\nThe per-vessel values are correct (LM 0, LAD 41, LCX 9, RCA 33) and they sum to 83, which is "
     "the correct total Agatston score. The total was transcribed as 93 in the original impression.\n\n"
     "==================== ORIGINAL REPORT ====================\nImpression:\nMild coronary artery calcification. "
     "Total Agatston score 93.\n", 83),
])
def test_extract_a_value_taken_back_in_prose(extract_text, text, total):
    assert extract_text(text).agatston_total.value == total


def test_extract_the_category_a_revised_report_takes_back(extract_text):
    ex = extract_text("The original report stated an impression of severe coronary calcification, CAC-DRS A3/N4.\n\n"
                      "IMPRESSION:\n1. Coronary artery calcium score 318 - moderate (100-399). CAC-DRS A3/N4.\n")
    assert ex.risk_category_stated.value == "moderate"
    ex = extract_text("IMPRESSION: calcium in all four vessels: severe coronary calcification, CAC-DRS A3/N4, rather than "
                      "moderate as originally reported.\n")
    assert ex.risk_category_stated.value == "severe"


def test_extract_an_addendum_that_changes_nothing(extract_text):
    ex = extract_text("Vessel        Agatston\nLAD                 39\nRCA                 18\nTotal               57\n\n"
                      "Impression: Mild coronary artery calcification.\n\nADDENDUM (09/30/2025): The office called about a "
                      "CAC score of 75 listed on the patient's after-visit summary. The score reported above is correct "
                      "and unchanged. No change to this report.\n")
    assert ex.agatston_total.value == 57


def test_extract_an_addendum_withdrawn_by_a_later_one(extract_text):
    ex = extract_text("FINDINGS:\n   Left circumflex:                  47\n   TOTAL AGATSTON SCORE:            340\n"
                      "   Calcium volume score:            298 mm3\n\nADDENDUM #1 - 2025-12-10 15:02\nCorrected LCX 11; "
                      "corrected total Agatston 304; volume 262 mm3.\n\nADDENDUM #2 - 2025-12-11 09:20\nAddendum #1 was "
                      "entered on this accession in error. No value in this report has changed.\n")
    assert (ex.agatston_total.value, ex.vessels["LCX"].value, ex.volume_score.value) == (340, 47, 298.0)


def test_extract_an_addendum_correcting_one_value_keeps_its_other_changes(extract_text):
    ex = extract_text("IMPRESSION:\n1. AGATSTON SCORE 105. MILD CORONARY CALCIFICATION. 42ND PERCENTILE.\n\n"
                      "ADDENDUM (04/10/2025):\nTHE CORRECT MESA PERCENTILE FOR A 65-YEAR-OLD MAN IS THE 55TH. THE TOTAL "
                      "SCORE (105) AND PER-VESSEL SCORES ARE UNCHANGED.\n")
    assert ex.percentile.value == 55 and ex.agatston_total.value == 105


@pytest.mark.parametrize("text, vessels", [
    ("The values of record are: total Agatston score 22, all in the proximal and mid LAD; left main, circumflex and RCA 0.",
     {"LM": 0, "LAD": 22, "LCX": 0, "RCA": 0}),
])
def test_extract_a_sole_vessel_over_two_segments(extract_text, text, vessels):
    assert {k: v.value for k, v in extract_text(text).vessels.items()} == vessels


def test_extract_a_score_after_a_hu_threshold_is_no_threshold(extract_text):
    ex = extract_text("FINDINGS:\nThe study was re-scored at the standard 130 HU threshold, and the values of record are: "
                      "total Agatston score 22.\n")
    assert ex.agatston_total.value == 22


def test_extract_a_volume_re_measured(extract_text):
    assert extract_text("Calcium volume re-measured on our workstation: 168 mm3.").volume_score.value == 168.0


def test_extract_a_preliminary_report_alone_is_the_report(extract_text):
    ex = extract_text("*** PRELIMINARY REPORT - NOT FINAL - NOT YET SIGNED BY RADIOLOGIST ***\n\nFindings:\n  LAD  -  60\n"
                      "  Total Agatston score 97\n\nPrelim impression: mild coronary artery calcification, total score 97. "
                      "CAC-DRS A1/N3.\n")
    assert ex.agatston_total.value == 97 and ex.risk_category_stated.value == "mild" and ex.cac_drs.value == "A1/N3"


def test_extract_a_preliminary_block_then_the_final_report(extract_text):
    ex = extract_text("#" * 40 + "\nSTATUS: PRELIMINARY  (read 2024-11-22 21:14 CST - superseded, see FINAL below)\n"
                      "Preliminary interpretation: prospectively ECG-triggered, non-contrast scan.\nCoronary calcium "
                      "(Agatston): LM 0 / LAD 98 / LCx 0 / RCA 44 / total 142.\nPrelim impression: moderate coronary "
                      "calcium, CAC-DRS A2/N2.\n" + "#" * 40 + "\n\nSTATUS: FINAL  (2024-11-23 08:02 CST)\n\nFINDINGS:\n"
                      "  Right coronary ................ 60\n  Total ......................... 158\n\nIMPRESSION:\n"
                      "1. Moderate coronary artery calcium burden, total Agatston score 158.\n\nThe preliminary values "
                      "(total 142) are superseded by this final report.\n")
    assert ex.agatston_total.value == 158 and ex.vessels["RCA"].value == 60
    ex = extract_text("FINDINGS:\nTotal Agatston score: 104\nCAC-DRS: A2/N3\n\nIMPRESSION:\n2. The preliminary resident "
                      "report stated a total of 88 (A1/N2); the final values above supersede it.\n")
    assert ex.agatston_total.value == 104 and ex.cac_drs.value == "A2/N3"


@pytest.mark.parametrize("text, category", [
    ("Total Agatston score: 3   (classification: minimal, 1-10)", "minimal"),
])
def test_extract_a_classification_label(extract_text, text, category):
    assert extract_text(text).risk_category_stated.value == category


def test_extract_a_threshold_in_hu_is_no_score(extract_text):
    ex = extract_text("Method: prospective ECG triggering, 3 mm axial, Agatston 130 HU.\n\nResult\n  Total Agatston           18\n")
    assert ex.agatston_total.value == 18


@pytest.mark.parametrize("text, total, vessels", [
    ("CACS: LM0/LAD42/LCx7/RCA0 = 49\nVol 51 mm^3. Mass 9.8 mg.", 49, {"LM": 0, "LAD": 42, "LCX": 7, "RCA": 0}),
    ("gated, non-con. LM/LAD/LCx/RCA all 0 \u2192 tot 0 AU. vol 0.", 0, {"LM": 0, "LAD": 0, "LCX": 0, "RCA": 0}),
    ("FINDINGS:\n  Tot Agatston 8 (prox LAD only). LM/LCx/RCA: none.", 8, {"LM": 0, "LAD": 8, "LCX": 0, "RCA": 0}),
    ("Findings:\nThe LAD contains small calcified plaques, Agatston 37. The circumflex has none. The right coronary artery\n"
     "has none. Total Agatston score 37.", 37, {"LAD": 37, "LCX": 0, "RCA": 0}),
])
def test_extract_shorthand_scores(extract_text, text, total, vessels):
    ex = extract_text(text)
    assert ex.agatston_total.value == total and {k: v.value for k, v in ex.vessels.items()} == vessels


@pytest.mark.parametrize("text, percentile", [
    ("MESA %ile ~62nd (age/sex/race).", 62),
    ("%ile (MESA) 88", 88),
    ("%ile 41 (MESA).", 41),
    ("ADDENDUM: MESA %ile revised 88 \u2192 74. Vol/mass unchanged.", 74),
])
def test_extract_an_abbreviated_percentile(extract_text, text, percentile):
    assert extract_text(text).percentile.value == percentile


def test_extract_a_follow_up_tables_percentile_row_is_no_statement(extract_text):
    assert extract_text("  Date           2019         2021         2023         2025\n"
                        "  MESA pctl           71           73           78           82\n").percentile is None


@pytest.mark.parametrize("text, category", [
    ("IMPRESSION:\n  Minimal coronary Ca (1-10 range). CAC-DRS A1/N1.", "minimal"),
    ("  - CACS 356 Agatston U, moderate (100-399). A3/N3", "moderate"),
    ("CAC-DRS A0. \u00d8 coronary Ca.", "none"),
])
def test_extract_a_shorthand_category(extract_text, text, category):
    assert extract_text(text).risk_category_stated.value == category


def test_extract_a_final_report_title_over_the_report_itself(extract_text):
    ex = extract_text("FINAL REPORT\n\nPatient Name:      McCOY, DELBERT LEE\nExam Date:         01/14/2026\n\nFINDINGS:\n"
                      "    Total Agatston score:                    1,284\n\nIMPRESSION:\n1. Extensive coronary artery "
                      "calcification. Total Agatston score 1,284.\n2. Interval progression from Agatston score 702 in "
                      "March 2021.\n")
    assert ex.agatston_total.value == 1284 and not ex.addendum_present


def test_extract_corrected_values_after_a_lesion_in_passing(extract_text):
    ex = extract_text("ATTENDING FINAL INTERPRETATION:\nThe preliminary report omits a small calcified plaque in the obtuse "
                      "marginal branch (11 Agatston units, volume 9 mm3).\nCorrected values: LM 0, LAD 24, LCX 11, RCA 14; "
                      "total Agatston score 49; volume 44 mm3.\n")
    assert ex.volume_score.value == 44.0 and ex.agatston_total.value == 49


def test_extract_a_vessel_corrected_in_an_addendum(extract_text):
    ex = extract_text("FINDINGS:\n  RCA:         27\n\nADDENDUM  06/11/2025 09:05\n  RCA corrected to 47 (previously 27).\n")
    assert ex.vessels["RCA"].value == 47


@pytest.mark.parametrize("text, total", [
    ("  Total Agatston: 34\n\n  For reference (2018 AHA/ACC cholesterol guideline): CAC = 0 \u2014 statin may be\n"
     "  withheld/deferred; CAC 1\u201399 \u2014 favors statin.\n", 34),
    ("Previous imaging for reference:\n  - CT calcium score 22/11/2022: Agatston 0 in all vessels (0th percentile), CAC-DRS A0.\n\n"
     "FINDINGS:\nTotal Agatston score 19.\n", 19),
])
def test_extract_a_guideline_dash_and_a_previous_imaging_list_are_no_totals(extract_text, text, total):
    assert extract_text(text).agatston_total.value == total


def test_extract_a_percentile_the_addendum_takes_back(extract_text):
    ex = extract_text("FINDINGS:\n  Percentile (MESA): 64th\n\nADDENDUM (10/22/2025 10:14):\nPercentile recalculated: the 89th "
                      "percentile (MESA), not the 64th percentile stated in the original report.\n")
    assert ex.percentile.value == 89


def test_extract_minimal_identifiable_plaque(extract_text):
    assert extract_text("IMPRESSION: Minimal identifiable plaque (score 1-10). CAC-DRS A1/N1.").risk_category_stated.value == "minimal"


@pytest.mark.parametrize("text, total, category", [
    ("Result\nAgatston calcium score, total ........ 342\n  left anterior descending ........... 298\n", 342, None),
    ("Total coronary calcium (Agatston): 1,046. Severe. LAD and RCA predominant.", 1046, "severe"),
])
def test_extract_a_total_after_a_comma_and_a_one_word_category(extract_text, text, total, category):
    ex = extract_text(text)
    assert ex.agatston_total.value == total
    assert (ex.risk_category_stated.value if ex.risk_category_stated else None) == category


def test_extract_an_addendum_withdrawing_the_previous_one(extract_text):
    # (the addenda's order is known before the reads they set aside are: this once raised AttributeError)
    ex = extract_text("FINDINGS: Total Agatston 340.\n\nADDENDUM 1: Corrected total 304.\nSigned: Dr A\n\nADDENDUM 2:\n"
                      "The previous addendum was entered in error. No value in this report has changed.\nSigned: Dr A\n")
    assert ex.agatston_total.value == 340
