"""Restyled corpus: the same documents written another way, to measure generalisation.

Each style rewrites a text document the way other writers and systems do — another
casing, headers under other names or on their own line, lines wrapped mid-phrase,
other encodings and line endings, typographic characters, bullets, spelled-out dates —
without changing a fact, so the document's gold annotation still holds. ``report-audit
eval CORPUS --restyle all`` scores every style against the same gold; a field that is
right as written but wrong restyled was learnt from the corpus's wording, not generalised.

Every rewrite is deterministic (seeded by the document's name and the style), so a miss
can be reproduced with ``report-audit eval CORPUS --restyle STYLE``.
"""
from __future__ import annotations

import random
from datetime import datetime
import re
import textwrap
import zlib
from typing import Callable

# A header name and the other names writers give the same section (practice, not our patterns).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "indication": ("Reason for exam", "Clinical indication", "Reason for study", "Clinical information"),
    "indications": ("Reason for exam", "Clinical indications"),
    "clinical history": ("History", "Clinical information", "Clinical details"),
    "history": ("Clinical history", "Clinical details"),
    "reason for exam": ("Indication", "Reason for study", "Clinical indication"),
    "technique": ("Procedure", "Protocol", "Exam technique"),
    "comparison": ("Prior studies", "Comparison studies", "Priors"),
    "findings": ("Results", "Observations", "Report"),
    "impression": ("Conclusion", "Summary", "Opinion", "Interpretation"),
    "conclusion": ("Impression", "Summary", "Opinion"),
    "hpi": ("History of present illness", "HPI/Subjective"),
    "history of present illness": ("HPI", "Subjective"),
    "past medical history": ("PMH", "PMHx", "Medical history"),
    "pmh": ("Past medical history", "Medical history"),
    "family history": ("FH", "Family hx", "FHx"),
    "social history": ("SH", "Social hx", "Social"),
    "medications": ("Meds", "Current medications", "Medication list"),
    "assessment and plan": ("Assessment/Plan", "A/P", "Assessment & plan"),
    "assessment/plan": ("Assessment and plan", "A/P"),
    "plan": ("Recommendations", "Plan of care"),
}
_HEADER = re.compile(r"(?im)^([ \t]*)(" + "|".join(
    re.escape(h) for h in sorted(HEADER_SYNONYMS, key=len, reverse=True)) + r")([ \t]*):[ \t]*")
_PROSE_LINE = re.compile(r"^(?!.*(?: {2,}|\t|\|)).{70,}$")  # long, and not a table/column row
_US_DATE = re.compile(r"\b(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/((?:19|20)\d\d)\b")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SECTION_BODY = re.compile(r"(?im)^(findings|impression|conclusion|results|assessment(?: and plan)?|plan)[^\n]*:[ \t]*\n")


def _case_like(template: str, word: str) -> str:
    if template.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if template[:1].isupper() else word.lower()


def as_written(text: str, rng: random.Random) -> str:
    """Unchanged: the baseline the other styles are compared with."""
    return text


def upper(text: str, rng: random.Random) -> str:
    """ALL CAPS, as older RIS and patient letters print."""
    return text.upper()


def lower(text: str, rng: random.Random) -> str:
    """all lower case, as some speech-recognition and portal exports come."""
    return text.lower()


def headers(text: str, rng: random.Random) -> str:
    """Section headers under another common name (Impression -> Conclusion/Opinion...)."""
    return _HEADER.sub(lambda m: m.group(1) + _case_like(m.group(2), rng.choice(
        HEADER_SYNONYMS[m.group(2).lower()])) + m.group(3) + ": ", text)


def header_lines(text: str, rng: random.Random) -> str:
    """Each header alone on its line, without a colon; its text starts on the next line."""
    return _HEADER.sub(lambda m: m.group(1) + m.group(2).upper() + "\n" + m.group(1), text)


def header_dashes(text: str, rng: random.Random) -> str:
    """``Header - text`` instead of ``Header: text``."""
    return _HEADER.sub(lambda m: m.group(1) + m.group(2) + " - ", text)


def wrapped(text: str, rng: random.Random) -> str:
    """Long prose lines hard-wrapped at 50-65 columns, breaking phrases across lines."""
    width = rng.randint(50, 65)
    out = []
    for line in text.split("\n"):
        if _PROSE_LINE.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(textwrap.fill(line.strip(), width, initial_indent=indent, subsequent_indent=indent,
                                     break_long_words=False, break_on_hyphens=False))
        else:
            out.append(line)
    return "\n".join(out)


def typographic(text: str, rng: random.Random) -> str:
    """Word-processor characters: mm³, en dashes in ranges, curly quotes, non-breaking spaces."""
    text = re.sub(r"\bmm3\b", "mm³", text)
    text = re.sub(r"(?<=\d)-(?=\d)", "–", re.sub(r"(?<=\d) - (?=\d)", " – ", text))
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = re.sub(r'"([^"\n]{1,80})"', "“\\1”", text)
    return re.sub(r"(?<=:) (?=\S)", "\u00a0", text)


def spacing(text: str, rng: random.Random) -> str:
    """Tabs after colons, double spaces between sentences, trailing blanks, no blank lines."""
    text = re.sub(r"(?m)^([A-Za-z][A-Za-z /]{1,30}):[ ]+", lambda m: m.group(1) + ":\t", text)
    text = re.sub(r"(?<=[a-z0-9)]\.) (?=[A-Z])", "  ", text)
    text = re.sub(r"(?m)[ \t]*$", lambda m: "  " if rng.random() < 0.3 else "", text)
    return re.sub(r"\n[ \t]*\n+", "\n", text)


def bullets(text: str, rng: random.Random) -> str:
    """The sentences under Findings/Impression/Plan as bullets or numbered items (lines
    that carry on a wrapped sentence are indented under their item)."""
    marker = rng.choice(("- ", "* ", "• ", "#"))
    out, in_section, n, previous = [], False, 0, ""
    for line in text.split("\n"):
        if _SECTION_BODY.match(line + "\n"):
            in_section, n, previous = True, 0, line
            out.append(line)
            continue
        if in_section and not line.strip():
            in_section = False
        elif in_section and line[:1].isalpha() and not re.match(r"[A-Z][A-Za-z /]{1,30}:", line):
            item = (f"{n + 1}. " if marker == "#" else marker)
            if previous.rstrip()[-1:] in (".", ":", ";", ""):  # an item starts after a full stop or the header
                n += 1
                line = item + line
            else:  # a wrapped line goes on with its item, indented under it
                line = " " * len(item) + line
        previous = line
        out.append(line)
    return "\n".join(out)


def dates(text: str, rng: random.Random) -> str:
    """Numeric dates spelled with the month name (03/27/2025 -> Mar 27, 2025 or 27-Mar-2025)."""
    def spell(year: str, month: str, day: str) -> str:
        name = _MONTHS[int(month) - 1]
        # not "4 March 2025": the tool reads that as a day-first (British) writer's mark,
        # which would change how the document's remaining slashed dates are read
        return rng.choice((f"{name} {int(day)}, {year}", f"{int(day)}-{name}-{year}"))
    # a slashed date both of whose first numbers could be the month is left alone: the
    # document may be day-first, and spelling it out would change its meaning
    text = _US_DATE.sub(lambda m: m.group() if int(m.group(2)) <= 12 and m.group(1) != m.group(2)
                        else spell(m.group(3), m.group(1), m.group(2)), text)
    return _ISO_DATE.sub(lambda m: spell(m.group(1), m.group(2), m.group(3)), text)


# Characters the PDF core fonts (latin-1) lack, as a word processor's "save as PDF" with
# those fonts would substitute them.
_LATIN1 = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'",
                         "\u201c": '"', "\u201d": '"', "\u2022": "-", "\u2026": "...", "\u2264": "<=",
                         "\u2265": ">=", "\u2248": "~", "\u2192": "->", "\u202f": " ", "\u2009": " ",
                         "\u2610": "[ ]", "\u2611": "[x]", "\u2612": "[x]"})


def _latin1(text: str) -> str:
    """``text`` in the core fonts' latin-1: substitutes, then letters without their accents
    ("Rāwiri" -> "Rawiri"), then "?" for what has no latin-1 form."""
    import unicodedata

    text = text.translate(_LATIN1)
    return "".join(ch if ord(ch) < 256 else (unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
                                             or "?") for ch in text)


_CHUNK = re.compile(r"\S+(?: \S+)*")  # a column's text: words one space apart


def as_pdf(text: str, rng: random.Random) -> bytes:
    """The document printed to PDF as a reporting system does: letter pages, a core font
    (monospaced or proportional) at 9-12 pt, prose lines wrapped at the page width (left
    aligned or justified), a page break wherever the page fills, every page stamped with
    a running header and a "Printed ... Page N of M" footer. A line laid out in columns
    (two or more spaces apart) has each column placed at its position, the font made
    smaller when a row would not fit, as report systems print tables and forms. Needs
    fpdf2 (the ``dev`` extra)."""
    try:
        from fpdf import FPDF
    except ImportError:
        raise RuntimeError("the pdf style needs fpdf2: pip install 'report-audit[dev]'") from None
    font = rng.choice(("Courier", "Courier", "Helvetica", "Times"))
    size = rng.choice((9, 10, 11, 12))
    align = rng.choice(("L", "L", "J"))
    printed = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2026 {rng.randint(7, 18):02d}:{rng.randint(0, 59):02d}"
    header = rng.choice(("CONFIDENTIAL - contains protected health information", "Diagnostic Imaging Report",
                         "Final report - printed copy"))

    class Printout(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, header, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, f"Printed {printed}    Page {self.page_no()} of {{nb}}", align="C")

    pdf = Printout(orientation="P", unit="mm", format="letter")
    pdf.set_creation_date(datetime(2026, 1, 1))
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    body = _latin1(text).expandtabs(8).split("\n")
    columns = [[(m.start(), m.group()) for m in _CHUNK.finditer(line)] if "  " in line.strip() else None
               for line in body]

    def row_width(chunks: list[tuple[int, str]]) -> float:  # where the row's last column ends
        column = pdf.get_string_width("0")
        return max(at * column + pdf.get_string_width(chunk) for at, chunk in chunks)

    pdf.set_font(font, "", size)
    while size > 6 and max((row_width(c) for c in columns if c), default=0) > pdf.epw:
        size -= 0.5
        pdf.set_font(font, "", size)
    height, column = size * 0.45, pdf.get_string_width("0")
    for line, chunks in zip(body, columns):
        if not line.strip():
            pdf.ln(height)
        elif chunks is None:
            pdf.multi_cell(0, height, line.rstrip(), align=align, new_x="LMARGIN", new_y="NEXT")
        else:
            end = pdf.l_margin
            for at, chunk in chunks:
                pdf.set_x(max(pdf.l_margin + at * column, end + pdf.get_string_width("  ")))
                pdf.cell(text=chunk)
                end = pdf.get_x()
            pdf.ln(height)
    return bytes(pdf.output())


StyleFn = Callable[[str, random.Random], str]
TEXT_STYLES: dict[str, StyleFn] = {
    f.__name__: f for f in (upper, lower, headers, header_lines, header_dashes, wrapped, typographic,
                            spacing, bullets, dates)
}
# Byte-level styles: the text saved another way (word-processor characters for the legacy codepage).
ENCODINGS = {"crlf": ("utf-8", "\r\n"), "utf16": ("utf-16", "\n"), "cp1252": ("cp1252", "\n"),
             "bom_cr": ("utf-8-sig", "\r")}
STYLES = tuple(TEXT_STYLES) + tuple(ENCODINGS) + ("pdf",)
TEXT_STYLES["as_written"] = as_written


def restyle(text: str, style: str, seed: str) -> bytes:
    """``text`` rewritten in ``style`` and encoded as a file in that style would be."""
    rng = random.Random(zlib.crc32(f"{seed}:{style}".encode()))
    if style == "pdf":
        return as_pdf(text, rng)
    if style not in ENCODINGS:
        return TEXT_STYLES[style](text, rng).encode("utf-8")
    encoding, newline = ENCODINGS[style]
    if encoding == "cp1252":
        text = typographic(text, rng)
    try:
        return text.replace("\n", newline).encode(encoding)
    except UnicodeEncodeError:  # a character the codepage lacks: such a file would be UTF-8
        return text.replace("\n", newline).encode("utf-8")
