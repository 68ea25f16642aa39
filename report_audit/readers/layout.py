"""Layout rewrites: the lines of exports, tables, forms and wrapped prose put in the order
and shape the patterns read, each only when the document shows that layout, and each
returning the rewritten text with its ``OffsetMap`` back to the text it was given."""
from __future__ import annotations

import json
import re
from typing import Optional

from .offsets import OffsetMap, Rewrite, edited


_LINE_END = re.compile(r"\r\n?")


def line_ends(text: str) -> Optional[tuple[str, OffsetMap]]:
    """CRLF and CR line ends as LF, first, so that the layout steps below see lines."""
    if "\r" not in text:
        return None
    return edited(text, [(m.start(), m.end(), "\n") for m in _LINE_END.finditer(text)])


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of the text with the offset where it starts."""
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, line))
        at += len(line) + 1
    return lines


def _at_least(count: int, regex: re.Pattern, text: str) -> Optional[list[re.Match]]:
    """The regex's matches in the text when there are at least ``count`` of them (a layout
    read only when the document uses it throughout)."""
    found = list(regex.finditer(text))
    return found if len(found) >= count else None


_QUOTE_MARK = re.compile(r"(?m)^(?:>[ \t]?)+")
_BARE_QUOTE = re.compile(r"(?m)^>+[ \t]*$")


def email_quotes(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A report forwarded by e-mail, its lines quoted with ">" or ">>": the markers
    dropped, when at least five lines carry one and one of them is a bare ">" (a quoted
    blank line; a legend's "> 400 = extensive" lines never have one)."""
    if text.count(">") < 5 or not _BARE_QUOTE.search(text):
        return None
    marks = _at_least(5, _QUOTE_MARK, text)
    return edited(text, [(m.start(), m.end(), "") for m in marks]) if marks else None


_INI_KEY = re.compile(r"(?m)^([A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)*)=(?=\S)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def ini_keys(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Exports written as INI lines ("PatientName=PEREIRA, LUCIA", "StudyDate=20250311"):
    keys spaced at case changes and "=" read as ":" ("Patient Name:"), when at least five
    lines look like that."""
    matches = list(_INI_KEY.finditer(text)) if "=" in text else []
    if len(matches) < 5:
        return None
    rewrite = Rewrite()
    pos = 0
    for m in matches:
        a, b = m.span()
        rewrite.add(pos, text[pos:a])
        offset = a
        for k, word in enumerate(_CAMEL.split(m.group(1))):
            if k:
                rewrite.add(offset, " ")  # an inserted space maps to the next word's first character
            rewrite.add(offset, word.replace(".", " "))  # "LAD.Agatston" -> "LAD Agatston"
            offset += len(word)
        rewrite.add(b - 1, ":")  # in place of "="
        pos = b
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# a DICOM attribute printed with its tag and keyword: "(0008,0020) StudyDate      20250916"
_DICOM_TAG = re.compile(r"(?m)^[ \t>]*(?P<tag>\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\)[ \t]+)(?P<key>[A-Z][A-Za-z0-9]+)"
                        r"(?P<gap>[ \t]+)(?=\S)")


def dicom_tags(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A DICOM header dump ("(0010,0010) PatientName   NAKAMURA^KEIKO"), at least five
    attributes: each read as "Patient Name: NAKAMURA^KEIKO" (the tag dropped, the keyword
    spaced at case changes, a colon in the first space)."""
    matches = list(_DICOM_TAG.finditer(text)) if "(0" in text else []
    if len(matches) < 5:
        return None
    edits = []
    for m in matches:
        edits += [(m.start("tag"), m.end("tag"), ""), (m.start("key"), m.end("key"), " ".join(_CAMEL.split(m["key"]))),
                  (m.start("gap"), m.start("gap") + 1, ":")]
    return edited(text, edits)


# a two-column "Parameter | Result" table: a label, spaces, one pipe, the value
_PIPE_ROW = re.compile(r"(?m)^[ \t]*(?:[A-Za-z][^|\n]*?[ \t]+)?\|(?=[ \t]+\S)[^|\n]*$")


# a two-cell markdown row: "| Patient             | OKAFOR, CHIDI E        |"
_MD_ROW = re.compile(r"(?m)^[ \t]*\|[ \t]*[A-Za-z][^|\n]*\|[^|\n]*\|[ \t]*$")


def _side_by_side(text: str, run: list[re.Match]) -> bool:
    """Two boxes side by side ("MRN: 5561203      | Enc Date: 02/19/2026"): most rows hold a
    "label:" on both sides of the pipe, so the pipe is no colon."""
    both = sum(1 for m in run if m.re is _PIPE_ROW and ":" in text[m.start():text.index("|", m.start())]
               and ":" in text[text.index("|", m.start()):m.end()])
    return 2 * both >= len(run)


def _csv_fields(line: str) -> Optional[list[tuple[int, int, bool]]]:
    """(start, end, quoted) of each field of a comma-separated line, or None when it is no
    such line (a quote left open, a space after a separator: prose)."""
    fields, start, quoted, i = [], 0, False, 0
    while i <= len(line):
        if i == len(line) or (line[i] == "," and not quoted):
            fields.append((start, i, line[start:start + 1] == '"'))
            if i < len(line) and line[i + 1:i + 2] == " ":
                return None
            start = i + 1
        elif line[i] == '"':
            quoted = not quoted
        i += 1
    return None if quoted else fields


_KEY_UNIT = re.compile(r"[ _](mm3|mg|pct|percent)$", re.IGNORECASE)


def _is_header(line: str, fields: list[tuple[int, int, bool]]) -> bool:
    """A CSV header: every field a name, none a number."""
    return all(re.fullmatch(r'"?[A-Za-z][\w ./()%-]*"?', line[a:b]) for a, b, _ in fields)


def csv_rows(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A table pasted as comma-separated values ('"Artery","Lesions","Agatston"' over
    '"LAD",9,612' and '"Total",21,"1,284"'): its fields as columns three spaces apart,
    quotes dropped (a quoted "1,059.5" keeps its thousands separator), in runs of three or
    more lines with the same number (three or more) of fields. A header over one or two rows
    (a registry's or a scheduler's export: "mrn,patient_name,exam_date,total_agatston" over
    its values) is read as "Header: value" lines, one per field."""
    if text.count(",") < 6:
        return None
    runs, run = [], []
    for start, line in _lines(text):
        fields = _csv_fields(line) if line.count(",") >= 2 else None
        if fields and len(fields) >= 3 and (not run or len(run[-1][2]) == len(fields)):
            run.append((start, line, fields))
            continue
        runs.append(run)
        run = [(start, line, fields)] if fields and len(fields) >= 3 else []
    runs.append(run)
    rewrite, pos, done = Rewrite(), 0, False
    for run in runs:
        head = run[0] if run else None
        as_records = head is not None and 2 <= len(run) <= 3 and _is_header(head[1], head[2])
        if not as_records and len(run) < 3:
            continue
        done = True
        rewrite.add(pos, text[pos:run[0][0]])
        if as_records:
            names = [(head[0] + a, head[1][a:b].strip('"')) for a, b, _ in head[2]]
            for start, line, fields in run[1:]:
                for (name_at, name), (a, b, quoted) in zip(names, fields):
                    value = line[a + 1:b - 1] if quoted else line[a:b]
                    unit = _KEY_UNIT.search(name)  # "volume_mm3" -> "volume: 41.2 mm3"
                    rewrite.add(name_at, (name[:unit.start()] if unit else name) + ": ")
                    rewrite.add(start + a + (1 if quoted else 0), value)
                    rewrite.add(start + b, (_unit_text(unit.group(1)) if unit and value else "") + "\n")
            pos = run[-1][0] + len(run[-1][1])
            continue
        for start, line, fields in run:
            piece_pos = start
            for a, b, quoted in fields:
                rewrite.add(piece_pos, text[piece_pos:start + a])
                value = line[a + 1:b - 1] if quoted else line[a:b]
                rewrite.add(start + a + (1 if quoted else 0), value)
                if b < len(line):
                    rewrite.add(start + b, "   ")
                piece_pos = start + b + 1
            rewrite.add(start + len(line), "\n" if start + len(line) < len(text) else "")
        pos = run[-1][0] + len(run[-1][1]) + (1 if run[-1][0] + len(run[-1][1]) < len(text) else 0)
    if not done:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


def pipe_key_values(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Rows of a "Parameter | Result" table read as "Parameter : Result" (the pipe a colon;
    a continuation row's pipe a space), and two-cell markdown rows ("| Field | Value |")
    as " Field : Value ", in runs of three or more such rows."""
    if "|" not in text:
        return None
    rows = sorted([*_PIPE_ROW.finditer(text), *_MD_ROW.finditer(text)], key=lambda m: m.start())
    runs, run = [], []
    for m in rows:
        if run and text.count("\n", run[-1].end(), m.start()) > 1:
            runs.append(run)
            run = []
        run.append(m)
    runs.append(run)
    rewrite, pos = Rewrite(), 0
    for run in (r for r in runs if len(r) >= 3 and not _side_by_side(text, r)):
        for m in run:
            if m.re is _MD_ROW:  # the outer bars spaces, the middle one the colon
                bars = [i for i in range(m.start(), m.end()) if text[i] == "|"]
                for bar, mark in zip(bars, " : "):
                    rewrite.add(pos, text[pos:bar])
                    rewrite.add(bar, mark)
                    pos = bar + 1
                continue
            bar = text.index("|", m.start())
            rewrite.add(pos, text[pos:bar])
            rewrite.add(bar, ":" if text[m.start():bar].strip() else " ")
            pos = bar + 1
    if pos == 0:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# a header strip of fields between bars, "Exam 12/3/2025, Halawa Valley Medical Center | Ordered by:
# Jenkins, Corey A, MD | Hx: HTN, DM2, risk stratification": two bars or more, not a markdown row, two
# of its fields "Label: value", none empty or a bare number (a table's row)
_STRIP_LINE = re.compile(r"(?m)^(?![ \t]*\|)[^|\n]*\S[ \t]+\|[ \t]+\S[^|\n]*\|[^\n]*$")
_STRIP_FIELD = re.compile(r"[A-Za-z][\w ./#()&-]{0,25}?[ \t]*:[ \t]*\S")
_BARE_NUMBER = re.compile(r"[<>~]?[\d.,%]*")


def pipe_strips(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A header strip's fields one a line, each then read as a labelled line of its own
    ("Hx: HTN, DM2, risk stratification" after "Ordered by: Jenkins, Corey A, MD | ")."""
    if "|" not in text:
        return None
    rewrite, pos = Rewrite(), 0
    for m in _STRIP_LINE.finditer(text):
        cells = [c.strip() for c in m.group().split("|")]
        if sum(bool(_STRIP_FIELD.match(c)) for c in cells) < 2 or any(_BARE_NUMBER.fullmatch(c) for c in cells):
            continue
        for bar in (i for i in range(m.start(), m.end()) if text[i] == "|"):
            rewrite.add(pos, text[pos:bar])
            rewrite.add(bar, "\n")
            pos = bar + 1
    if pos == 0:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# a DICOM structured report printed by dcmtk's dsrdump: one content item per line
_Q = '["\u201c\u201d]'  # a quote (a word processor's curly ones too)
_SR_ITEM = re.compile(r'(?m)^[ \t]*<(?:contains|has [a-z ]+?) (?P<kind>NUM|TEXT|CODE|PNAME|DATE|CONTAINER|UIDREF|TIME):'
                      r'\([^,()]*,[^,()]*,' + _Q + r'(?P<name>[^"\u201c\u201d]*)' + _Q + r'\)=(?P<rest>[^\n]*?)>?[ \t]*$')
_SR_VALUE = re.compile(_Q + r'(?P<value>[^"\u201c\u201d]*)' + _Q + r'(?:[ \t]*\((?P<unit>[^,()]*),)?|\([^,()]*,[^,()]*,'
                       + _Q + r'(?P<meaning>[^"\u201c\u201d]*)' + _Q + r'\)')


_SR_COMMENT = re.compile(r"(?m)^# ")  # dsrdump prints the header's DICOM attributes after "# "
_SR_PATIENT = re.compile(r"(?m)^Patient[ \t]*:[ \t]*[^\n(]*?(?P<details>\([A-Z]?,?[ \t]*(?P<dob>(?:19|20)\d{6}),?[ \t]*"
                         r"#?(?P<id>[A-Za-z0-9-]+)\))")


def dicom_sr_items(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A DICOM SR dump (dcmtk ``dsrdump``): each content item read as "Name: value unit"
    ('<contains NUM:(CAC-TOT,99VCS,"Total Coronary Agatston Score")="452" (1,UCUM,...)>'
    -> "Total Coronary Agatston Score: 452"), a container as its name alone on the line
    ("Prior Study", "Findings": a section header), each mapped to the item's text."""
    if "<contains " not in text:
        return None
    items = list(_SR_ITEM.finditer(text))
    if len(items) < 5:
        return None
    rewrite, pos = Rewrite(), 0
    marks = [(m.start(), m.end(), "") for m in _SR_COMMENT.finditer(text, 0, items[0].start())]
    patient = _SR_PATIENT.search(text, 0, items[0].start())
    if patient:  # "Patient : Brandvold^Ingrid^M (F, 19590911, #31847765)"
        marks.append((patient.start("details"), patient.end("details"), patient))
    for start, end, what in sorted(marks, key=lambda mark: mark[0]):
        rewrite.add(pos, text[pos:start])
        if what:
            rewrite.add(what.start("dob"), "\nDOB: " + what.group("dob"))
            rewrite.add(what.start("id"), "\nMRN: " + what.group("id"))
        pos = end
    for item in items:
        rewrite.add(pos, text[pos:item.start()])
        name_at = item.start("name")
        rewrite.add(name_at, item.group("name"))
        if item.group("kind") != "CONTAINER":
            value = _SR_VALUE.match(item.group("rest"))
            if value:
                group = "meaning" if value.group("meaning") is not None else "value"
                at = item.start("rest") + value.start(group)
                rewrite.add(at - 1, ": ")
                rewrite.add(at, value.group(group))
                unit = value.group("unit")
                if unit and unit not in ("1", "%"):
                    rewrite.add(item.start("rest") + value.start("unit"), " " + unit)
                elif unit == "%":
                    rewrite.add(item.start("rest") + value.start("unit"), "%")
        pos = item.end()
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# a form's answer in a column: "Chest pain                   No"
_ANSWER_GAP = re.compile(r"(?:[ \t]{3,}|\t+)(?i:yes|no|none|never|denies|negative|not sure|unknown)(?:[ \t]*(?=\n|$)|"
                         r"(?=[ \t]{2,}\S|\t))")  # last on its line, or in a column before details
_ANSWER_LABEL = re.compile(r"[ \t]*[A-Za-z][A-Za-z /()'-]{2,40}?\Z")


def column_answers(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A label and its yes/no answer far right on the line, as forms print them, read as
    "Chest pain:                  No" (a colon in the first space; same length), so that
    the answer belongs to the label as "Chest pain: No" does."""
    gaps = (("  ", "\n"), ("\t", "\t"), ("\t", "\n")) if "\t" in text else (("  ", "\n"),)
    if sum(text.count(f"{gap}{a}{end}") for a in ("No", "no", "NO", "Yes", "yes", "YES", "None", "Never")
           for gap, end in gaps) < 2:
        return None
    colons = []
    for gap in _ANSWER_GAP.finditer(text):
        line_start = text.rfind("\n", 0, gap.start()) + 1
        if _ANSWER_LABEL.match(text, line_start, gap.start()):
            colons.append(gap.start())
    if len(colons) < 2:
        return None
    chars = list(text)
    for at in colons:
        chars[at] = ":"
    return "".join(chars), OffsetMap(original_length=len(text))


# a bilingual form's labels: "Patient / Paciente:", "Exam date / Fecha del estudio:"
_ALIAS_LABEL = re.compile(r"(?m)(?:^|(?<=[ \t]{2}))[ \t]*(?P<first>[^\W\d][\w.# ]{0,24}?)"
                          r"(?P<alias>[ \t]+/[ \t]+(?P<second>[^\W\d][^:/\n]{0,30}?))[ \t]*:")
_ENGLISH_LABEL = re.compile(r"(?i)\b(?:patient|name|mrn|record|birth|dob|date|sex|age|exam|study|referring|physician|"
                            r"provider|indication|technique|findings|impression|history|prior|comparison|conclusion|"
                            r"results?|score|signed|signature|insurance|reason)\b")


def alias_labels(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Labels written in two languages ("DOB / Fecha de nacimiento:", "Paciente /
    Patient:") read as the English one ("DOB                        :"; the other
    blanked, same length; the first when neither or both are), when at least three labels
    of the document are written so."""
    labels = _at_least(3, _ALIAS_LABEL, text) if text.count(" / ") >= 3 and text.count(":") >= 3 else None
    if labels is None:
        return None
    chars = list(text)
    for m in labels:
        second_only = _ENGLISH_LABEL.search(m.group("second")) and not _ENGLISH_LABEL.search(m.group("first"))
        start, end = (m.start("first"), m.start("second")) if second_only else (m.start("alias"), m.end("alias"))
        chars[start:end] = " " * (end - start)
    return "".join(chars), OffsetMap(original_length=len(text))


# vessels and their scores in two slashed lists: "LM/LAD/CX/RCA 0/0/0/0", "LAD/RCA: 58/28"
_VESSEL_ABBR = r"(?:LM|LMCA|LAD|LCX|LCx|CX|Cx|RCA|PDA|RI|OM|D1|Ramus)"
_SLASHED_PAIRS = re.compile(r"(?<![\w/])(?P<names>%s(?:[ \t]*/[ \t]*%s){1,5})[ \t]*(?P<sep>[:=]?)[ \t]*"
                            r"(?P<values>\d+(?:\.\d+)?(?:[ \t]*/[ \t]*\d+(?:\.\d+)?){1,5})(?![\w/]|\.\d)" % (_VESSEL_ABBR, _VESSEL_ABBR))


def slashed_pairs(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Two slashed lists of the same length, vessels then scores, read pairwise: "LM/LAD/CX/RCA
    0/0/0/0" -> "LM 0, LAD 0, CX 0, RCA 0" (the evidence is the whole pair of lists)."""
    if "/" not in text:
        return None
    edits = []
    for m in _SLASHED_PAIRS.finditer(text):
        names = [n.strip() for n in m.group("names").split("/")]
        values = [v.strip() for v in m.group("values").split("/")]
        if len(names) == len(values) and (len(names) >= 3 or m.group("sep")):  # ("s/p LAD/RCA 3/4": a date)
            edits.append((m.start(), m.end(), ", ".join(f"{n} {v}" for n, v in zip(names, values))))
    return edited(text, edits) if edits else None


# an intake app's export: "Q: Do you smoke?" over "A: No"
_QA_PAIR = re.compile(r"(?m)^(?P<q>[ \t]*Q(?:[ \t]*:|\d{1,2}[ \t]*[:.)]?)[ \t]?)(?P<question>[^\n]*\S)[ \t]*(?P<a>\n[ \t]*A[ \t]*:)")


def qa_pairs(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Question/answer pairs (numbered too: "Q2  Reason for study:") read as a form's lines: "Q: Date of birth" / "A: 09/30/1972"
    as "   Date of birth:  09/30/1972", "Q: Diabetes?" / "A: No" as "   Diabetes?    No"
    (same length), so that an answer belongs to its question."""
    pairs = _at_least(3, _QA_PAIR, text) if ("Q:" in text or "Q1" in text) and "A:" in text else None
    if pairs is None:
        return None
    chars = list(text)
    for m in pairs:
        chars[m.start("q"):m.end("q")] = " " * len(m.group("q"))
        answer = m.group("a")
        joined = " " * len(answer) if m.group("question").endswith(("?", ":")) else ":" + " " * (len(answer) - 1)
        chars[m.start("a"):m.end("a")] = joined
    return "".join(chars), OffsetMap(original_length=len(text))


# a checkbox grid printed from a PDF form: the boxes are drawn, only the marks are text
_X_LEGEND = re.compile(r"(?i)\(?\bx\s*=\s*(?:present|yes|checked|positive|applies)\b|\bcheck\s+all\s+that\s+apply\b")
_X_CELL = re.compile(r"(?:(?<=^)|(?<=[ \t]))(?:(X)[ \t]{2,})?([A-Za-z][^ \t\n]*(?: [^ \t\n]+)*)")


def x_marked_rows(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Rows under a "(X = present)" legend where some items carry a mark and the others
    none: "X   Hyperlipidemia      Diabetes" read as "[x] Hyperlipidemia  [ ] Diabetes"."""
    hint = "X =" in text or "x =" in text or "X=" in text or "x=" in text or "apply" in text or "APPLY" in text
    legend = _X_LEGEND.search(text) if hint else None
    if legend is None:
        return None
    rewrite, pos = Rewrite(), 0
    line_start = text.find("\n", legend.end()) + 1
    while 0 < line_start < len(text):
        end = text.find("\n", line_start)
        end = len(text) if end < 0 else end
        row = text[line_start:end]
        cells = list(_X_CELL.finditer(row))
        if not row.strip() or not any(c.group(1) for c in cells) or all(c.group(1) for c in cells):
            break  # the grid ends where no row mixes marked and unmarked items
        for cell in cells:
            at = line_start + cell.start()
            rewrite.add(pos, text[pos:at])
            if cell.group(1):
                rewrite.add(at, "[x]")
                pos = at + 1
            else:
                rewrite.add(at, "[ ] ")
                pos = at
        line_start = end + 1
    if pos == 0:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# an EHR's results view: "Component   Value   Ref Range   Flag" over one row per result
_RESULT_HEADER = re.compile(
    r"(?im)^[ \t]*(?:component|test(?:[ \t]+name)?|result[ \t]+name|analyte|parameter)[ \t]{2,}(?:value|result)[ \t]{2,}"
    r"(?:ref(?:erence)?\.?[ \t]*(?:range|interval|values?)|normal(?:[ \t]+range)?|range|units?)\b[^\n]*$")


def result_grids(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Rows under a results-view header read as "Component: value": a colon after the
    component's name, and the reference range, units and flag after the value blanked
    (same length: "CAC AGATSTON TOTAL   7   0   H" is not read as two scores)."""
    low = text.lower() if "  " in text and ("alue" in text or "ALUE" in text) else ""
    hint = low and any(word in low for word in ("component", "analyte", "test name", "result name", "parameter"))
    headers = list(_RESULT_HEADER.finditer(text)) if hint else []
    if not headers:
        return None
    chars = list(text)
    for header in headers:
        value_at = re.search(r"(?i)(?:value|result)(?=[ \t]{2,})", header.group()).start()
        pos = header.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            row = text[pos:end]
            if not row.strip():
                break
            cells = list(_CELL.finditer(row))
            value = next((c for c in cells if c.start() >= value_at - 2), None)
            if value is not None and cells[0] is not value and value.start() - cells[0].end() >= 2:
                label_end = max(c.end() for c in cells if c.start() < value.start())
                chars[pos + label_end] = ":"
                for i in range(pos + value.end(), end):
                    chars[i] = " "
            pos = end + 1
    return "".join(chars), OffsetMap(original_length=len(text))


# a worklist or grid export: a row of column names, then a row of values under them
_GRID_LABEL = re.compile(r"(?i)(?:patient(?:\s+name)?|name|mrn|mr\s*#|dob|birth\s*date|date\s+of\s+birth|sex|age|"
                         r"acc(?:ession)?\s*#?|exam|status|exam\s+date|study\s+date|physician|ordering)$")
_CELL = re.compile(r"\S+(?: \S+)*")
_DIGIT = re.compile(r"\d")


def _header_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line that names MRN or DOB and holds no digit."""
    low, found = text.lower(), set()
    for word in ("mrn", "dob"):
        at = low.find(word)
        while at != -1:
            start, end = low.rfind("\n", 0, at) + 1, low.find("\n", at)
            end = len(low) if end == -1 else end
            if not _DIGIT.search(text, start, end):
                found.add((start, end))
            at = low.find(word, end)
    return sorted(found)


def grid_rows(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A header row of three or more column names ("ACC#   MRN   PATIENT   DOB   SEX") over a
    row of values that start under them, rewritten as "MRN: 5521907" lines, one per column,
    each mapped to its value: the patient identifiers of worklists and grid exports."""
    if "  " not in text or not ("MRN" in text or "DOB" in text or "mrn" in text or "dob" in text):
        return None
    rows = []
    for start, end in _header_lines(text):  # lines naming MRN or DOB, with no digit on them
        line = text[start:end]
        cells = [(m.start(), m.group()) for m in _CELL.finditer(line)]
        below_end = text.find("\n", end + 1)
        if len(cells) < 3 or end >= len(text) or sum(bool(_GRID_LABEL.match(c)) for _, c in cells) < 3:
            continue
        at = end + 1
        below = text[at:below_end if below_end != -1 else len(text)]
        # each value starts under its column name, after a space: slice the row at the columns
        bounds = [col for col, _ in cells] + [max(len(below), len(line))]
        pieces = []
        for (col, label), end in zip(cells, bounds[1:]):
            value = below[col:end].rstrip()
            if value[:1].strip() and (col == 0 or below[col - 1] == " "):
                pieces.append((start + col, label, at + col, value))
        if len(pieces) >= 3:
            rows.append((start, min(at + len(below) + 1, len(text)), pieces))
    return _label_value_lines(text, rows)


_ANSWER = r"(?:yes|no|y|n|former|current|never|unknown|unk|none|positive|negative|present|absent|n/a|x|-)"
_ANSWER_ROW = re.compile(r"(?im)^[ \t]*%s(?:[ \t]+%s){2,}[ \t]*$" % (_ANSWER, _ANSWER))
_WORD = re.compile(r"\S+")


def answer_rows(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A row of three or more labels over a row of as many answers ("Hypertension    Diabetes
    Smoking" / "Yes No Former"), the answers in the labels' order even where a PDF's text
    runs them together, rewritten as "Hypertension: Yes" lines, each mapped to where it stands."""
    rows = []
    for m in _ANSWER_ROW.finditer(text):
        above_end = m.start() - 1
        if above_end < 0:
            continue
        above_start = text.rfind("\n", 0, above_end) + 1
        labels = [(c.start(), c.group()) for c in _CELL.finditer(text, above_start, above_end)]
        answers = [(a.start(), a.group()) for a in _WORD.finditer(text, m.start(), m.end())]
        if len(labels) < 3 or len(labels) != len(answers) or any(_DIGIT.search(label) for _, label in labels):
            continue
        pieces = [(label_at, label, value_at, value) for (label_at, label), (value_at, value) in zip(labels, answers)]
        rows.append((above_start, min(m.end() + 1, len(text)), pieces))
    return _label_value_lines(text, rows)


def _label_value_lines(text: str, rows: list[tuple[int, int, list[tuple[int, str, int, str]]]]
                       ) -> Optional[tuple[str, OffsetMap]]:
    """Each row of labels over a row of values (where the label row starts, where the
    value row ends, and its (label offset, label, value offset, value) pieces) rewritten
    as "label: value" lines, each label and value mapped to where it stands; a row that
    starts inside one already rewritten is left alone."""
    rewrite, pos = Rewrite(), 0
    for start, past, pieces in rows:
        if start < pos:
            continue
        rewrite.add(pos, text[pos:start])
        for label_at, label, value_at, value in pieces:
            rewrite.add(label_at, label + ": ")
            rewrite.add(value_at, value + "\n")
        pos = past
    if not pos:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# a form printed as boxes: a row of labels in capitals over one row of values under them
_BOX_TABLE_WORD = re.compile(r"(?i)agat|volume|mass|lesion|score|vessel|arter|territor|segment|component|result")
_PARENS = re.compile(r"\([^)]*\)")


# a line of capitals only, two or more cells apart (a quick test before the full one)
_BOX_ROW_HINT = re.compile(r"(?m)^[ \t]*[A-Z][A-Z /(),#&.'-]{2,}[ \t]{2,}[A-Z][A-Z /(),#&.'-]*(?:[ \t]{2,}[A-Za-z][A-Za-z /(),#&.'-]*)*$")


def _box_labels(line: str) -> Optional[list[tuple[int, str]]]:
    cells = [(m.start(), m.group()) for m in _CELL.finditer(line)]
    if len(cells) < 2 or ":" in line or _DIGIT.search(line) or _BOX_TABLE_WORD.search(line) or "  " not in line.strip():
        return None  # a "LABEL:   value" line is read as it is
    for _, cell in cells:  # capitals, units in parentheses aside ("SLICE (mm)"); a unit alone ("kVp")
        letters = [ch for ch in _PARENS.sub("", cell) if ch.isalpha()]
        if not letters or (len(letters) > 3 and sum(ch.isupper() for ch in letters) < 0.6 * len(letters)):
            return None
    return cells


def _aligned(cells: list[tuple[int, str]], columns: list[int]) -> bool:
    return all(any(abs(at - col) <= 2 for col in columns) for at, _ in cells)


def _beneath(cells: list[tuple[int, str]], labels: list[tuple[int, str]]) -> bool:
    """Each cell starts or ends under a label (numbers are often right-aligned)."""
    return all(any(col - 2 <= at <= col + len(label) + 2 or col - 2 <= at + len(cell) <= col + len(label) + 2
                   for col, label in labels) for at, cell in cells)


def form_boxes(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A row of labels in capitals ("EXAM DATE    REFERRING PHYSICIAN    CPT / ACCESSION")
    over one row of values starting under them, as a PDF form's boxes print, rewritten as
    "EXAM DATE: 06/03/2025" lines, each mapped to its value. Not a table: a second row of
    values under the same columns leaves it alone (per-vessel tables are read as tables)."""
    if "  " not in text or not _BOX_ROW_HINT.search(text):
        return None
    lines = _lines(text)
    rows = []
    for k in range(len(lines) - 1):
        start, line = lines[k]
        labels = _box_labels(line)
        if labels is None:
            continue
        value_start, below = lines[k + 1]
        values = [(m.start(), m.group()) for m in _CELL.finditer(below)]
        columns = [col for col, _ in labels]
        if not values or _box_labels(below) is not None or not _aligned(values, columns):
            continue
        if k + 2 < len(lines):
            after = [(m.start(), m.group()) for m in _CELL.finditer(lines[k + 2][1])]
            # a row label left of the columns ("Left main    0    0") and values under them
            under = [c for c in after if c[0] >= columns[0] - 2]
            if len(after) > 1 and _box_labels(lines[k + 2][1]) is None and (
                    _aligned(after, columns) or (len(under) >= 2 and _beneath(under, labels))):
                continue  # a table: rows of values under the same columns
        bounds = columns + [max(len(below), len(line)) + 1]
        pieces = []
        for (col, label), end in zip(labels, bounds[1:]):
            value = below[max(0, col - 2):end - 2 if end <= len(below) else len(below)].strip()
            if value:
                pieces.append((start + col, label, value_start + below.index(value, max(0, col - 2)), value))
        if len(pieces) >= 2:
            rows.append((start, min(value_start + len(below) + 1, len(text)), pieces))
    return _label_value_lines(text, rows)


# a line break inside a sentence: after a word or a comma, before a word in lower case
_WRAP = re.compile(r"\n(?<=[A-Za-z,]\n)[ \t]*(?=[a-zA-Z0-9(])")
_STUDY_START = re.compile(r"(?i)(?:non[- ]?con|ecg|ekg|gated|prospective|retrospective|agat|impression|findings|"
                          r"technique|total\b)")
_LAST_WORD = re.compile(r"([a-z]+)\Z")
_FUNCTION_WORDS = frozenset("a an the of and or to with for in on at by from as is are was were than that which "
                            "who but nor per via without within into about after before including between".split())
_LIST_ITEM = re.compile(r"\d{1,2}[.)][ \t]")
_KEY_START = re.compile(r"[a-z][\w ./()#&-]{0,30}?[ \t]*:")
_COLUMN_GAP = re.compile(r"\S {3,}(?=\S)")


def rewrapped(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Prose hard-wrapped mid-sentence, joined again: a line of 40 or more characters that
    ends in a word or a comma and goes on below in lower case ("... Agatston 88, increased"
    / "from 45 in 2019"), or ends in a function word ("I last saw him in" / "2022 with"),
    continues its sentence, so phrases that span the break ("increased
    from", "family history of", "denies" / "chest pain") read as one. Headers, table rows,
    list items and capitalised lines keep their line breaks."""
    joins = []
    for m in _WRAP.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start < 40:
            continue  # a short line: a header, a list item
        if not text[m.end()].islower():  # a capital or a number goes on a line ending "in" / "the"
            last = _LAST_WORD.search(text, line_start, m.start())
            if last is None or last.group(1) not in _FUNCTION_WORDS or _LIST_ITEM.match(text, m.end()):
                continue
        next_end = text.find("\n", m.end())
        if _KEY_START.match(text, m.end()) or _STUDY_START.match(text, m.end()) or _COLUMN_GAP.search(
                text, line_start, m.start()) or _COLUMN_GAP.search(text, m.end(), next_end if next_end != -1 else len(text)):
            continue  # a "key: value" line below, the scan's own text ("non con, ecg gated"), table columns
        joins.append((m.start(), m.end(), " "))
    return edited(text, joins) if joins else None


_WORDS = re.compile(r"[A-Za-z]{2,}")
_SENTENCE_END = re.compile(r"[a-z]\.(?:\s|$)")
_GAP = re.compile(r"\S(?: {2,}|\t+)(?=\S)")


def _column_start(line: str, minimum: int = 30) -> Optional[int]:
    """Where a second column starts on the line: after a gap of two or more spaces, at
    column ``minimum`` or later, with words (not only numbers) on both sides."""
    tail = line[minimum - 3:]
    if "  " not in tail and "\t" not in tail:
        return None  # most lines: no gap that far right
    for m in _GAP.finditer(line):
        start = m.end()
        if line[start] in ":|=":
            continue  # "Patient        | DOE, JANE": a label and its value, not two columns
        if start >= minimum and _WORDS.search(line[:start]) and _WORDS.search(line[start:]):
            return start
    return None


def two_columns(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Text extracted from a two-column page layout has each line holding a line of the
    left column and one of the right ("HISTORY: Hyperlipidemia, hyper-      FINDINGS:").
    A run of at least six such lines whose right column starts at the same place is
    rewritten as the right column's lines, then the left column's (which the text below
    the block usually continues)."""
    if text.count("  ") < 6:
        return None
    lines = text.split("\n")
    starts = [_column_start(line) for line in lines]
    counts: dict[int, int] = {}
    for c in starts:
        if c is not None:
            counts[c] = counts.get(c, 0) + 1
    if not counts:
        return None
    column, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 6:
        return None
    # the run: from the first to the last line split at that column
    split = [i for i, c in enumerate(starts) if c == column]
    first, last = split[0], split[-1]
    # prose flows from one left-column line into the next ("hyper-" / "tension."); a
    # table with words in its cells ("Left anterior descending   mild plaque") does not
    lefts = [lines[i][:column].rstrip() for i in split]
    # (in capitals only a word broken with a hyphen shows the flow: "HYPER-" / "TENSION.")
    pairs = [(a, b) for a, b in zip(lefts, lefts[1:]) if a and b and (
        (a[-1].isalpha() and b.lstrip()[:1].islower()) or (a[-2:-1].isalpha() and a[-1] == "-" and b.lstrip()[:1].isalpha()))]
    # and it is prose: a word broken with a hyphen, or a sentence ending on a continued line
    # (a list of medications in lower case, "lisinopril 20 mg tablet", is not)
    if len(pairs) < 2 or not any(a[-1] == "-" or _SENTENCE_END.search(b) for a, b in pairs):
        return None
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    rewrite = Rewrite()
    rewrite.add(0, text[:offsets[first]])
    left, right = [], []
    for i in range(first, last + 1):
        line, at = lines[i], offsets[i]
        if len(line) > column and not line[column - 1:column].strip() and line[column:column + 1].strip():
            left.append((at, line[:column].rstrip()))
            right.append((at + column, line[column:]))
        elif len(line) > column and not line[:column].strip():
            right.append((at + column, line[column:]))  # only the right column on this line
        else:
            left.append((at, line))
    # the right column first: the left one usually flows on below the block
    for at, piece in right + [(offsets[first], "")] + left:
        rewrite.add(at, piece + "\n")
    rest = offsets[last] + len(lines[last]) + 1
    rewrite.add(rest, text[rest:])
    return rewrite.result(len(text))


# a structured report pasted as XML or JSON: elements and keys read as "Label: value" lines
_XML_ELEMENT = re.compile(r"<(?P<tag>[A-Za-z][\w.-]*)(?P<attrs>(?:\s+[\w:.-]+=\"[^\"\n]*\")*)\s*>(?P<value>[^<\n]*)"
                          r"</(?P=tag)>")
_XML_PAIR = re.compile(r"<[A-Za-z][\w.-]*\s+(?:id|name|vessel|label|artery)=\"(?P<name>[^\"\n]+)\"\s+"
                       r"(?:score|value|agatston)=\"(?P<value>[^\"\n]*)\"\s*/>")
_XML_TAG_LINE = re.compile(r"(?m)^(?P<indent>[ \t]*)<(?P<close>/?)(?P<tag>[A-Za-z][\w.-]*)(?:\s+[\w:.-]+=\"[^\"\n]*\")*\s*>[ \t]*$")
_XML_OTHER = re.compile(r"<\?[^>\n]*\?>|<[A-Za-z][\w.-]*(?:\s+[\w:.-]+=\"[^\"\n]*\")*\s*/>")
_XML_ENTITIES = {"&amp;": "&", "&gt;": ">", "&lt;": "<", "&quot;": "\"", "&apos;": "'"}
_JSON_OPENER = re.compile(r"\"(?P<key>[A-Za-z][\w]*)\"\s*:\s*(?=[\[{])")
_JSON_PAIR = re.compile(r"\"(?P<key>[A-Za-z][\w]*)\"\s*:\s*(?P<value>\"(?:[^\"\\\n]|\\.)*\"|-?\d+(?:\.\d+)?|true|false|null)")
_UNIT_SUFFIX = re.compile(r"(?i)(mm3|mg|pct|percent)$")


def _unit_text(unit: str) -> str:
    """A key's unit as written after its value: "Mm3" -> " mm3", "pct" -> " %"."""
    return " " + unit.lower().replace("pct", "%").replace("percent", "%")


def _label(key: str) -> tuple[str, str]:
    """"studyDate" -> ("study Date", ""); "volumeMm3" -> ("volume", " mm3")."""
    unit = _UNIT_SUFFIX.search(key)
    if unit and unit.start() > 0:
        key, unit_text = key[:unit.start()], _unit_text(unit.group())
    else:
        unit_text = ""
    return _CAMEL.sub(" ", key), unit_text


def minified_json(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A JSON export written on one line ('{"exportVersion":"3.2.1","patient":{"name":...}}')
    laid out one field a line, as a pretty-printed export is, so that each field reads as a
    line of its own (``markup_fields``); only line breaks and indentation are inserted."""
    stripped = text.lstrip()
    if stripped[:1] not in "{[" or max(map(len, text.split("\n"))) < 400:
        return None
    try:
        json.loads(text)
    except ValueError:
        return None
    edits, depth, in_string, escaped = [], 0, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string, escaped = True, False
        elif ch in "{[":
            depth += 1
            edits.append((i + 1, i + 1, "\n" + "  " * depth))
        elif ch in "}]":
            depth -= 1
            edits.append((i, i, "\n" + "  " * depth))
        elif ch == ",":
            edits.append((i + 1, i + 1, "\n" + "  " * depth))
    return edited(text, edits) if edits else None


def markup_fields(text: str) -> Optional[tuple[str, OffsetMap]]:
    """XML elements ("<StudyDate>2025-07-22</StudyDate>", '<Vessel id="LAD" score="0"/>')
    and JSON keys ('"totalAgatston": 305') read as "Study Date: 2025-07-22", "LAD: 0" and
    "total Agatston: 305" (a unit in the key after its value: "volumeMm3": 266.7 ->
    "volume: 266.7 mm3"; true/false -> yes/no); an element alone on its line is a header
    ("<Findings>" -> "Findings:"). Only when the document holds eight or more of them."""
    xml = "</" in text and len(_XML_ELEMENT.findall(text)) >= 8
    json_like = not xml and ("\":" in text or "\" :" in text) and len(_JSON_PAIR.findall(text)) >= 8
    if not (xml or json_like):
        return None
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement); values are copied, not replaced
    if xml:
        for m in _XML_ELEMENT.finditer(text):
            label, _ = _label(m.group("tag"))
            unit = re.search(r"unit=\"([^\"\n]+)\"", m.group("attrs"))
            edits.append((m.start(), m.start("value"), label + ": "))
            edits.append((m.end("value"), m.end(), " " + unit.group(1) if unit else ""))
        for m in _XML_PAIR.finditer(text):
            edits.append((m.start(), m.start("name"), ""))
            edits.append((m.end("name"), m.start("value"), ": "))
            edits.append((m.end("value"), m.end(), ""))
        for m in _XML_TAG_LINE.finditer(text):
            label, _ = _label(m.group("tag"))
            edits.append((m.end("indent"), m.end(), "" if m.group("close") else label + ":"))
        for m in _XML_OTHER.finditer(text):
            if not _XML_PAIR.match(text, m.start()):
                edits.append((m.start(), m.end(), ""))
        for entity, char in _XML_ENTITIES.items():
            for m in re.finditer(re.escape(entity), text):
                edits.append((m.start(), m.end(), char))
    else:
        # an object or a list under a key ('"priorStudies": [', '"signature": {'): a header
        # ("prior Studies:"), so that what is inside reads as that part of the report
        for m in _JSON_OPENER.finditer(text):
            label, _ = _label(m.group("key"))
            edits.append((m.start(), m.end(), label + ": "))
        for m in _JSON_PAIR.finditer(text):
            label, unit = _label(m.group("key"))
            value = m.group("value")
            edits.append((m.start(), m.start("value") + (value[0] == "\""), label + ": "))
            if value[0] == "\"":
                edits.append((m.end("value") - 1, m.end("value"), unit))
            elif value in ("true", "false", "null"):
                edits.append((m.start("value"), m.end("value"), {"true": "yes", "false": "no", "null": ""}[value]))
            elif unit:
                edits.append((m.end("value"), m.end("value"), unit))
    return edited(text, edits)  # of overlapping edits, the first wins
