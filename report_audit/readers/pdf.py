"""PDF reports: text page by page, with page numbers kept for evidence.

Two engines give the same text layer: pypdfium2 (default, ~6x faster) and pdfplumber.
``tests/readers/test_readers.py`` holds them to the same facts on every corpus PDF.

A PDF keeps no spaces of its own between words, only positions: both engines put one
space wherever glyphs stand apart, so a form's columns ("Martinez, Rosa E        MRN:
40718823"), a table's cells and a two-column page come out run together, one space
apart, and a name runs into the next label. ``widen_gaps`` puts each column back at its
character position, which is what the layout rules of text reports read.
"""
from __future__ import annotations

import logging
import re
import statistics
from typing import Callable, Optional

from ..errors import UnreadableDocument

PAGE_SEPARATOR = "\n\n"  # between pages; "\n" where a sentence runs on to the next page

# page furniture: a page number ("Page 2 of 3", "- 2 -", "2/3") on a page's first or last lines
_PAGE_NUMBER = re.compile(r"(?i)\bpage[ \t]*\d+(?:[ \t]*(?:of|/)[ \t]*\d+)?\b|^[ \t]*-?[ \t]*\d{1,3}[ \t]*(?:of|/)[ \t]*\d{1,3}"
                          r"[ \t]*-?[ \t]*$|^[ \t]*-[ \t]*\d{1,3}[ \t]*-[ \t]*$")
_IDENTITY = re.compile(r"(?i)\b(?:patient|name|mrn|dob|birth|accession|acct)\b[ \t]*[:#]")
_EDGE = 2  # lines at the top and at the bottom of a page where furniture stands


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """The pages as one text, and where each page starts in it.

    Running headers and footers are dropped where they would break the text: a page
    number line without the patient's identifiers ("Printed 02/17/2026  Page 1 of 2"), and
    a header or footer line repeated on an earlier page (the first copy is kept: it may be
    the only place the patient's name is printed). A page that ends mid-sentence is
    joined to the next by a line break, so the sentence runs on; other pages by a blank line.
    """
    lines = [page.replace("\r\n", "\n").replace("\r", "\n").split("\n") for page in pages]
    seen: set[str] = set()
    kept = []
    for page in lines:
        filled = [i for i, line in enumerate(page) if line.strip()]
        edges = set(filled[:_EDGE] + filled[-_EDGE:]) if len(pages) > 1 or len(filled) > 2 * _EDGE else set()
        drop = set()
        for i in edges:
            line = page[i]
            key = re.sub(r"\d+", "#", " ".join(line.split())).lower()
            if (_PAGE_NUMBER.search(line) and not _IDENTITY.search(line)) or key in seen:
                drop.add(i)
            if len(pages) > 1:
                seen.add(key)
        kept.append("\n".join(line for i, line in enumerate(page) if i not in drop).strip("\n"))
    text, starts = "", []
    for number, page in enumerate(kept):
        if number:
            last = text.rstrip()[-1:]
            text += "\n" if last.isalnum() or last == "," else PAGE_SEPARATOR
        starts.append(len(text))
        text += page
    return text, starts


ENGINES = ("pdfium", "pdfplumber")


def pdf_pages(data: bytes, path: str, engine: str = "pdfium") -> list[str]:
    """The text of each page. Raises ``UnreadableDocument`` for encrypted, corrupt or
    text-less (scanned) PDFs."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableDocument(path, "not a PDF (no %PDF header)")
    pages = _pages_pdfium(data, path) if engine == "pdfium" else _pages_pdfplumber(data, path)
    if not pages:
        raise UnreadableDocument(path, "PDF has no pages")
    if not any(p.strip() for p in pages):
        raise UnreadableDocument(path, "PDF has no text layer (scanned image?); OCR is not supported")
    return pages


def _pages_pdfium(data: bytes, path: str) -> list[str]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise UnreadableDocument(path, _pdfium_reason(str(err))) from None
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if len(text) == textpage.count_chars():  # one character per glyph index
                text = widen_gaps(*mark_checkboxes(text, lambda i: _pdfium_box(textpage.get_charbox(i, loose=True)),
                                                   _pdfium_squares(page)))
            pages.append(text)
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


def _pdfium_squares(page) -> list[tuple[float, float, float, float]]:
    """The outlined (stroked, unfilled) squares of a checkbox's size on the page."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    squares = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):  # the raw API: no object wrappers
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH or not pdfium_c.FPDFPageObj_GetBounds(
                obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)):
            continue
        box = _pdfium_box((left.value, bottom.value, right.value, top.value))
        if _is_checkbox(box) and pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) \
                and stroke.value and not fill.value:
            squares.append(box)
    return squares


def _pdfium_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    left, bottom, right, top = box
    return left, right, -top, -bottom  # PDF y grows upward; widen_gaps measures down the page


def _pdfium_reason(message: str) -> str:
    low = message.lower()
    if "password" in low or "security" in low:
        return "encrypted PDF (password required)"
    return "corrupt or truncated PDF"


def _pages_pdfplumber(data: bytes, path: str) -> list[str]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_page_text_pdfplumber(page) for page in pdf.pages]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableDocument(path, "encrypted PDF (password required)") from None
    except Exception as err:  # pdfminer raises many unrelated types for damaged files
        if "password" in str(err).lower():
            raise UnreadableDocument(path, "encrypted PDF (password required)") from None
        raise UnreadableDocument(path, "corrupt or truncated PDF") from None


def _page_text_pdfplumber(page) -> str:
    lines = page.extract_text_lines(return_chars=True, strip=False)
    if not lines:
        return page.extract_text() or ""
    text = "\n".join(line["text"] for line in lines)
    glyphs = [c for line in lines for c in line["chars"] if not c["text"].isspace()]
    if sum(not ch.isspace() for ch in text) != len(glyphs):  # text and glyphs out of step
        return text
    index, at = [], 0  # text offset -> glyph number, for the non-space characters
    for ch in text:
        index.append(at)
        at += not ch.isspace()
    squares = [(r["x0"], r["x1"], r["top"], r["bottom"]) for r in page.rects if r.get("stroke") and not r.get("fill")]
    return widen_gaps(*mark_checkboxes(
        text, lambda i: (glyphs[index[i]]["x0"], glyphs[index[i]]["x1"], glyphs[index[i]]["top"], glyphs[index[i]]["bottom"]),
        [box for box in squares if _is_checkbox(box)]))


Box = tuple[float, float, float, float]  # left, right, top, bottom (measured down the page)
_CHECK_MARKS = "xX\u2713\u2714\u2717\u2718"


def _is_checkbox(box: Box) -> bool:
    width, height = box[1] - box[0], box[3] - box[2]
    return 4 <= width <= 20 and 0.7 <= width / height <= 1.4


def mark_checkboxes(text: str, box: Callable[[int], Box], squares: list[Box]) -> tuple[str, Callable[[int], Box]]:
    """A PDF form's checkboxes are drawn squares; only a tick inside them is text. Each
    square becomes text where it stands: "[X]" around the mark inside it, "[ ] " before
    the label on its right (or " [ ]" after one on its left) when it is empty, so that the
    form reads as a text form does ("IV contrast:  [ ] With  [X] Without"). Returns the
    text and the glyph boxes of the result, for ``widen_gaps``."""
    if not squares:
        return text, box
    glyphs = [(i, box(i)) for i, ch in enumerate(text) if not ch.isspace()]
    inserts: list[tuple[int, str, list[Optional[Box]]]] = []  # offset, text, a box per character
    for left, right, top, bottom in squares:
        size = bottom - top
        middle = (left + right) / 2  # "[" and "]" touch: the space between them stays one
        opening, closing = (left, middle, top, bottom), (middle, right, top, bottom)
        inside = [i for i, (l, r, t, b) in glyphs if left <= (l + r) / 2 <= right and top <= (t + b) / 2 <= bottom]
        if inside:
            if len(inside) == 1 and text[inside[0]] in _CHECK_MARKS:
                inserts += [(inside[0], "[", [opening]), (inside[0] + 1, "]", [closing])]
            continue  # text in a square that is no tick: no checkbox
        row = [(i, g) for i, g in glyphs if g[3] > top + size / 4 and g[2] < bottom - size / 4]
        after = [(g[0], i) for i, g in row if right - 1 <= g[0] <= right + 3 * size]
        before = [(g[1], i) for i, g in row if left - 3 * size <= g[1] <= left + 1]
        if after:
            inserts.append((min(after)[1], "[ ] ", [opening, None, closing, None]))
        elif before:
            inserts.append((max(before)[1] + 1, " [ ]", [None, opening, None, closing]))
    if not inserts:
        return text, box
    inserts.sort(key=lambda insert: insert[0])
    pieces, boxes, pos = [], [], 0
    for at, piece, piece_boxes in inserts:
        pieces.append(text[pos:at])
        boxes += range(pos, at)  # an original glyph: its index
        pieces.append(piece)
        boxes += piece_boxes
        pos = at
    pieces.append(text[pos:])
    boxes += range(pos, len(text))
    return "".join(pieces), lambda i: box(boxes[i]) if isinstance(boxes[i], int) else boxes[i]


_LINE = re.compile(r"[^\r\n]+")
_INNER_SPACES = re.compile(r"(?<=\S) +(?=\S)")


def widen_gaps(text: str, box: Callable[[int], tuple[float, float, float, float]]) -> str:
    """``text`` laid out as it stands on the page: lines in rows from top to bottom,
    columns at their positions, spaces for the gaps between them, a blank line where
    paragraphs stand apart.

    ``box(i)`` is the left and right edge and the top and bottom (measured down the page)
    of the glyph at text offset ``i``. The page's usual word gap (the median gap),
    character width and line pitch (medians over its lines) are the units. A gap up to 1.6
    word gaps is one space; a wider one puts the next column at the character position of
    its left edge (at least two spaces on); a line that starts three or more characters
    right of the page's left edge is indented the same way. A justified line (four or more
    gaps, all about as wide) keeps single spaces: its gaps are stretched words, not
    columns. Text lines that stand on the same row (a form's boxes, written one after the
    other: "PATIENT NAME", its value, then "MRN" beside the name) are put on one line, left
    to right, as the page shows them; but text that goes back up the page by more than two
    lines is another column's, and follows the first column as written. A row more than
    1.6 line pitches below the one before follows a blank line (PDF text has no blank
    lines, and a section ends at one).
    Pages with fewer than two gaps are left alone.
    """
    lines = []
    for m in _LINE.finditer(text):
        first = m.start() + len(m.group()) - len(m.group().lstrip())
        last = m.start() + len(m.group().rstrip()) - 1
        if last < first:
            continue
        runs = [(m.start() + r.start(), m.start() + r.end()) for r in _INNER_SPACES.finditer(m.group())]
        nexts = [box(end)[0] for _, end in runs]  # the left edge of the glyph after each run
        gaps = [after - box(start - 1)[1] for (start, _), after in zip(runs, nexts)]
        runs = [(start, end, after) for (start, end), after in zip(runs, nexts)]
        left, _, top, bottom = box(first)
        lines.append((first, last, left, box(last)[1], top, bottom, runs, gaps))
    positive = [g for line in lines for g in line[7] if g > 0]
    if len(positive) < 2:
        return text
    word = statistics.median(positive)
    char = statistics.median((right - left) / (last - first + 1) for first, last, left, right, *_ in lines)
    height = statistics.median(bottom - top for *_, top, bottom, _, _ in lines)
    edge = min(line[2] for line in lines)
    if char <= 0 or word <= 0:
        return text
    # the text flows in the order it was written; a flow that goes back up the page by
    # more than two lines starts another (the next column of a two-column page), while a
    # form's boxes, written box by box, only step back a line or two
    flows: list[list[tuple]] = [[]]
    for line in lines:
        if flows[-1] and line[4] < flows[-1][-1][4] - 2.5 * height:
            flows.append([])
        flows[-1].append(line)
    rows: list[list[tuple]] = []  # in each flow, lines whose tops lie within half a line height
    for flow in flows:
        flow_rows: list[list[tuple]] = []
        for line in sorted(flow, key=lambda line: line[4]):
            if flow_rows and line[4] - flow_rows[-1][0][4] <= 0.5 * height:
                flow_rows[-1].append(line)
            else:
                flow_rows.append([line])
        rows += flow_rows
    steps = [b[0][4] - a[0][4] for a, b in zip(rows, rows[1:]) if b[0][4] > a[0][4]]
    pitch = statistics.median(steps) if steps else 0
    out, above = [], None
    for row in rows:
        top = row[0][4]
        if above is not None:
            out.append("\n\n" if top < above or (pitch > 0 and top - above > 1.6 * pitch) else "\n")
        above = top
        column = 0
        for first, last, left, _, _, _, runs, gaps in sorted(row, key=lambda line: line[2]):
            at = round((left - edge) / char) if left - edge > 3 * char else 0
            spaces = at - column if column == 0 else max(2, at - column)
            out.append(" " * spaces)
            column += spaces
            pos = first
            justified = len(gaps) >= 4 and min(gaps) > 0 and max(gaps) <= 1.2 * min(gaps)
            for (start, end, after), gap in zip(runs, gaps):
                out.append(text[pos:start])
                column += start - pos
                if justified or gap <= 1.6 * word:
                    spaces = 1
                else:
                    spaces = max(2, round((after - edge) / char) - column)
                out.append(" " * spaces)
                column += spaces
                pos = end
            out.append(text[pos:last + 1])
            column += last + 1 - pos
    return "".join(out)
