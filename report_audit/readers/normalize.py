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
    # markdown emphasis and rules: "**MRN:** 123", "| **Total** |" (same length, spaces)
    + r"|\*\*+|_(?<!\w_)_+|__+(?!\w)"
    # key names of exports: "PATIENT_NAME", "CAC_LAD" (same length, a space)
    + r"|_(?<=[A-Za-z0-9]_)(?=[A-Za-z0-9])"
    # template fields of dictation systems: "TOTAL: [156]", "[Moderate] coronary ..."; not
    # the checkboxes of forms ("[ ] Diabetes  [x] Hypertension"), which ConText reads
    + r"|\[(?![ xX]\])|\](?<!\[[ xX]\])"
)


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
    for step in (_line_ends, _two_columns, _ini_keys):
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
        if found[0] in ".*_[]":
            pieces.append(" " * len(found))
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
