"""Per-vessel score tables, read as tables so each number lands in its column.

A header line names the columns (Vessel / Lesions / Volume (mm3) / Mass (mg) / Agatston,
in any order and wording); each following row is a vessel name (or "Total") and one
number per numeric column. Works on text reports and on PDF text alike (cells separated
by spaces, tabs or ``|``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from .patterns import expand, lowercase_regex

# a column name is one or two words; "Mass     Score" (two or more spaces) is two columns
_COLUMN = re.compile(
    r"(?P<volume>vol(?:ume)?\.?(?:[ \t]score)?)|(?P<mass>mass(?:[ \t]score)?)"
    r"|(?P<agatston>agat(?:s|z)?t?on(?:[ \t]score)?|calcium[ \t]score|\bscore(?:[ \t]+agat(?:s|z)?t?on)?\b|\bAU\b|\bCAC\b)"
    r"|(?P<lesions>lesion\s+count|#\s*(?:of\s+)?lesions|lesions?|\bcount\b|\bn\b)"
    r"|(?P<density>peak\s+density|mean\s+density|max(?:imum)?\s+density|density|peak\s+HU)|(?P<area>area)|(?P<percent>%\s*of\s*total|percent(?:age)?)",
    re.IGNORECASE,
)
_LABEL_WORD = re.compile(r"\b(?:vessel|artery|arteries|territory|segment|coronary|location|region)\b", re.IGNORECASE)
# "1,204" (thousands) or "311,5" (a decimal comma: one or two digits after it)
_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+|,\d{1,2}(?!\d|,\d))?(?![\w.])")
DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")  # "311,5" (extract.parse_number reads it the same way)
_EMPTY_CELLS = ("-", "--", "\u2013", "\u2014", "n/a", "N/A", "NA", "n/r", "N/R")  # (n/r: not reported)
_CELL_VALUE = re.compile(_NUMBER.pattern + r"|(?<=\s)(?:--?|\u2013|\u2014|n/a|N/A|NA|n/r|N/R)(?=\s|$)")  # or an empty cell
_VESSEL_KEYS = ("LM", "LAD", "LCX", "RCA", "PDA", "RAMUS", "DIAGONAL", "OM", "OTHER")
# row names seen only in tables ("L Main", "R Coronary"): kept out of the prose patterns
_TABLE_ONLY_NAMES = {"LM": r"|l\.?[ \t]main(?![a-z])", "RCA": r"|r\.?[ \t]coronary(?:\s+artery)?"}
_ROW_LABEL = re.compile(
    r"^[ \t|]*(?:[-*\u2022][ \t]+)?(?:(?P<total>(?:total|sum)(?:\s+(?:score|calcium|coronary))?)|(?P<vessel>%s))\b(?:/(?:D|OM|diag)\d?\b)?(?:[^\d\n]|(?<=[A-Za-z])\d)*?(?=[\s|]\d|$)"
    % "|".join("(?P<%s>%s)" % (k, expand("{%s}" % k) + _TABLE_ONLY_NAMES.get(k, "")) for k in _VESSEL_KEYS),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TableCell:
    row: str  # vessel key or "TOTAL"
    column: str  # agatston | volume | mass | lesions | density; "lesion": a lesion-by-lesion row
    value: float
    start: int  # offsets of the row line in the text
    end: int
    prior: bool = False  # a row of a table titled as the prior study's ("Calcium scores - PRIOR STUDY")


# a header names an Agatston column (agatston / score / AU / CAC) or a volume column;
# found in the lower-cased text, all literal alternatives: one fast scan
_HEADER_WORDS = re.compile("agat|score|vol|cac|au(?<![a-z]au)(?![a-z])")


def _header_columns(line: str) -> Optional[list[str]]:
    # units in brackets or parentheses are dropped ("Volume (mm3)", "Agatston (AU)"); failing that, the
    # column names may be the parenthesis ("CORONARY ARTERIES (Agatston / volume mm3)")
    if "[" in line:  # "Volume [mm3]", "Score [Agatston]"
        line = re.sub(r"\[[^\]\n]*\]", " ", line)
    if "(" not in line:
        if _NUMBER.search(line):
            return None  # a number of its own: a sentence or a data row (what _columns finds, sooner)
        return _columns(line)
    return _columns(re.sub(r"\([^)]*\)", " ", line)) or _columns(re.sub(r"[()]", " ", line))


# the same over the lower-cased line, without re.IGNORECASE (twice as fast)
_COLUMN_LOWER = re.compile(lowercase_regex(_COLUMN.pattern))


def _columns(line: str) -> Optional[list[str]]:
    column = _COLUMN
    if len(low := line.lower()) == len(line):
        line, column = low, _COLUMN_LOWER
    columns = [m.lastgroup for m in column.finditer(line)]
    numeric = set(columns)
    if "agatston" not in numeric and not ({"volume", "mass"} <= numeric):
        return None
    if len(columns) < 2 or any(columns.count(c) > 1 for c in ("agatston", "volume", "mass", "lesions")):
        return None  # a score named twice: a sentence, not a header (peak and mean density may both be there)
    rest = column.sub("", line)
    if _NUMBER.search(rest):
        return None  # a sentence or a data row, not a header
    # two names want a label word ("Vessel  Agatston  Volume"), or nothing else on the line
    # and a column gap between them (an empty label column: "         Agatston    Volume")
    if not _LABEL_WORD.search(rest) and len(columns) < 3 and (rest.strip() or not re.search(r"\S[ \t]{2,}\S", line)):
        return None
    return columns


# follow-up tables: one row per vessel (and total, volume, mass), one column per study
# a second read's columns: the superseded read ("AI (unedited)", "Site read") and the one of record
# ("Radiologist-confirmed", "Core lab (value of record)")
_PRIOR_READS = r"prior|previous|baseline|first\s+reader|original|outside|external|unedited|automated|site\s+read|preliminary"
_STUDY_COLUMN = re.compile(r"\b(?:(?P<prior>old|%s)"
                           r"|(?P<current>current|today|now|new|follow-?up|this\s+review|re-?read|re-?analysis|revised|"
                           r"confirmed|final|corrected|consensus|core[-\s]lab|over-?read|adjudicated)"
                           r"|(?P<change>change|difference|interval|delta|increase))\b" % _PRIOR_READS, re.IGNORECASE)
_METRIC_ROW = re.compile(
    r"^[ \t|]*(?:(?P<volume>(?:calcium\s+|total\s+)?vol(?:ume)?\.?(?:\s+score)?)|(?P<mass>(?:calcium\s+|total\s+)?mass"
    r"(?:\s+score)?))\b[^\d\n]*?(?=[\s|](?:\d|n/[ar]\b)|$)", re.IGNORECASE)


def _cell_number(cell: str) -> float:
    return float(cell.replace(",", ".") if DECIMAL_COMMA.fullmatch(cell) else cell.replace(",", ""))


_PRIOR_TITLE = re.compile(r"\b(?:prior|previous|baseline|comparison|earlier)\b", re.IGNORECASE)
_CURRENT_TITLE = re.compile(r"\b(?:current|today|this\s+(?:study|exam|scan))\b", re.IGNORECASE)
_PRIOR_WORDS = re.compile(_PRIOR_READS.replace(r"\s+", " "))  # over the lower-cased text, for the lines to try


_DATE_CELL = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
# a study's date in a follow-up table's header: 08/05/2025 (month first), 08/2025, 2025-08(-05)
_STUDY_DATE = re.compile(r"(?<![\d/.-])(?:(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>\d{4})|(?P<m2>\d{1,2})[/.-](?P<y2>\d{4})"
                         r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})(?:-(?P<d3>\d{1,2}))?)(?![\d/.-])")
_CELL_GAP = re.compile(r"[ \t]*\|[ \t]*|[ \t]{2,}")
_SCORE_NAME = re.compile(r"\b(?:agat(?:s|z)?t?on|calcium|score|cac|au)\b|[():]", re.IGNORECASE)
# a header of study dates, perhaps after the rows' label ("Vessel   06/14/2018   07/01/2020")
_DATE_HEADER = re.compile(r"(?m)^(?=[ \t|]*(?:(?:vessel|artery|arteries|territory|location|region)[ \t|]+)?"
                          r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}[ \t|]+\d)", re.IGNORECASE)


def _study_columns(line: str) -> Optional[list[str]]:
    """["prior", "current", "change"] for "Vessel  Prior 02.06.2021  Current 22.04.2025  Change";
    for a header of study dates only ("11/16/2020   12/01/2025"), the latest is the current one."""
    if line.rstrip().endswith(".") or len(line.split()) > 10:
        return None  # a sentence
    dates = line.split()
    if len(dates) >= 2 and all(_DATE_CELL.fullmatch(c) for c in dates):
        return _dated_columns(dates)
    cells = [c for c in _CELL_GAP.split(line.strip().strip("|")) if c]
    columns = [m.lastgroup for m in _STUDY_COLUMN.finditer(line)]
    if "prior" in columns and "current" in columns and len(columns) == len(set(columns)) \
            and all(len(_STUDY_COLUMN.findall(cell)) <= 1 for cell in cells):
        return columns  # (each in a cell of its own: not "PRELIMINARY REPORT - NOT FINAL")
    return _read_columns(cells) or _dated_columns(cells)


def _read_columns(cells: list[str]) -> Optional[list[str]]:
    """One column per cell, for reads of one study: ["prior", "other", "current"] for
    "Original   Second reader   Consensus (final)" (a cell's words all of one kind)."""
    if cells and _LABEL_WORD.search(cells[0]) and not _STUDY_COLUMN.search(cells[0]):
        cells = cells[1:]  # the rows' label: "Vessel"
    kinds = []
    for cell in cells:
        found = {m.lastgroup for m in _STUDY_COLUMN.finditer(cell)}
        if len(found) > 1 or len(cell.split()) > 3:
            return None
        kinds.append(found.pop() if found else "other")
    if kinds.count("current") == 1 and "prior" in kinds and len(kinds) <= 4:
        return kinds
    return None


def _dated_columns(cells: list[str]) -> Optional[list[str]]:
    """["current", "prior"] for the cells of "| Vessel | Agatston 08/2025 | Agatston 07/2022 |"
    or "11/16/2020   12/01/2025": after any label cell, one cell per study, each a date and at
    most the score's name; the latest date is the current study."""
    if cells and not _STUDY_DATE.search(cells[0]):
        if _LABEL_WORD.sub("", cells[0]).strip():
            return None
        cells = cells[1:]
    when = []
    for cell in cells:
        dates = list(_STUDY_DATE.finditer(cell))
        if len(dates) != 1 or _SCORE_NAME.sub("", _STUDY_DATE.sub("", cell)).strip():
            return None
        d = dates[0]
        # month or day first is not known here: a full date is ordered by its year alone
        when.append((int(d.group("y")), 0, 0) if d.group("y")
                    else (int(d.group("y2")), int(d.group("m2")), 0) if d.group("y2")
                    else (int(d.group("y3")), int(d.group("m3")), int(d.group("d3") or 0)))
    if len(when) < 2 or len(set(when)) != len(when):
        return None
    return ["current" if w == max(when) else "prior" for w in when]


def _blank_parentheses(line: str) -> str:
    """"Volume (mm3)" -> "Volume      ": row labels without their units or notes, same length."""
    return re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), line)


def _study_row(line: str, columns: list[str], start: int, end: int) -> list[TableCell]:
    """The current study's value of a follow-up table row (a vessel, the total, volume, mass)."""
    line = _blank_parentheses(line)
    m = _ROW_LABEL.match(line)
    metric = "agatston"
    if not m:
        m = _METRIC_ROW.match(line)
        if not m:
            return []
        metric = m.lastgroup
    numbers = _CELL_VALUE.findall(line[m.end():])
    if len(numbers) != len(columns) or numbers[columns.index("current")] in _EMPTY_CELLS:
        return []
    if metric != "agatston" or m.group("total"):
        key = "TOTAL"
    else:
        key = next(k for k in _VESSEL_KEYS if m.group(k))
    value = numbers[columns.index("current")]
    return [TableCell(key, metric, _cell_number(value), start, end)]


# a transposed table: the vessels are the columns ("        LM   LAD   LCX   RCA   TOTAL"),
# one row per measure ("Agatston score   0   54   12   0   66", "Volume (mm3) ...")
_VESSEL_COLUMN = {"lm": "LM", "lmca": "LM", "lad": "LAD", "lcx": "LCX", "cx": "LCX", "circ": "LCX", "rca": "RCA",
                  "pda": "PDA", "ramus": "RAMUS", "ri": "RAMUS", "other": "OTHER", "others": "OTHER", "total": "TOTAL",
                  "sum": "TOTAL"}
_CORNER = re.compile(r"(?i)(?:vessels?|arter(?:y|ies)|measure|parameter|metric)")


def _vessel_columns(line: str) -> Optional[list[str]]:
    """["LM", "LAD", "LCX", "RCA", "TOTAL"] for a header of vessel names only."""
    cells = line.replace("|", " ").split()
    if cells and _CORNER.fullmatch(cells[0]):
        cells = cells[1:]
    keys = [_VESSEL_COLUMN.get(cell.lower().strip(":*\u2020\u2021")) for cell in cells]
    if None in keys or len(set(keys) - {"TOTAL"}) < 3 or len(set(keys)) != len(keys):
        return None
    return keys


def _measure_row(line: str, columns: list[str], start: int, end: int) -> list[TableCell]:
    """A transposed table's row: one measure of every vessel."""
    line = _blank_parentheses(line)
    first = _NUMBER.search(line)
    if first is None:
        return []
    measure = [m.lastgroup for m in _COLUMN.finditer(line[:first.start()])]
    numbers = _CELL_VALUE.findall(line[first.start():])
    if not measure and "TOTAL" in columns and not line[:first.start()].strip(" \t|") \
            and not line[first.start():].strip(" \t|.,0123456789-"):
        measure = ["agatston"]  # "LM | LAD | LCX | RCA | TOTAL" over "0 | 9 | 0 | 0 | 9": the scores themselves
    if len(measure) != 1 or measure[0] not in ("agatston", "volume", "mass", "lesions") or len(numbers) != len(columns):
        return []
    return [TableCell(key, measure[0], _cell_number(num), start, end) for key, num in zip(columns, numbers)
            if num not in _EMPTY_CELLS]


def find_tables(text: str) -> list[TableCell]:
    cells: list[TableCell] = []
    low = text.lower()
    candidates = {low.rfind("\n", 0, m.start()) + 1 for m in _HEADER_WORDS.finditer(low)}  # line starts
    if not candidates:
        return cells
    # lines naming both the LAD and the RCA: a transposed table's header, perhaps
    vessel_lines = {low.rfind("\n", 0, m.start()) + 1 for m in re.finditer("rca", low)
                    if "lad" in low[low.rfind("\n", 0, m.start()) + 1:m.start()]}
    prior_lines = {low.rfind("\n", 0, m.start()) + 1 for m in _PRIOR_WORDS.finditer(low)}
    prior_lines |= {m.start() for m in _DATE_HEADER.finditer(low)}  # a header of study dates
    columns: Optional[list[str]] = None
    read_row = _row
    misses = 0
    pos = 0
    # a table broken by a page's footer and header goes on under the same columns: they stay
    # "suspended" for a few lines, and the next row that reads under them resumes the table
    suspended, suspended_for = None, 0
    title, prior = "", False  # the line before a header: "Calcium scores - PRIOR STUDY (04/12/2023)"
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        header = _header_columns(line) if start in candidates and len(line) < 160 else None
        if header:
            columns, misses, read_row, suspended = header, 0, _row, None
            prior = bool(_PRIOR_TITLE.search(title)) and not _CURRENT_TITLE.search(title)
            continue
        if line.strip():
            title = line
        vessels = _vessel_columns(line) if start in vessel_lines else None
        if vessels:
            columns, misses, read_row, suspended = vessels, 0, _measure_row, None
            continue
        studies = _study_columns(line) if start in prior_lines or start in candidates else None
        if studies:
            columns, misses, read_row, suspended = studies, 0, _study_row, None
            continue
        if columns is None:
            if suspended is None:
                continue
            suspended_for += 1
            resumed = read_row(line, suspended, start, end) if suspended_for <= 15 else None
            if not resumed:
                if suspended_for > 15:
                    suspended = None
                continue
            columns, misses, suspended = suspended, 0, None
        row = read_row(line, columns, start, end)
        if row is None:  # a row of the table that gives no cell
            misses = 0
        elif row:
            cells.extend([replace(c, prior=True) for c in row] if prior else row)
            misses = 0
        elif line.strip() and not set(line.strip()) <= set("-=|+_ "):
            misses += 1
            if misses > 1:
                columns, suspended, suspended_for = None, columns, 0
    return cells


_SEGMENT_WORD = re.compile(r"\b(?:prox(?:imal)?|mid(?:dle)?|dist(?:al)?|seg(?:ment)?)\b", re.IGNORECASE)


# "  3     LAD    29.8   501   84.3 ...": a lesion-by-lesion row (index, artery, the lesion's values)
_LESION_INDEX = re.compile(r"[ \t|]*\d{1,3}[ \t|]+(?=[A-Za-z])")


# columns a subtotal or total row leaves blank at its start (a lesion table's peak HU)
_LEADING_BLANKS = frozenset(("density", "lesions", "area", "percent"))
_ONLY_CELLS = re.compile(r"(?:[ \t|]+(?:\d[\d,]*(?:\.\d+)?|--?|n/a|NA))+[ \t|]*")


_PROSE = re.compile(r"[A-Za-z]{3,}(?:[ \t,]+[A-Za-z]{3,}){3}")


def _row(line: str, columns: list[str], start: int, end: int) -> Optional[list[TableCell]]:
    line = _blank_parentheses(line)  # "LAD subtotal (incl D1)"
    m = _ROW_LABEL.match(line)
    if not m:
        index = _LESION_INDEX.match(line)
        if index and (m := _ROW_LABEL.match(line[index.end():])) and m.group("vessel"):
            # one lesion of the vessel, not the vessel: a "lesion" cell, no score, so that
            # the row's numbers are not read as the vessel's by the target rules either
            key = next(k for k in _VESSEL_KEYS if m.group(k))
            return [TableCell(key, "lesion", float(index.group().strip(" \t|")), start, end)]
        return []
    if _SEGMENT_WORD.search(m.group()):
        return None  # "LAD proximal 212": a segment row; the vessel's own row (its subtotal) gives the vessel
    if _PROSE.search(line, m.end()):
        return []  # an impression under the table: "Total coronary artery calcium score 212 (Agatston), moderate ..."
    numbers = _CELL_VALUE.findall(line[m.end():])  # a "-" is an empty cell that keeps its column
    if len(numbers) < len(columns) and len(numbers) >= 2 and set(columns[:len(columns) - len(numbers)]) <= _LEADING_BLANKS \
            and _ONLY_CELLS.fullmatch(line, m.end()):
        columns = columns[len(columns) - len(numbers):]  # "LAD subtotal   12.8  15.9  40.1": no peak HU of its own
    if len(numbers) != len(columns):
        return []
    if m.group("total"):
        key = "TOTAL"
    else:
        key = next(k for k in _VESSEL_KEYS if m.group(k))
    return [TableCell(key, col, _cell_number(num), start, end) for col, num in zip(columns, numbers)
            if num not in _EMPTY_CELLS]
