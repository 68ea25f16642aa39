"""Unicode and layout normalisation that keeps the way back to the original offsets.

The NLP pipeline sees ``normalized`` text (ASCII dashes, quotes and spaces, ``mm3`` for
``mm³``, ligatures expanded, CR/CRLF as LF, words hyphenated across a line break
rejoined); evidence is reported at offsets into the original extracted text, through
``OffsetMap``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

_REPLACEMENTS = {
    "\r\n": "\n", "\r": "\n",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u2002": " ",
    "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u200a": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00b2": "2", "\u00b3": "3", "\u00b5": "u", "\u03bc": "u",
    "\u2264": "<=", "\u2265": ">=",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\u2028": "\n", "\u2029": "\n", "\f": "\n",
    "\u00ad": "", "\ufffe": "", "\x02": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
}
# Every alternative starts with a literal character, so that the regex engine skips
# ahead to candidate characters instead of trying each position (20x faster).
_SPECIAL = re.compile(
    "|".join(re.escape(k) for k in sorted(_REPLACEMENTS, key=len, reverse=True))
    # a word hyphenated across a line break: "calcifi-\ncation" -> "calcification"
    + r"|-(?<=[a-z]-)[ \t]*\n[ \t]*(?=[a-z])"
    # dotted leaders: "LEFT MAIN ........ 0", "MRN.....: 123" (same length, spaces)
    + r"|\.\.+(?=[ \t]*[:\d])|\.\.\.+"
    # a one-dot leader: "Left anterior descending . 0"
    + r"|\.(?<=[ \t]\.)(?=[ \t]+\d)"
    # markdown emphasis and rules: "**MRN:** 123", "| **Total** |" (same length, spaces)
    + r"|\*\*+|_(?<!\w_)_+|__+(?!\w)"
    # key names of exports: "PATIENT_NAME", "CAC_LAD" (same length, a space)
    + r"|_(?<=[A-Za-z0-9]_)(?=[A-Za-z0-9])"
    # an EHR SmartList left unresolved: {CAC purpose:301550::"screening","statin decision"}
    + r"|\{(?=[^{}\n]{0,200}:\d+:)[^{}\n]*\}"
    # template fields of dictation systems: "TOTAL: [156]", "[Moderate] coronary ..."; not
    # the checkboxes and Y/N answers of forms ("[ ] Diabetes  [x] Hypertension", "DM [N]"),
    # which ConText reads
    + r"|\[(?![ xXyYnN]\])|\](?<!\[[ xXyYnN]\])"
)


_WORD_AFTER = re.compile(r"[ \t]*[A-Za-z\"]")


class SpanMapping:
    """``span_to_original`` for any map with ``to_original`` and ``original_length``."""

    original_length: int

    def to_original(self, offset: int) -> int:
        raise NotImplementedError

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a normalised span; the end maps from its last char."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), min(self.to_original(end - 1) + 1, self.original_length)


@dataclass(frozen=True)
class OffsetMap(SpanMapping):
    """Maps offsets in the normalised text back to the original text."""

    starts: Optional[list[int]] = None  # normalised offsets where an edit begins
    deltas: Optional[list[int]] = None  # original - normalised, from that offset on
    original_length: int = 0

    def to_original(self, offset: int) -> int:
        if not self.starts:
            return offset
        i = bisect_right(self.starts, offset) - 1
        return offset + (self.deltas[i] if i >= 0 else 0)


@dataclass(frozen=True)
class ChainedMap(SpanMapping):
    """Two normalisation steps: ``inner`` maps the final text to the intermediate one,
    ``outer`` the intermediate text to the original."""

    outer: SpanMapping
    inner: SpanMapping
    original_length: int = 0

    def to_original(self, offset: int) -> int:
        return self.outer.to_original(self.inner.to_original(offset))


class _Rewrite:
    """A text assembled from pieces, each mapped back to the original offset it copies
    (or, for an inserted piece, stands beside)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = [0]
        self.deltas: list[int] = [0]
        self.out = 0

    def add(self, original: int, piece: str) -> None:
        if piece:
            self.starts.append(self.out)
            self.deltas.append(original - self.out)
            self.pieces.append(piece)
            self.out += len(piece)

    def result(self, original_length: int) -> tuple[str, OffsetMap]:
        return "".join(self.pieces), _compact(self.starts, self.deltas, original_length)


def _hl7_message(text: str) -> Optional[tuple[str, OffsetMap]]:
    """An HL7 v2 message as "Label: value" lines and its report text (``hl7.py``)."""
    from .hl7 import hl7_text, is_hl7

    if not is_hl7(text[:40]):
        return None
    rewrite = _Rewrite()
    hl7_text(text, rewrite)
    return rewrite.result(len(text))


_LINE_END = re.compile(r"\r\n?")


def _line_ends(text: str) -> Optional[tuple[str, OffsetMap]]:
    """CRLF and CR line ends as LF, first, so that the layout steps below see lines."""
    if "\r" not in text:
        return None
    rewrite = _Rewrite()
    pos = 0
    for m in _LINE_END.finditer(text):
        rewrite.add(pos, text[pos:m.start()])
        rewrite.add(m.start(), "\n")
        pos = m.end()
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {w: v for v, w in enumerate(_UNITS)} | {w: 20 + 10 * k for k, w in enumerate(_TENS)}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9} | {w + "th": v for w, v in _NUMBER_WORDS.items() if 10 <= v < 20} \
    | {w[:-1] + "ieth": v for w, v in _NUMBER_WORDS.items() if v >= 20 and v % 10 == 0}
_ORDINALS.update({"eighteenth": 18, "twelfth": 12})
_NUMBER_WORD = "|".join(sorted([*_NUMBER_WORDS, *_ORDINALS, "hundred", "thousand"], key=len, reverse=True))
# "one hundred twelve", "sixty-eight", "ninety eight point four", "nineteen point 6", "seventy first"
_SPOKEN_NUMBER = re.compile(
    r"\b(?:%s)\b(?:(?:[ \t]+|-)(?:and[ \t]+)?(?:%s)\b)*(?:[ \t]+point(?:[ \t]+(?:%s|\d))+\b)?" % (
        (_NUMBER_WORD,) * 2 + ("|".join(_UNITS[:10]),)), re.IGNORECASE)
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def _spoken_value(words: list[str]) -> Optional[str]:
    """["one", "hundred", "twelve"] -> "112"; ["seventy", "first"] -> "71st"; None when
    the words do not make one number ("five six")."""
    total, current, last, ordinal = 0, 0, None, False
    for word in words:
        if ordinal:
            return None  # an ordinal ends a number
        if word == "hundred":
            if current == 0 or current >= 100:
                return None
            current *= 100
        elif word == "thousand":
            total, current = total + (current or 1) * 1000, 0
        else:
            value = _NUMBER_WORDS.get(word)
            ordinal = value is None
            value = _ORDINALS[word] if ordinal else value
            if last is not None and last not in ("hundred", "thousand") and not (last >= 20 and last % 10 == 0 and value < 10):
                return None  # "five six", "twelve three": two numbers, not one
            current += value
        last = word if word in ("hundred", "thousand") else value
    number = total + current
    if ordinal:
        return f"{number}{'th' if 10 <= number % 100 < 20 else _SUFFIX.get(number % 10, 'th')}"
    return str(number)


def _spoken_numbers(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Numbers dictated as words, as digits: "a total score of one hundred twelve" ->
    "a total score of 112", "nineteen point 6" -> "19.6", "seventy first percentile" ->
    "71st percentile". A lone "one" (a pronoun) and a lone ordinal ("the first") are left,
    and so are numbers below ten unless a unit or "point" follows (the patterns read
    "zero", and "two vessels" means the same either way)."""
    if _SPOKEN_ANY.isdisjoint(text.lower().encode("ascii", "ignore").translate(_WORD_BREAKS).split()):
        return None  # (the text's words as a set: seven times faster than a regex scan)
    rewrite = _Rewrite()
    pos = 0
    for m in _SPOKEN_NUMBER.finditer(text):
        whole, _, decimals = m.group().lower().partition(" point ")
        words = re.split(r"[ \t-]+(?:and[ \t]+)?", whole.strip())
        value = _spoken_value(words)
        if value is None or (len(words) == 1 and not decimals and (
                words[0] in _ORDINALS and not text.startswith("percentile", m.end() + 1)
                or words[0] in _NUMBER_WORDS and _NUMBER_WORDS[words[0]] < 10)):
            continue
        if decimals:
            digits = [str(_NUMBER_WORDS[d]) if d in _NUMBER_WORDS else d for d in decimals.split()]
            value += "." + "".join(digits)
        a, b = m.span()
        rewrite.add(pos, text[pos:a])
        rewrite.add(a, value[:-1])
        rewrite.add(b - 1, value[-1])  # the last digit maps to the last letter: evidence spans the words
        pos = b
    if pos == 0:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# a quick test for any number word from ten up (the only ones rewritten on their own)
_SPOKEN_ANY = frozenset(w.encode() for w in [w for w, v in _NUMBER_WORDS.items() if v >= 10] + ["hundred", "point"]
                        + [w for w, v in _ORDINALS.items() if v >= 10])
_WORD_BREAKS = bytes.maketrans(b"-.,;:()/\"'!?[]", b" " * 14)


# a two-column "Parameter | Result" table: a label, spaces, one pipe, the value
_PIPE_ROW = re.compile(r"(?m)^[ \t]*(?:[A-Za-z][^|\n]*?[ \t]+)?\|(?=[ \t]+\S)[^|\n]*$")


def _pipe_key_values(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Rows of a "Parameter | Result" table read as "Parameter : Result" (the pipe a colon;
    a continuation row's pipe a space), in runs of three or more such rows."""
    if "|" not in text:
        return None
    rows = list(_PIPE_ROW.finditer(text))
    runs, run = [], []
    for m in rows:
        if run and text.count("\n", run[-1].end(), m.start()) > 1:
            runs.append(run)
            run = []
        run.append(m)
    runs.append(run)
    rewrite, pos = _Rewrite(), 0
    for run in (r for r in runs if len(r) >= 3):
        for m in run:
            bar = text.index("|", m.start())
            rewrite.add(pos, text[pos:bar])
            rewrite.add(bar, ":" if text[m.start():bar].strip() else " ")
            pos = bar + 1
    if pos == 0:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


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


def _grid_rows(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A header row of three or more column names ("ACC#   MRN   PATIENT   DOB   SEX") over a
    row of values that start under them, rewritten as "MRN: 5521907" lines, one per column,
    each mapped to its value: the patient identifiers of worklists and grid exports."""
    if "  " not in text or not ("MRN" in text or "DOB" in text or "mrn" in text or "dob" in text):
        return None
    rewrite, pos, done = _Rewrite(), 0, False
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
        if len(pieces) < 3:
            continue
        if start < pos:
            continue
        rewrite.add(pos, text[pos:start])
        for label_at, label, value_at, value in pieces:
            rewrite.add(label_at, label + ": ")
            rewrite.add(value_at, value + "\n")
        pos, done = min(at + len(below) + 1, len(text)), True
    if not done:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


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


def _rewrapped(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Prose hard-wrapped mid-sentence, joined again: a line of 40 or more characters that
    ends in a word or a comma and goes on below in lower case ("... Agatston 88, increased"
    / "from 45 in 2019"), or ends in a function word ("I last saw him in" / "2022 with"),
    continues its sentence, so phrases that span the break ("increased
    from", "family history of", "denies" / "chest pain") read as one. Headers, table rows,
    list items and capitalised lines keep their line breaks."""
    rewrite = _Rewrite()
    pos = 0
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
        rewrite.add(pos, text[pos:m.start()])
        rewrite.add(m.start(), " ")
        pos = m.end()
    if pos == 0:
        return None
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# punctuation a speech recogniser wrote out as words: "... at age forty nine period he denies"
_SPOKEN_MARKS = {"comma": ",", "period": ".", "full stop": ".", "colon": ":", "semicolon": ";", "slash": "/",
                 "new paragraph": "\n\n", "next paragraph": "\n\n", "new line": "\n", "next line": "\n"}
_SPOKEN_MARK = re.compile(r"(?i)[ \t]*\b(%s)\b(?:[ \t]+(?=\S)|[ \t]*$)?" % "|".join(
    m.replace(" ", "[ \t]+") for m in sorted(_SPOKEN_MARKS, key=len, reverse=True)), re.MULTILINE)
_DICTATION_MARK = re.compile(r"(?i)\b(?:new|next)[ \t]+paragraph\b|[ \t](?:comma|period)[ \t]+[a-z]")


def _spoken_punctuation(text: str) -> Optional[tuple[str, OffsetMap]]:
    """In a dictation whose recogniser left the spoken punctuation in (a "new paragraph",
    or three or more "comma"/"period" between words), those words as the marks. Only
    then: elsewhere "colon" and "period" are anatomy and time."""
    low = text.lower()
    if "comma" not in low and "period" not in low and "paragraph" not in low:
        return None
    if not ("paragraph" in low or len(_DICTATION_MARK.findall(text)) >= 3) or not _DICTATION_MARK.search(text):
        return None
    rewrite = _Rewrite()
    pos = 0
    for m in _SPOKEN_MARK.finditer(text):
        mark = _SPOKEN_MARKS[" ".join(m.group(1).lower().split())]
        a, b = m.span()
        rewrite.add(pos, text[pos:a])
        rewrite.add(a, mark if mark.startswith("\n") or b == len(text) or text[b - 1:b] == "\n" or mark == "/"
                    else mark + " ")
        pos = b
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


# OCR'd faxes: "14 . 6", "score :   12", "Dr .", "CAC - DRS A1 / N1", "FlNDlNGS", "T0TAL"
_OCR_SIGN = re.compile(r"[,.](?<=\w[ \t][,.])(?=[ \t])")  # a word, a space, then , or . (literal first: fast)
_OCR_FIX = re.compile(
    r"(?P<point>(?<=\d)[ \t]+[.:][ \t]+(?=\d))"  # a decimal point or a time's colon
    r"|(?P<before>[ \t]+(?=[,.:;)]))|(?P<after>(?<=\()[ \t]+)"  # spaces before , . : ; ) and after (
    r"|(?P<joint>(?<=\w)[ \t]+[-/][ \t]+(?=\w))"  # "ECG - gated", "A1 / N1"
    r"|(?P<word>\b(?=[A-Z0l]*[0l])(?=[A-Z0l]*[A-Z])[A-Z0l]{2,}\b)"  # capitals read as l and 0
    r"|(?P<gap>(?<=[\w,.:;)]) {2,3}(?=[\w(]))")  # words set apart (table columns are further apart)
_OCR_LETTERS = str.maketrans({"l": "I", "0": "O"})


def _ocr_repair(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Text recognised from a faxed or scanned page by OCR spaces its punctuation out and
    reads capital I and O as l and 0. When a document shows it (a dozen or more " , "
    or " . " after a word), decimals, times and hyphenated or slashed terms are joined again
    and capitals words get their letters back ("T0TAL" -> "TOTAL", "Ml" -> "MI"); words
    set two or three spaces apart get one space."""
    if len(_OCR_SIGN.findall(text)) < 12:
        return None
    rewrite = _Rewrite()
    pos = 0
    for m in _OCR_FIX.finditer(text):
        a, b = m.span()
        if m.lastgroup == "word":
            word = m.group()
            if word.isdigit() or sum(c.isupper() for c in word) < max(1, len(word) // 2) or (
                    "0" in word and sum(c.isalpha() for c in word) < 2):
                continue  # "A10", "A0", "100", "l0l": not a word
            replacement = word.translate(_OCR_LETTERS)
        elif m.lastgroup in ("point", "joint"):
            replacement = m.group().strip()
        elif m.lastgroup == "gap":
            replacement = " "
        else:
            replacement = ""
        rewrite.add(pos, text[pos:a])
        if replacement:
            rewrite.add(a + m.group().index(replacement[0]) if m.lastgroup in ("point", "joint") else a, replacement)
        pos = b
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


_INI_KEY = re.compile(r"(?m)^([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)=(?=\S)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _ini_keys(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Exports written as INI lines ("PatientName=PEREIRA, LUCIA", "StudyDate=20250311"):
    keys spaced at case changes and "=" read as ":" ("Patient Name:"), when at least five
    lines look like that."""
    matches = list(_INI_KEY.finditer(text)) if "=" in text else []
    if len(matches) < 5:
        return None
    rewrite = _Rewrite()
    pos = 0
    for m in matches:
        a, b = m.span()
        rewrite.add(pos, text[pos:a])
        offset = a
        for k, word in enumerate(_CAMEL.split(m.group(1))):
            if k:
                rewrite.add(offset, " ")  # an inserted space maps to the next word's first character
            rewrite.add(offset, word)
            offset += len(word)
        rewrite.add(b - 1, ":")  # in place of "="
        pos = b
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


_WORDS = re.compile(r"[A-Za-z]{2,}")
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


def _two_columns(text: str) -> Optional[tuple[str, OffsetMap]]:
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
    flows = sum(1 for a, b in zip(lefts, lefts[1:]) if a and b and (
        (a[-1].isalpha() and b.lstrip()[:1].islower()) or (a[-2:-1].isalpha() and a[-1] == "-" and b.lstrip()[:1].isalpha())))
    if flows < 2:
        return None
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    rewrite = _Rewrite()
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


def normalize(text: str) -> tuple[str, SpanMapping]:
    """Normalise ``text``; returns the normalised text and its offset map."""
    steps = []
    for step in (_hl7_message, _line_ends, _ocr_repair, _two_columns, _ini_keys, _pipe_key_values, _grid_rows,
                 _rewrapped, _spoken_punctuation, _spoken_numbers):
        done = step(text)
        if done is not None:
            text, step_map = done
            steps.append(step_map)
    normalised, offsets = _normalize(text)
    for step_map in reversed(steps):
        offsets = ChainedMap(step_map, offsets, step_map.original_length)
    return normalised, offsets


def _normalize(text: str) -> tuple[str, OffsetMap]:
    if not _SPECIAL.search(text):
        return text, OffsetMap(original_length=len(text))
    pieces: list[str] = []
    starts: list[int] = [0]
    deltas: list[int] = [0]
    pos = 0  # original
    out = 0  # normalised
    for m in _SPECIAL.finditer(text):
        a, b = m.span()
        pieces.append(text[pos:a])
        out += a - pos
        found = m.group()
        if found[0] in ".*_[]{":
            # a leader before a word is a form's "question ...... No": its last dot a colon
            answer = found.startswith("...") and _WORD_AFTER.match(text, b) is not None
            pieces.append(" " * (len(found) - 1) + ":" if answer else " " * len(found))
            out += len(found)
            pos = b
            continue
        repl = _REPLACEMENTS.get(found, "")
        if repl:
            # each replacement char maps to the original match start; what follows
            # maps past the match
            pieces.append(repl)
            for k in range(len(repl)):
                starts.append(out + k)
                deltas.append(a - out - k)
            out += len(repl)
        starts.append(out)
        deltas.append(b - out)
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces), _compact(starts, deltas, len(text))


def _compact(starts: list[int], deltas: list[int], original_length: int) -> OffsetMap:
    s2: list[int] = []
    d2: list[int] = []
    for s, d in zip(starts, deltas):
        if s2 and s2[-1] == s:
            d2[-1] = d
        elif d2 and d2[-1] == d:
            continue
        else:
            s2.append(s)
            d2.append(d)
    return OffsetMap(s2, d2, original_length)
