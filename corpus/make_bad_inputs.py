#!/usr/bin/env python3
"""Regenerate the unreadable inputs in corpus/bad/ and the encoding test reports
corpus/reports/e001.txt - e003.txt (needs fpdf2 and Pillow).

Usage:  python corpus/make_bad_inputs.py

Output is deterministic (fixed PDF creation date, fixed random seed, RC4 encryption whose
key derives only from the fixed file id), so re-running gives byte-identical files.

corpus/bad/ - inputs that `report-audit` must reject as unreadable (exit 2 / status
"unreadable"), never crash on:
  empty.txt       0 bytes
  whitespace.txt  only spaces and newlines
  binary.txt      2 KiB of seeded random bytes with NUL bytes in them
  corrupt.pdf     a valid one-page report PDF truncated to its first 40 % of bytes
  encrypted.pdf   a report PDF encrypted with a user password (user "user-75571",
                  owner "owner-75571"); it cannot be opened without the password
  scanned.pdf     one page holding only a raster image of a report (no text layer)
  notapdf.pdf     a plain-text file with a .pdf name
  empty.pdf       a valid PDF whose single page has no text

corpus/reports/ - READABLE text reports in unusual encodings (gold files e00N.gold.json
are written by hand next to them):
  e001.txt  UTF-16 little-endian with BOM
  e002.txt  Windows-1252 (cp1252): mm³, µ, en dashes, curly quotes, non-breaking spaces
  e003.txt  UTF-8 with BOM and CRLF line endings
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # importing make_pdfs must not leave __pycache__ behind

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from make_pdfs import new_pdf  # noqa: E402  (fixed metadata / creation date)

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
REPORTS = HERE / "reports"

# A short report used as the payload of the unreadable PDFs (corrupt, encrypted, scanned).
PAYLOAD_LINES = [
    "GLENWOOD IMAGING - CT CORONARY CALCIUM SCORE",
    "Patient: MARLOWE, JUDITH    MRN: 6011234    DOB: 04/12/1962",
    "Exam Date: 02/10/2025",
    "Indication: Hyperlipidemia; family history of premature CAD.",
    "Technique: Non-contrast, prospectively ECG-triggered CT of the heart.",
    "Findings: LM 0, LAD 64, LCX 12, RCA 30.",
    "Total Agatston score: 106. Volume score: 92.4 mm3. Mass score: 18.7 mg.",
    "Impression: Moderate coronary artery calcification, 74th percentile. CAC-DRS A2/N3.",
    "Electronically signed by Peter Vogel, MD on 02/10/2025.",
]


def text_pdf(lines: list[str], title: str, password: bool = False) -> bytes:
    pdf = new_pdf(title)
    if password:
        pdf.set_encryption(owner_password="owner-75571", user_password="user-75571")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    for line in lines:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    # padding paragraphs so the file is long enough for truncation to cut real structure
    pdf.ln(4)
    for i in range(1, 6):
        pdf.multi_cell(0, 5, f"Image series {i}: axial 3.0 mm, 120 kVp, 80 mAs, "
                             f"reconstruction kernel B35f, {48 + i} slices.",
                       new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A letter page with an image of the report text (no fonts, no text operators)."""
    width, height = 1275, 1650  # 150 dpi letter
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=24)  # Pillow's bundled font: same pixels everywhere
    y = 120
    for line in PAYLOAD_LINES:
        draw.text((110, y), line, fill=0, font=font)
        y += 44
    pdf = new_pdf("Scanned report")
    pdf.add_page()
    pdf.image(img, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def empty_pdf() -> bytes:
    pdf = new_pdf("Empty page")
    pdf.add_page()
    return bytes(pdf.output())


def binary_bytes() -> bytes:
    rng = random.Random(75571)
    data = bytearray(rng.randbytes(2048))
    for pos in range(0, len(data), 97):  # make sure there are plenty of NULs
        data[pos] = 0
    return bytes(data)


E001 = """SOUTHPOINT IMAGING - CT CORONARY CALCIUM SCORE
Patient: QUINTERO, DAVID    MRN: 5809214    DOB: 06/05/1960
Exam date: 03/25/2025
Referring physician: Lisa Hartman, MD

INDICATION: Screening for coronary artery disease in an asymptomatic patient.
Hypertension and hyperlipidemia.

TECHNIQUE: Non-contrast, prospectively ECG-triggered CT of the heart, 3 mm slices.

FINDINGS:
Left main: 12
LAD: 74
LCX: 9
RCA: 37
Total Agatston score: 132
Volume score: 118.6 mm3
Mass score: 23.9 mg

IMPRESSION: Moderate coronary artery calcification (Agatston 132), 69th percentile
for age, sex and race. CAC-DRS A2/N4.

Electronically signed by Robert Nguyen, MD on 03/25/2025 12:40
"""

E002 = """Mercy Lake Hospital \u2013 Cardiac CT Calcium Score
Patient: BRENNER, ILSE    MRN: 7765102    DOB: 02/28/1967
Exam Date: 05/06/2025
Ordering Physician: Dr. Alan Whitaker

Indication: \u201cFamily history of premature CAD\u201d (brother, MI at 44) and
hypercholesterolemia. The patient\u2019s blood pressure is normal. Asymptomatic;
screening study.

Technique: ECG-gated non-contrast CT; 3.0 mm slices; in-plane resolution 400 \u00b5m.

Findings:
  LM 0 \u2013 LAD 41 \u2013 LCX 0 \u2013 RCA 23
  Total Agatston score:\u00a064
  Volume score: 55.8\u00a0mm\u00b3
  Mass score: 11.2\u00a0mg

Impression: Mild coronary calcification (1\u201399 range); total Agatston 64;
60th percentile for age and sex. CAC-DRS A1/N2.

Signed: Helena Park, MD \u2013 05/06/2025
"""

E003 = """VALLEY VIEW CARDIAC IMAGING
CORONARY ARTERY CALCIUM SCORE REPORT
Patient: LINDQVIST, K\u00c5RE
MRN: 3320981
DOB: 1949-12-12
Exam Date: 2025-07-22
Referring: Dr. Fatima Rahman

Clinical history: Type 2 diabetes, chronic kidney disease stage 3a, hypertension.
Occasional palpitations.

Technique: Retrospectively ECG-gated CT of the heart without contrast.

Findings:
- Left main: 35
- LAD: 240
- Left circumflex: 60
- Right coronary artery: 120
- Total Agatston score: 455
- Calcium volume: 380.2 mm\u00b3
- Calcium mass: 88.7 mg
Comparison: none.

Impression: Severe coronary artery calcification, Agatston score 455 (above the 400
threshold for severe), 91st percentile. CAC-DRS A3/N4.

Electronically signed: Sofia Marin, MD 07/22/2025 18:02
"""


def main() -> int:
    BAD.mkdir(exist_ok=True)
    files: dict[Path, bytes] = {
        BAD / "empty.txt": b"",
        BAD / "whitespace.txt": b"   \n\n        \n \n\n    \n",
        BAD / "binary.txt": binary_bytes(),
        BAD / "encrypted.pdf": text_pdf(PAYLOAD_LINES, "Encrypted report", password=True),
        BAD / "scanned.pdf": scanned_pdf(),
        BAD / "notapdf.pdf": (b"This file is plain text saved under a .pdf name.\n"
                              b"It has no PDF header, objects or trailer.\n"),
        BAD / "empty.pdf": empty_pdf(),
        REPORTS / "e001.txt": b"\xff\xfe" + E001.encode("utf-16-le"),
        REPORTS / "e002.txt": E002.encode("cp1252"),
        REPORTS / "e003.txt": b"\xef\xbb\xbf" + E003.replace("\n", "\r\n").encode("utf-8"),
    }
    full = text_pdf(PAYLOAD_LINES, "Truncated report")
    files[BAD / "corrupt.pdf"] = full[: int(len(full) * 0.4)]
    for path, data in files.items():
        path.write_bytes(data)
        print(f"{path.relative_to(HERE)}  {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
