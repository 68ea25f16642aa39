#!/usr/bin/env python3
"""Regenerate corpus/reports/pNNN.pdf from corpus/pdf_src/pNNN.json (needs fpdf2).

Usage:  python corpus/make_pdfs.py [ID ...]      # default: every pdf_src/*.json

Output is deterministic: the creation date, producer and all metadata are fixed, so
re-running with the same fpdf2 version gives byte-identical files. Only the PDF core
fonts (Helvetica / Courier) are used, so every string must be latin-1.

Source format (one JSON object per PDF)
---------------------------------------
{
  "title":  "CT calcium score report",     # PDF /Title metadata (optional)
  "font":   "Helvetica",                   # "Helvetica" (default) or "Courier"
  "size":   10,                            # default font size in pt (optional)
  "pages":  [ [BLOCK, ...], [BLOCK, ...] ] # one list of blocks per printed page
}

BLOCK is one of
  {"text": "one string" | ["line 1", "line 2", ...],
   "style": "" | "B" | "I" | "BI",          # optional, default ""
   "size": 10,                              # optional, default the document size
   "align": "L" | "C" | "R"}                # optional, default "L"
      Each list item (or "\\n"-separated part) starts a new line; a line longer than
      the page width is wrapped by fpdf2. Write a hyphenated line break explicitly as
      two list items ("... Agat-", "ston score ...").
  {"table": {"header": ["Vessel", "Agatston", ...],
             "rows":   [["LM", "0", ...], ...],
             "widths": [30, 20, ...],       # optional relative column widths
             "width":  150}}                # optional table width in mm
      Drawn as a real cell grid (fpdf2 table(), all borders), header row in bold,
      one table row per text line.
  {"space": 4}                              # vertical gap in mm
  {"rule": true}                            # thin horizontal line across the page

The number of printed pages must equal len(pages); the script fails otherwise.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SRC = HERE / "pdf_src"
OUT = HERE / "reports"
FIXED_DATE = datetime(2025, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
MARGIN = 18.0


def new_pdf(title: str) -> FPDF:
    """An FPDF document with fixed metadata (deterministic bytes)."""
    pdf = FPDF(orientation="P", unit="mm", format="letter")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_author("report-audit synthetic corpus")
    pdf.set_creator("corpus/make_pdfs.py")
    pdf.set_producer("fpdf2")
    pdf.set_margins(MARGIN, 16, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    return pdf


def render_text(pdf: FPDF, block: dict, font: str, size: float) -> None:
    text = block["text"]
    if isinstance(text, list):
        text = "\n".join(text)
    fsize = block.get("size", size)
    pdf.set_font(font, block.get("style", ""), fsize)
    pdf.multi_cell(0, fsize * 0.45, text, align=block.get("align", "L"),
                   new_x="LMARGIN", new_y="NEXT")


def render_table(pdf: FPDF, spec: dict, font: str, size: float) -> None:
    pdf.set_font(font, "", size)
    header = spec["header"]
    kwargs = {"borders_layout": "ALL", "first_row_as_headings": True,
              "line_height": size * 0.5, "align": "LEFT"}
    if "widths" in spec:
        kwargs["col_widths"] = tuple(spec["widths"])
    if "width" in spec:
        kwargs["width"] = spec["width"]
    with pdf.table(**kwargs) as table:
        for row in [header] + spec["rows"]:
            if len(row) != len(header):
                raise ValueError(f"table row {row!r} has {len(row)} cells, header {len(header)}")
            r = table.row()
            for cell in row:
                r.cell(str(cell))
    pdf.ln(2)


def build(src: Path) -> bytes:
    doc = json.loads(src.read_text(encoding="utf-8"))
    font = doc.get("font", "Helvetica")
    size = doc.get("size", 10)
    pdf = new_pdf(doc.get("title", src.stem))
    for page in doc["pages"]:
        pdf.add_page()
        for block in page:
            if "text" in block:
                render_text(pdf, block, font, size)
            elif "table" in block:
                render_table(pdf, block["table"], font, size)
            elif "space" in block:
                pdf.ln(block["space"])
            elif "rule" in block:
                y = pdf.get_y() + 1
                pdf.set_line_width(0.3)
                pdf.line(MARGIN, y, pdf.w - MARGIN, y)
                pdf.set_y(y + 2)
            else:
                raise ValueError(f"{src.name}: unknown block {block!r}")
    if pdf.page != len(doc["pages"]):
        raise ValueError(f"{src.name}: {len(doc['pages'])} source pages printed as {pdf.page}")
    return bytes(pdf.output())


def main(argv: list[str]) -> int:
    ids = argv[1:] or sorted(p.stem for p in SRC.glob("*.json"))
    OUT.mkdir(exist_ok=True)
    for ident in ids:
        data = build(SRC / f"{ident}.json")
        (OUT / f"{ident}.pdf").write_bytes(data)
        print(f"reports/{ident}.pdf  {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
