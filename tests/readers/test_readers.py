"""Readers: text in any common encoding, PDFs page by page, and one-line errors for
everything unreadable (corpus/bad/ holds one file per kind)."""
import re
from pathlib import Path

import pytest

from report_audit.errors import UnreadableDocument
from report_audit.readers import read_document
from report_audit.readers.normalize import normalize

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_readers_text_encodings_are_detected(tmp_path, encoding):
    text = "Total Agatston score: 145 \u2013 volume 120 mm\u00b3, patient \u2018JOS\u00c9\u2019\r\n"
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.raw_text.lstrip("\ufeff") == text
    assert "volume 120 mm3" in doc.text and "\r" not in doc.text


def test_readers_cp1252_with_non_breaking_spaces_is_not_read_as_a_baltic_code_page(tmp_path):
    text = "Patient:\u00a0HOLLOWAY, MARGARET\nMRN:\u00a000417733\nDOB:\u00a002/19/1961\nOrdering provider:\u00a0Ann Kettering, MD\n"
    path = tmp_path / "n.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = read_document(path)
    assert doc.encoding == "cp1252" and doc.raw_text == text


def test_readers_corpus_encoding_cases_read_the_same_facts():
    texts = {name: read_document(CORPUS / "reports" / name).text for name in ("e001.txt", "e002.txt", "e003.txt")}
    assert "Agatston" in texts["e001.txt"] and "\r" not in texts["e003.txt"]
    assert "\u00a0" not in texts["e002.txt"] and "mm3" in texts["e002.txt"]


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("whitespace.txt", "only whitespace"),
    ("binary.txt", "binary content"),
    ("corrupt.pdf", "corrupt or truncated PDF"),
    ("encrypted.pdf", "encrypted PDF"),
    ("scanned.pdf", "no text layer"),
    ("empty.pdf", "no text layer"),
    ("notapdf.pdf", "not a PDF"),
    ("missing.txt", "file not found"),
])
def test_readers_unreadable_inputs_raise_one_line_reasons(name, reason):
    with pytest.raises(UnreadableDocument) as info:
        read_document(CORPUS / "bad" / name)
    message = str(info.value)
    assert reason in message and name in message and "\n" not in message


@pytest.mark.parametrize("raw, normalised", [
    ("calcifi-\ncation", "calcification"),
    ("mm\u00b3 \u2013 \ufb01nal", "mm3 - final"),
    ("LEFT MAIN ........ 0", "LEFT MAIN          0"),
    ("**MRN:** 123", "  MRN:   123"),
    ("a\r\nb\rc", "a\nb\nc"),
    ("LAD-\n12", "LAD-\n12"),  # not a hyphenated word: capitals before, a digit after
    ("low-to-\n     intermediate", "low-to-\n     intermediate"),  # a compound's second hyphen stays
    ("intermediate-\n     risk", "intermediate-\n     risk"),  # a compound whose second word stands alone stays
    ("follow-\nup", "follow-\nup"),
    ("Ca-\n score", "Cascore"),
    ("total..  12", "total    12"),  # two dots before a number are a leader; two dots in prose are not
    ("etc.. and", "etc.. and"),
    ("Name: ____ MRN __x", "Name:      MRN   x"),  # blank rules and underlining...
    ("snake_case__x", "snake case__x"),  # ...a double underscore inside a word stays
    ("PATIENT_NAME: OYELARAN, ADEBOLA\nCAC_LAD: 29", "PATIENT NAME: OYELARAN, ADEBOLA\nCAC LAD: 29"),  # export keys
    ("[156]", " 156 "),
])
def test_readers_normalisation_keeps_offsets(raw, normalised):
    text, offsets = normalize(raw)
    assert text == normalised
    for i, ch in enumerate(text):
        if ch.isalnum():
            assert raw[offsets.to_original(i)] in (ch, ch.upper(), "\u00b3", "\ufb01")


def test_readers_pdf_pages_keep_page_numbers():
    doc = read_document(CORPUS / "reports" / "p002.pdf")
    assert doc.source == "pdf" and doc.pages == 2
    impression = doc.raw_text.index("IMPRESSION")
    assert doc.page_of(0) == 1 and doc.page_of(impression) == 2


def test_readers_pdf_engines_extract_the_same_facts(nlp):
    """pypdfium2 (default, ~6x faster) is used only because it gives the same facts as
    pdfplumber on every corpus PDF."""
    from report_audit.extract import extract_facts

    for path in sorted((CORPUS / "reports").glob("*.pdf")):
        facts = []
        for engine in ("pdfium", "pdfplumber"):
            doc = read_document(path, pdf_engine=engine)
            ex = extract_facts(nlp(doc.text), doc, "report")
            facts.append(ex.model_dump(exclude={"agatston_mentions"}, mode="json"))
        for f in facts:  # offsets and quoted text differ with the layout; values must not
            _strip_evidence(f)
        assert facts[0] == facts[1], path.name


def _strip_evidence(obj):
    if isinstance(obj, dict):
        obj.pop("evidence", None)
        for value in obj.values():
            _strip_evidence(value)
    elif isinstance(obj, list):
        for value in obj:
            _strip_evidence(value)


def test_readers_ini_export_keys_are_read_as_labels_and_map_back():
    raw = "[PATIENT]\nPatientName=PEREIRA, LUCIA A\nPatientID=HW0051876\nBirthDate=19610914\nSex=F\nStudyDate=20250311\n"
    text, offsets = normalize(raw)
    assert "Patient Name:PEREIRA, LUCIA A" in text and "Birth Date:19610914" in text
    for word in ("PEREIRA", "HW0051876", "19610914", "Birth", "Date"):
        start = text.index(word)
        a, b = offsets.span_to_original(start, start + len(word))
        assert raw[a:b] == word
    assert normalize("a=1\nb=2\n")[0] == "a=1\nb=2\n"  # fewer than five key=value lines: left alone


TWO_COLUMNS = (
    "HISTORY:   Hyperlipidemia, hyper-           FINDINGS:\n"
    "tension. Former smoker, 30 pack-            Left main                  0\n"
    "years, quit 2015. Exertional dys-           Left anterior descending 198\n"
    "pnea x 3 months. Denies chest               Left circumflex           61\n"
    "pain.                                       Right coronary artery    176\n"
    "                                            Total Agatston score     435\n"
    "TECHNIQUE:   Prospectively ECG-             Volume score      380 mm3\n"
    "gated axial images were acquired            Mass score        82.6 mg\n"
    "IMPRESSION: Extensive calcification.\n"
)


def test_readers_two_column_layout_is_read_column_by_column():
    text, offsets = normalize(TWO_COLUMNS)
    assert "Hyperlipidemia, hypertension. Former smoker" in text  # the left column, rejoined
    assert "Left anterior descending 198\nLeft circumflex" in text  # the right column, in order
    assert text.index("Total Agatston score") < text.index("HISTORY") < text.index("IMPRESSION")
    for word in ("Hyperlipidemia", "198", "Mass score", "IMPRESSION"):
        start = text.index(word)
        a, b = offsets.span_to_original(start, start + len(word))
        assert TWO_COLUMNS[a:b] == word


@pytest.mark.parametrize("raw", [
    # a table: numbers on the right, however aligned
    "".join(f"Left anterior descending artery segment {i}          {i * 11}   {i}.5\n" for i in range(8)),
    # a key/value header: the values start early, at column 14
    "".join(f"Label {i}:      Value number {i} of the block\n" for i in range(8)),
])
def test_readers_tables_and_key_value_blocks_are_not_columns(raw):
    assert normalize(raw)[0] == raw


def test_readers_table_with_words_in_its_cells_is_not_columns():
    raw = "".join(f"Left anterior descending segment {i}       Mild calcified plaque, {i} mm\n" for i in range(8))
    assert normalize(raw)[0] == raw


def test_readers_two_column_layout_in_capitals_and_crlf():
    raw = TWO_COLUMNS.upper().replace("\n", "\r\n")
    text, offsets = normalize(raw)
    assert "LEFT ANTERIOR DESCENDING 198\nLEFT CIRCUMFLEX" in text and "\r" not in text  # the right column
    assert "HISTORY:   HYPERLIPIDEMIA, HYPER-\nTENSION. FORMER SMOKER" in text  # the left one, its lines in order
    assert _original_under(raw, text, offsets, "198") == "198"


@pytest.mark.parametrize("raw, normalised", [
    ("a total Agatston score of one hundred twelve.", "a total Agatston score of 112."),
    ("the circumflex twelve and the right coronary thirty-two", "the circumflex 12 and the right coronary 32"),
    ("mass score is nineteen point 6 milligrams", "mass score is 19.6 milligrams"),
    ("volume ninety eight point four", "volume 98.4"),
    ("the seventy first percentile", "the 71st percentile"),
    ("two hundred and five", "205"),
    ("one of the five vessels; the first study; hypertension; Seven Oaks", "one of the five vessels; the first study; "
     "hypertension; Seven Oaks"),  # a lone one, ordinal or number below ten stays a word
    ("score of zero", "score of zero"),
])
def test_readers_numbers_dictated_as_words_are_digits_mapped_to_the_words(raw, normalised):
    text, offsets = normalize(raw)
    assert text == normalised
    for m in re.finditer(r"\d+(?:\.\d+)?(?:st)?", text):
        a, b = offsets.span_to_original(*m.span())
        assert re.fullmatch(r"[a-z]+(?:[ -](?:and )?[a-z]+)*(?: point (?:[a-z]+|\d))?", raw[a:b]), raw[a:b]


@pytest.mark.parametrize("raw, normalised, number_from", [
    ("LAD 45, correction, 54. Circumflex zero.", "LAD 54. Circumflex zero.", "54"),
    ("Total Agatston score is one hundred twelve, scratch that, one hundred twenty-one.", "Total Agatston score is 121.",
     "one hundred twenty-one"),
    ("ASCVD risk is 12.4 percent, correction, 14.2 percent.", "ASCVD risk is 14.2 percent.", "14.2"),
    ("Correction: the LAD is 54. Amended report.", "Correction: the LAD is 54. Amended report.", "54"),
])
def test_readers_a_number_corrected_while_dictating_is_the_corrected_one(raw, normalised, number_from):
    text, offsets = normalize(raw)
    assert text == normalised
    m = re.search(r"\d+(?:\.\d+)?", text)
    a, b = offsets.span_to_original(*m.span())
    assert raw[a:b] == number_from


def test_readers_spoken_punctuation_only_in_a_dictation_that_left_it_in():
    raw = ("the indication is hyperlipidemia comma family history period he denies chest pain period new paragraph\n"
           "impression colon\none. CAC-DRS A2 slash N3 period\n")
    text, _ = normalize(raw)
    assert "hyperlipidemia, family history. he denies chest pain." in text and "impression:" in text
    assert "A2/N3." in text
    plain = "Brother with colon cancer. Period of observation: 5 years."
    assert normalize(plain)[0] == plain


def test_readers_ocr_text_gets_its_decimals_punctuation_and_capitals_back():
    raw = ("  PATIENT :  MORALES-TIBBS ,  GRANT             DOB :  02/19/1973\n"
           "  CLINICAL  HISTORY :   HTN ,  family  hx  CAD  ( father  Ml  age  52 ) .   Risk\n"
           "  TECHNlQUE :   Non - contrast   ECG - gated   CT ,   prospective  triggering ,   3 mm .\n"
           "        LAD                    12              14 . 6              2 . 3\n"
           "        T0TAL                  12              14 . 6              2 . 3\n"
           "    2 .   CAC - DRS   A1 / N1 .   Signed :   Howard   Lindqvist ,  M . D .\n")
    text, offsets = normalize(raw)
    for part in ("MORALES-TIBBS, GRANT", "(father MI age 52).", "TECHNIQUE:", "Non-contrast ECG-gated",
                 "14.6", "TOTAL", "CAC-DRS A1/N1.", "Howard Lindqvist,"):
        assert part in text, part
    assert "LAD                    12" in text  # table columns stay apart
    assert _original_under(raw, text, offsets, "14.6") == "14 . 6"


HL7_ORU = (
    "MSH|^~\\&|PACSRPT|MERCYRAD|EPICCARE|MERCYHEALTH|20250917104512||ORU^R01^ORU_R01|MR2509170045|P|2.5.1\r"
    "PID|1||88213047^^^MERCYRAD^MR~E4471902^^^MERCYHEALTH^PI||NAKAMURA^KENJI^T||19590311|M\r"
    "OBR|1|ORD55102|ACC7781203|75571^CT HEART CALCIUM SCORING WO CONTRAST^CPT4|||20250917083012|||||||||"
    "1457^DELACROIX^MARIE^A^^^MD||||||20250917104455||CT|F||||||^Hyperlipidemia; former smoker\r"
    "OBX|1|NM|CAC-TOT^Agatston score, total coronary^L||264|{Agatston}|0-0|H|||F\r"
    "OBX|2|NM|AVC-TOT^Aortic valve calcium score^L||88|{Agatston}|||||F\r"
    "OBX|3|TX|GDT^Report text^L|1|FINDINGS:~LAD: 141~RCA: 123~Total Agatston score: 264~~IMPRESSION:~"
    "Moderate coronary calcification \\T\\ no contrast.||||||F\r"
)


def test_readers_hl7_result_message_is_read_as_a_report(tmp_path, extract_text):
    path = tmp_path / "oru.hl7"
    path.write_bytes(HL7_ORU.encode())
    doc = read_document(path)
    assert doc.source == "hl7"
    assert "Patient: NAKAMURA, KENJI T\nMRN: 88213047\nDOB: 19590311\n" in doc.text
    assert "LAD: 141\nRCA: 123\n" in doc.text and "calcification & no contrast" in doc.text
    from report_audit.extract import extract_facts
    from report_audit.pipeline import build_nlp

    ex = extract_facts(build_nlp()(doc.text), doc, "report")
    assert ex.agatston_total.value == 264 and ex.vessels["RCA"].value == 123
    assert ex.ordering_provider.value.startswith("DELACROIX") and ex.exam_date.value == "2025-09-17"
    assert [p.mrn.value for p in ex.patients if p.mrn] == ["88213047"]
    evidence = ex.agatston_total.evidence
    assert doc.raw_text[evidence.start:evidence.end].endswith("264")


@pytest.mark.parametrize("raw, normalised", [
    # a wrapped sentence is joined; a header, a list item, a table row or a "key:" line is not
    ("Impression: mild coronary calcification, Agatston 88, increased\nfrom 45 in 2019.",
     "Impression: mild coronary calcification, Agatston 88, increased from 45 in 2019."),
    ("As you will recall, I last saw him at the clinic in\n2022 with chest discomfort.",
     "As you will recall, I last saw him at the clinic in 2022 with chest discomfort."),
    ("FINDINGS\nthe heart is normal in size.", "FINDINGS\nthe heart is normal in size."),
    ("vessel                      lesions   volume (mm3)   agatston\nleft main (lm)   0   0.0   0",
     "vessel                      lesions   volume (mm3)   agatston\nleft main (lm)   0   0.0   0"),
    ("Hypertension, well controlled on losartan, and obesity,\nbmi: 31.4", "Hypertension, well controlled on losartan, and "
     "obesity,\nbmi: 31.4"),
    # a form's dotted leader before a word answers the question: its last dot a colon
    ("High blood pressure ........ No", "High blood pressure        : No"),
    ("LEFT MAIN ........ 0", "LEFT MAIN          0"),
    # Y/N answers in brackets are kept for ConText, like checkboxes
    ("DM [N]   HTN [Y]   [156]", "DM [N]   HTN [Y]    156 "),
])
def test_readers_layout_normalisation(raw, normalised):
    assert normalize(raw)[0] == normalised


def test_readers_worklist_columns_become_labelled_values():
    raw = ("ACC#         MRN       PATIENT              DOB         SEX  EXAM\n"
           "CT2408813371 5521907   NGUYEN, THI B        12/03/1970  F    CT HEART CA SCORE\n")
    text, offsets = normalize(raw)
    assert "MRN: 5521907\nPATIENT: NGUYEN, THI B\nDOB: 12/03/1970\n" in text
    start = text.index("NGUYEN")
    assert raw[slice(*offsets.span_to_original(start, start + len("NGUYEN, THI B")))] == "NGUYEN, THI B"


def test_readers_ocr_repair_keeps_cac_drs_codes():
    raw = "".join(f"  Agatston  score :   {i} .   CAC - DRS  A0 .   T0TAL ,  HTN ,  no .\n" for i in range(4))
    text, _ = normalize(raw)
    assert "CAC-DRS A0." in text and "TOTAL," in text


@pytest.mark.parametrize("cut", [0, 3, 8, 40, 120, 260, 400])
def test_readers_truncated_hl7_message_reads_or_fails_in_one_line(tmp_path, cut):
    path = tmp_path / "oru.hl7"
    path.write_bytes(HL7_ORU[:cut].encode() or b"M")
    try:
        doc = read_document(path)
    except UnreadableDocument as err:
        assert "\n" not in str(err)
    else:
        assert doc.source == ("hl7" if cut >= 8 else "text")


def test_readers_parameter_result_table_and_unresolved_smartlist():
    raw = (" Parameter       | Result\n Patient         | DOE, JANE\n MRN             | 123456\n"
           " Contrast        | None\n  - CAC score: {CAC purpose:301550::\"screening\",\"statin decision\"}\n")
    text, offsets = normalize(raw)
    assert " MRN             : 123456" in text and "screening" not in text
    assert _original_under(raw, text, offsets, "123456") == "123456"


def _original_under(raw: str, text: str, offsets, word: str) -> str:
    """The original text that the first ``word`` of the normalised text maps back to."""
    start = text.index(word)
    return raw[slice(*offsets.span_to_original(start, start + len(word)))]


def _printed_pdf(rows: list, font: str = "Helvetica", justified: str = "") -> bytes:
    """A page as a report system prints it: each row a list of (x in mm, text) cells."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font(font, size=10)
    for row in rows:
        for x, cell in row:
            pdf.set_x(x)
            pdf.cell(text=cell)
        pdf.ln(5)
    if justified:
        pdf.multi_cell(120, 5, justified, align="J")
    return bytes(pdf.output())


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_readers_pdf_columns_keep_their_gaps(engine):
    """A PDF has positions, not spaces: a form's columns come back two or more spaces
    apart (where text reports have them), a two-column page keeps its right column at one
    position, and a justified paragraph's stretched gaps stay single spaces."""
    from report_audit.readers import document_from_bytes

    data = _printed_pdf([
        [(10, "Martinez, Rosa E"), (110, "MRN: 40718823")],
        [(10, "HISTORY: Hyperlipidemia, hyper-"), (110, "FINDINGS:")],
        [(10, "tension. Former smoker."), (110, "Left main 0")],
        [(110, "Total Agatston score 435")],
    ], justified="Cardiovascular: Negative for chest pain, dyspnea on exertion, palpitations, edema, "
                 "presyncope or syncope; she walks most days without any limitation at all.")
    lines = document_from_bytes(data, "form.pdf", pdf_engine=engine).raw_text.replace("\r", "").split("\n")
    assert re.fullmatch(r"Martinez, Rosa E {2,}MRN: 40718823", lines[0])
    right = [line.index(word) for line, word in zip(lines[1:4], ("FINDINGS", "Left main", "Total Agatston"))]
    assert len(set(right)) == 1 and right[0] > 30, lines[1:4]
    assert "Negative for chest pain, dyspnea" in lines[4] and "  " not in lines[4].strip()


def test_readers_forwarded_email_quote_marks_are_dropped_and_map_back():
    raw = ("Please scan into the chart.\n\n> From: Gloria\n>\n>> Results (Agatston):\n>>   Left main:    8\n"
           ">>   LAD:         97\n>>   Total:      105\n>>\n>> Signed: Chidi Anyanwu, MD\n")
    text, offsets = normalize(raw)
    assert "\nResults (Agatston):\n  Left main:    8\n" in text and ">" not in text
    assert _original_under(raw, text, offsets, "97") == "97"
    legend = "Legend:\n> 400 = extensive\n> 100 = moderate\n> 10 = mild\n> 0 = minimal\n> 1000 = very high\n"
    assert normalize(legend)[0] == legend  # no bare ">" line: a legend's thresholds, not a quote


def test_readers_pdf_page_furniture_is_dropped_and_a_sentence_runs_on():
    """A page number footer and a header repeated on the next page would break the text:
    they go (the first copy of a repeated header stays: it may be the only place the name
    is printed), and a page ending mid-sentence runs on into the next."""
    from report_audit.readers.pdf import join_pages

    pages = ["Patient: DOE, JANE   MRN 123\nCLINICAL HISTORY: 61 y/o woman.\nRecommendations:\n"
             "- I have ordered a coronary calcium score for\nPrinted 02/17/2026 12:46    Page 1 of 2",
             "Patient: DOE, JANE   MRN 123\natypical chest pain, to guide therapy.\nSigned: A. Lee, MD\n"
             "Printed 02/17/2026 12:46    Page 2 of 2"]
    text, starts = join_pages(pages)
    assert "Page 1" not in text and "Printed" not in text and text.count("DOE, JANE") == 1
    assert "calcium score for\natypical chest pain" in text
    assert text[starts[1]:].startswith("atypical chest pain")
    single, _ = join_pages(["Report\nTotal Agatston score: 0\nSigned: A. Lee\nImpression: none\nPage 1 of 1"])
    assert single == "Report\nTotal Agatston score: 0\nSigned: A. Lee\nImpression: none"


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_readers_pdf_paragraph_spacing_becomes_a_blank_line(engine):
    """PDF text has no blank lines; a line well below the one before starts a paragraph,
    which is where an inline section ("Comparison: ...") ends."""
    from fpdf import FPDF

    from report_audit.readers import document_from_bytes

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line, space_after in (("Comparison: outside score 97 (06/2022).", 4.5), ("images not available.", 9),
                              ("Artery   Score", 4.5), ("LAD   148.6", 4.5)):
        pdf.cell(text=line)
        pdf.ln(space_after)
    text = document_from_bytes(bytes(pdf.output()), "p.pdf", pdf_engine=engine).raw_text.replace("\r", "")
    assert "(06/2022).\nimages not available.\n\nArtery" in text and "Score\nLAD" in text


def test_readers_pdf_form_boxes_written_box_by_box_come_out_in_rows():
    """A form's boxes are written one after the other (a label, its value, the next
    label beside it): the reader puts the page's rows back together, and the labels in
    capitals over their values become "LABEL: value" lines."""
    from fpdf import FPDF

    from report_audit.readers import document_from_bytes

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for x, label, value in ((15, "PATIENT NAME (LAST, FIRST)", "O'SULLIVAN-REYES, BRENDAN"), (100, "MRN", "552091377"),
                            (140, "DATE OF BIRTH", "04/17/1958")):
        pdf.set_xy(x, 20)
        pdf.cell(text=label)
        pdf.set_xy(x, 25)
        pdf.cell(text=value)
    pdf.set_xy(15, 40)
    pdf.multi_cell(150, 5, "RISK FACTORS (X = present)\nX   Hyperlipidemia              Diabetes")
    doc = document_from_bytes(bytes(pdf.output()), "form.pdf")
    assert "MRN: 552091377" in doc.text and "DATE OF BIRTH: 04/17/1958" in doc.text
    # the grid's marks are read as boxes ("[x] Hyperlipidemia  [ ] Diabetes"), and the option
    # not marked then goes (readers/checkboxes.py)
    assert re.search(r"\[x\] +Hyperlipidemia *$", doc.text, re.MULTILINE) and "Diabetes" not in doc.text


def test_readers_form_boxes_leave_tables_alone():
    table = ("          VESSEL        AGATSTON     VOLUME\nLeft main         0          0.0\nLAD             612        498.2\n")
    assert normalize(table)[0] == table
    boxes = "EXAM DATE               REFERRING PHYSICIAN\n06/03/2025              Anjali Deshmukh, MD\n"
    text, offsets = normalize(boxes)
    assert text.startswith("EXAM DATE: 06/03/2025\nREFERRING PHYSICIAN: Anjali Deshmukh, MD")
    assert _original_under(boxes, text, offsets, "Anjali") == "Anjali"


def test_readers_form_boxes_leave_a_table_with_row_labels_alone():
    table = ("                              CURRENT           PRIOR\n"
             "                              06/18/2025        05/04/2021\n"
             "  Left main                        0                 0\n  LAD                            142                88\n")
    assert normalize(table)[0] == table


def test_readers_a_list_in_lower_case_is_not_a_second_page_column():
    rows = [("Medication", "Instructions            Status"), ("lisinopril 20 mg tablet", "1 tab PO daily          Active"),
            ("hydrochlorothiazide 12.5 mg cap", "1 cap PO daily          Active"),
            ("tamsulosin 0.4 mg capsule", "1 cap PO at bedtime     Active"),
            ("atorvastatin 10 mg tablet", "1 tab PO daily          Discontinued"),
            ("aspirin 81 mg tablet", "1 tab PO daily          Active"), ("metformin 500 mg tablet", "1 tab PO bid            Active")]
    text = "MEDICATIONS\n" + "".join(f"  {a:<33}{b}\n" for a, b in rows)
    assert normalize(text)[0] == text


def test_readers_dictated_dates_and_classes_in_words():
    raw = ("performed on the fourth of March, two thousand twenty-five. Date of birth the twelfth of June, nineteen "
           "fifty-nine. CAC-DRS category A two, N three. He walks two miles.")
    text, offsets = normalize(raw)
    assert "on the 4th of March, 2025." in text and "the 12th of June, 1959." in text
    assert "A 2, N 3." in text and "walks two miles" in text
    assert _original_under(raw, text, offsets, "1959") == "nineteen fifty-nine"


def test_readers_dicom_sr_dump_items_read_as_labels():
    raw = ('Patient             : Brandvold^Ingrid^M (F, 19590911, #31847765)\n# Study Date        : 20250422\n'
           '<CONTAINER:(126000,DCM,"Imaging Report")=SEPARATE>\n'
           '  <contains NUM:(CAC-LAD,99VCS,"Left Anterior Descending Artery Agatston Score")="389" (1,UCUM,"no units")>\n'
           '  <contains NUM:(CAC-TOT,99VCS,"Total Coronary Agatston Score")="452" (1,UCUM,"no units")>\n'
           '  <contains NUM:(CAC-VOL,99VCS,"Total Coronary Calcium Volume")="371.9" (mm3,UCUM,"cubic millimeter")>\n'
           '  <contains CODE:(CAC-DRS,99VCS,"CAC-DRS Category")=(CAC-DRS-A3N3,99VCS,"A3/N3")>\n'
           '  <contains CONTAINER:(CAC-PRIOR,99VCS,"Prior Study")=SEPARATE>\n')
    text, offsets = normalize(raw)
    assert "Total Coronary Agatston Score: 452\n" in text and "Total Coronary Calcium Volume: 371.9 mm3" in text
    assert "CAC-DRS Category: A3/N3" in text and "DOB: 19590911" in text and "MRN: 31847765" in text
    assert "\nStudy Date        : 20250422" in text
    assert _original_under(raw, text, offsets, "452") == "452"


@pytest.mark.parametrize("raw, expected", [
    ("Patient / Paciente:              ESPINOZA RUIZ, GUADALUPE\nDOB / Fecha de nacimiento:       02/25/1955\n"
     "Referring / M\u00e9dico solicitante:  Dra. Teresa Villalobos\n", r"Patient +:  +ESPINOZA RUIZ, GUADALUPE\nDOB +:"),
    ("Chest pain                   No\nShortness of breath          No\n", r"Chest pain: +No\nShortness of breath: +No"),
])
def test_readers_bilingual_labels_and_column_answers(raw, expected):
    text = normalize(raw)[0]
    assert len(text) == len(raw) and re.match(expected, text)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_readers_pdf_drawn_checkboxes_read_as_text_boxes(engine):
    """A PDF form's checkboxes are drawn squares; only a tick inside one is text. The
    reader writes them where they stand, "[X]" or "[ ]", so that ConText reads the form as
    it reads a text form: the unticked items are not the patient's."""
    from fpdf import FPDF

    from report_audit.api import extract
    from report_audit.readers import document_from_bytes

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    rows = [(40, "Symptoms:", [("Chest pain", False), ("Dyspnea", False), ("None - asymptomatic", True)]),
            (50, "Risk factors:", [("Hypertension", True), ("Diabetes", False), ("Current smoker", False)])]
    for y, label, options in rows:
        pdf.text(15, y, label)
        for k, (option, ticked) in enumerate(options):
            x = 50 + 45 * k
            pdf.rect(x, y - 3.5, 4, 4)
            if ticked:
                pdf.text(x + 0.8, y, "X")
            pdf.text(x + 6, y, option)
    doc = document_from_bytes(bytes(pdf.output()), "form.pdf", pdf_engine=engine)
    assert re.search(r"Symptoms: +\[ \] +Chest pain +\[ \] +Dyspnea +\[X\] +None", doc.raw_text), doc.raw_text
    assert re.search(r"\[X\] +Hypertension +\[ \] +Diabetes", doc.raw_text)
    ex = extract(doc, role="note").extraction
    assert {r.name for r in ex.risk_factors} == {"hypertension"} and not ex.symptoms


def test_readers_question_answer_export_reads_as_a_form():
    raw = "Q: Date of birth\nA: 09/30/1972\n\nQ: Diabetes?\nA: No\n\nQ: Kidney disease?\nA: No\n"
    text, offsets = normalize(raw)
    assert "   Date of birth:  " in text and "   Diabetes?    No" in text and len(text) == len(raw)
    assert _original_under(raw, text, offsets, "09/30") == "09/30"


def test_readers_unpunctuated_dictation_gets_its_fields_and_sentences():
    """A speech-recognition dictation with no punctuation at all: each spoken field starts
    a line and ends in a colon, a sentence ends before a new subject ("... never smoked.
    she does not have diabetes"), not after a word that binds it ("that she")."""
    raw = ("this is doctor ann lee cardiology dictating a new patient consultation on mary jo smith date of birth "
           "october 19 1968 medical record number 40718826 she has hyperlipidemia and she is on no therapy she has "
           "never smoked she does not have diabetes her mother had a heart attack at age 61 she says that she feels "
           "well " * 2 + "indication hyperlipidemia and hypertension impression moderate coronary artery calcium "
           "end of dictation")
    text, offsets = normalize(raw)
    assert "\ndate of birth: october 19 1968" in text and "\nindication: hyperlipidemia" in text
    assert "never smoked. she does not have diabetes. her mother had" in text and "says that she feels" in text
    assert _original_under(raw, text, offsets, "40718826") == "40718826"
    punctuated = "Hx: HLD. Screening.\n" * 40
    assert normalize(punctuated)[0] == punctuated  # punctuated text is left alone


def test_readers_html_remnants_read_as_text():
    raw = ('<div class="hdr"><b>NORTHGATE RADIOLOGY</b></div><br>\n<b>MRN:</b>&nbsp;40728815&nbsp;&nbsp;<b>DOB:</b>&nbsp;'
           '03/22/1963<br>\n&nbsp;&nbsp;LAD:&nbsp;148<br>\nCalcium volume score:&nbsp;188.4&nbsp;mm&sup3;<br>\n'
           'a CAC score &gt;= 100 &amp; statin<br>\n')
    text, offsets = normalize(raw)
    assert text.startswith("NORTHGATE RADIOLOGY\n\nMRN: 40728815  DOB: 03/22/1963\n  LAD: 148\n")
    assert "188.4 mm3\n" in text and "a CAC score >= 100 & statin" in text
    assert _original_under(raw, text, offsets, "148") == "148"


def test_readers_xml_like_text_is_no_html():
    raw = "<Patient>\n  <MRN>00728815</MRN>\n</Patient>\nLDL <100 & HDL > 40\n"
    assert "<MRN>" in normalize(raw)[0] or "MRN: 00728815" in normalize(raw)[0]


def test_readers_rtf_read_as_text():
    raw = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\n{\\*\\generator Riched20 10.0}\\viewkind4\\uc1\n"
           "\\pard\\sa120\\f0\\fs22 \\b CEDAR VALLEY IMAGING\\b0\\par\nPatient Name: Brennan, Sheila M.\\tab MRN: 5529013\\par\n"
           "\\b Total Agatston score: 47\\b0\\par\nVolume score: 52.6 mm\\'b3\\par\n}")
    text, offsets = normalize(raw)
    assert text.strip().startswith("CEDAR VALLEY IMAGING\nPatient Name: Brennan, Sheila M.\tMRN: 5529013\n")
    assert "Total Agatston score: 47\nVolume score: 52.6 mm3\n" in text and "Arial" not in text and "\\" not in text
    assert _original_under(raw, text, offsets, "5529013") == "5529013"


def test_readers_a_row_of_answers_under_a_row_of_labels():
    raw = ("Risk factors (from order)\nHypertension    Hyperlipidemia  Diabetes    Smoking     Family hx CAD\n"
           "     Yes Yes No Former No\nTechnique\n")
    text, offsets = normalize(raw)
    assert "Hypertension: Yes\nHyperlipidemia: Yes\nDiabetes: No\nSmoking: Former\nFamily hx CAD: No\n" in text
    assert _original_under(raw, text, offsets, "Former") == "Former"


def test_readers_an_unanswered_smartlist_after_a_label_is_blank():
    text = normalize("Diabetes: {Yes/No:19482}\nHe {DOES/DOES NOT:21133} have chest pain.\n")[0]
    assert text.split("\n")[0].rstrip() == "Diabetes:" and "{DOES/DOES NOT:21133}" in text


def test_readers_misspellings_and_an_o_for_zero():
    raw = "Left circumflx:     21\nCoronary artey calcfication (Agatsen). HYPERTENSON\nLM: O    LAD: O\nBlood type: O\n"
    text, offsets = normalize(raw)
    assert "Left circumflex:     21\nCoronary artery calcification (Agatston). HYPERTENSION\nLM: 0    LAD: 0\n" in text
    assert "Blood type: O" in text
    assert _original_under(raw, text, offsets, "circumflex") == "circumflx"


def test_readers_de_identification_placeholders_read_as_redacted():
    raw = ("[**Hospital 1128**] MEDICAL CENTER\nName: [**Known lastname 5512**], [**Known firstname 881**]\n"
           "Date: [**2187-4-22**] 8:41 AM\nPT: ***** *****   MRN: XXXX-X4417   Tel: (XXX) XXX-4410\n"
           "Referring: ***NAME***, MD    Age: [AGE>89]    Provider: {{PROVIDER}}    <DATE>\n"
           "TOTAL CALCIUM SCORE: 6*****\nseen by Dr. *****son\n")
    text, offsets = normalize(raw)
    assert text.startswith("redacted MEDICAL CENTER\nName: redacted, redacted\nDate: 2187-4-22 8:41 AM\n")
    assert "PT: redacted redacted   MRN: redacted   Tel: (redacted) redacted\n" in text
    assert "Referring: redacted, MD    Age: redacted    Provider: redacted    redacted\n" in text
    # what a redaction swallowed part of is not the value
    assert "TOTAL CALCIUM SCORE: redacted\nseen by Dr. redacted\n" in text
    assert _original_under(raw, text, offsets, "2187-4-22") == "2187-4-22"


@pytest.mark.parametrize("raw", [
    "*** ADDENDUM ***\n**************** ORIGINAL REPORT ****************\n",  # decoration
    "Referring Provider: ***\nLifetime risk: ***%\n",  # an EHR's unfilled wildcard
    "HOLLOWAY,GERALD T           XXX-XX-4417        DOB: AUG 22,1966\n",  # a VA print's last four of the SSN
    "<Patient>\n  <Name>Ferreira, Lucinda</Name>\n</Patient>\n",  # XML, not tags
    "[No] intravenous contrast was administered. Smoking: [X] Never\n",  # template brackets and checkboxes
])
def test_readers_what_is_no_de_identification_placeholder(raw):
    assert "redacted" not in normalize(raw)[0]


def test_readers_escaped_line_breaks_of_a_one_line_export():
    raw = "RADIOLOGY REPORT\\n\\nPatient: Tremblay, Odile\\nFINDINGS:\\nLM 0\\nLAD 41\\tAU\\nTotal Agatston score: 57\\n"
    text, offsets = normalize(raw)
    assert text == "RADIOLOGY REPORT\n\nPatient: Tremblay, Odile\nFINDINGS:\nLM 0\nLAD 41\tAU\nTotal Agatston score: 57\n"
    assert _original_under(raw, text, offsets, "41") == "41"
    assert normalize("a path C:\\new\\notes and one \\n")[0] == "a path C:\\new\\notes and one \\n"


def test_readers_a_reviewers_typed_remarks_are_blanks():
    raw = ("TOTAL AGATSTON SCORE: 381     <<reviewer: vessels add to 318, not 381 - total?>>\nVolume score: 329.5 mm3\n"
           "[coder note: \"moderate\" with 381 fits 100-399; no mass score]\n[X] Hypertension\n")
    text, offsets = normalize(raw)
    assert "reviewer" not in text and "coder" not in text and "318" not in text and len(text) == len(raw)
    assert "[X] Hypertension" in text and _original_under(raw, text, offsets, "329.5") == "329.5"


def test_readers_a_csv_paste_reads_as_columns():
    raw = '"Artery","Lesions","Agatston"\n"LM",2,96\n"LAD",9,612\n"Total",11,"1,284"\nHe has HTN, DM, HLD.\n'
    text, offsets = normalize(raw)
    assert text.startswith("Artery   Lesions   Agatston\nLM   2   96\nLAD   9   612\nTotal   11   1,284\n")
    assert text.endswith("He has HTN, DM, HLD.\n") and _original_under(raw, text, offsets, "612") == "612"


def test_a_header_strips_labelled_fields_become_lines_and_keep_their_offsets():
    raw = "Exam 12/3/2025 | Ordered by: Jenkins, Corey A, MD | Hx: HTN, DM2\n"
    text, mapping = normalize(raw)
    assert text.splitlines() == ["Exam 12/3/2025 ", " Ordered by: Jenkins, Corey A, MD ", " Hx: HTN, DM2"]
    start = text.index("Hx")
    assert raw[slice(*mapping.span_to_original(start, start + 2))] == "Hx"
    # a table's row keeps its bars
    row = "LAD | 58 | 40.2 | 9.1\nRCA | 0 | 0 | 0\n"
    assert normalize(row)[0] == row


def test_readers_hl7_reasons_repeated_give_each_text_not_the_coding_system(tmp_path):
    raw = HL7_ORU.replace("^Hyperlipidemia; former smoker",
                          "E78.5^Hyperlipidemia, unspecified^I10~Z82.49^Family history of ischemic heart disease^I10")
    path = tmp_path / "oru.hl7"
    path.write_bytes(raw.encode())
    text = read_document(path).text
    assert "Reason for exam: Hyperlipidemia, unspecified\nReason for exam: Family history of ischemic heart disease\n" in text
    assert "I10" not in text


@pytest.mark.parametrize("raw, read", [
    # a Y/N grid and inline Y/N boxes: the answer in words
    ("RISK FACTORS                          Y      N\n  Hypertension                       [x]    [ ]\n"
     "  Diabetes mellitus                  [ ]    [x]\n",
     "RISK FACTORS                          Y      N\n  Hypertension                       : Yes     \n"
     "  Diabetes mellitus                  : No      \n"),
    ("Diabetes [ ] Y [x] N     IV contrast: [ ] Yes [x] No\n", "Diabetes : No.           IV contrast: No            \n"),
    # options on one line: the ones not marked go; a labelled field's one answer loses its mark
    ("  [ ] A0    [ ] A1    [x] A2    [ ] A3\n", "                      [x] A2          \n"),
    ("Contrast: [X] None    [ ] IV contrast (protocol)\n", "Contrast:     None                            \n"),
    ("ECG synchronization:    Prospective (x)   Retrospective ( )\n",
     "ECG synchronization:    Prospective                        \n"),
    ("Smoking          [ ] Current  [ ] Former  [x] Never\n", "Smoking          :                [x] Never\n"),
    # options one a line: the ones not marked go
    ("RISK CATEGORY (select one)\n  [ ] Mild (1-99)\n  [x] Moderate (100-399)\n",
     "RISK CATEGORY (select one)\n                 \n  [x] Moderate (100-399)\n"),
    # ticks after the chosen options
    ("CAC-DRS     A0    A1    A2 \u2713    A3\n", "CAC-DRS                 A2          \n"),
])
def test_readers_marked_choices_read_as_the_words_of_the_marks(raw, read):
    text, mapping = normalize(raw)
    assert [" ".join(line.split()) for line in text.split("\n")] == [" ".join(line.split()) for line in read.split("\n")]
    assert len(text) == len(raw) and mapping.span_to_original(3, 9) == (3, 9)  # same length: offsets unchanged


def test_readers_an_unanswered_group_is_left_as_printed():
    raw = "ECG gating:   \u25a1 Prospective   \u25a1 Retrospective\n"
    assert normalize(raw)[0] == raw


def test_a_cp1252_file_no_guess_is_confident_about_is_read_as_cp1252(tmp_path):
    # the corpus's blind67/zz67_08 as the restyled corpus writes it in cp1252 (non-breaking spaces, en dashes)
    from report_audit.restyle import restyle
    text = (Path(__file__).parents[2] / "corpus" / "blind67" / "zz67_08.txt").read_text()
    path = tmp_path / "zz67_08.txt"
    path.write_bytes(restyle(text, "cp1252", "blind67/zz67_08.txt"))
    doc = read_document(path)
    assert "KOWALCZYK^TERESA" in doc.text and "EZE^CHIDI" in doc.text


@pytest.mark.parametrize("raw, normalised", [
    ("Result: Agatston 0 | LM/LAD/CX/RCA 0/0/0/0 | MESA pctl 0", "Result: Agatston 0 | LM 0, LAD 0, CX 0, RCA 0 | MESA pctl 0"),
    ("LAD/RCA: 58/28.", "LAD 58, RCA 28."),
    ("s/p LAD/RCA 3/4", "s/p LAD/RCA 3/4"),  # two without a colon: perhaps a date
    ("BP 128/80, LDL/HDL 131/52", "BP 128/80, LDL/HDL 131/52"),
])
def test_readers_slashed_vessels_and_scores_read_pairwise(raw, normalised):
    assert normalize(raw)[0] == normalised
