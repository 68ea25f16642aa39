"""Records-request packets: one file holding the document and what came with it.

A practice answering an auditor's request prints the report or the note together with
other documents: the order before the report, an unrelated chest x-ray after it, a
superbill or a claim summary, an EHR audit trail, an outside report attached to a note.
Their facts are not the document's. ``attachments(text, role)`` finds the parts of such a
file and returns the character ranges of those that are not the document of the role
(``patterns/packets.json`` names the parts and says which kinds are attachments for
which role); the extraction leaves them out (``extract._Document``).

A part starts at a numbered marker ("DOCUMENT 2 OF 2 : RADIOLOGY REPORT", "RESULT 1 OF
2", "[ITEM 2 of 2]"), at an "ATTACHED:" / "Result filed to chart" line, or at a banner
naming a billing or log part on a capitalised or decorated line ("***** SUPERBILL
*****", "CLAIM SUMMARY (837P extract)"), and runs to the next part or an "END OF ..."
line. Its kind comes from its title (and the line under a bare marker); a report part
is the calcium-score report when its first lines say so. Text before the first part is
the document itself. A preliminary read printed after the final report is an attachment
of the report too. Nothing is left out unless the file shows its parts this plainly, and
a report part is left out only when the calcium-score report is elsewhere in the file.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from .patterns import packet_words


class _Part(NamedTuple):
    start: int
    end: int
    kind: Optional[str]  # billing, log, order, note, report (the calcium score), other_report; None: not told


_DECORATION = r"[ \t*=+_#>~|[-]*"
# what every part marker holds (a cheap test before the line-by-line search); "preliminary"
# for a preliminary read printed after the final report
_GATE_WORDS = ("attach", "enclos", "append", "filed", "superbill", "charge", "claim", "837", "1500", "ub-04", "ub04",
               "audit", "print log", "access log", "remittance", "benefits", "preliminary")
_NUMBERED_GATE = re.compile(r" of (?<=\d of )\d| / (?<=\d / )\d")
_PRELIMINARY = re.compile(r"(?m)^[ \t*=+_#>~|-]*preliminary[ \t]+(?:report|read|interpretation)\b[^\n]*$", re.IGNORECASE)
_FINAL = re.compile(r"\bfinal[ \t]+(?:report|read|interpretation)\b|\bstatus:?[ \t]+final\b", re.IGNORECASE)


@lru_cache(maxsize=None)
def _regexes():
    words = packet_words()
    alternatives = lambda pieces: "|".join(f"(?:{p})" for p in pieces)  # noqa: E731
    # found by their words (the engine skips to candidate letters), then checked at their line start
    marker = re.compile(
        rf"\b(?:(?P<numbered>(?:{alternatives(words.numbered)})[ \t]+\d+[ \t]+(?:of|/)[ \t]+\d+)\b"
        rf"|(?P<attached>(?:{alternatives(words.attached)}))\b|(?P<banner>(?:{alternatives(words.banners)}))\b)")
    end = re.compile(rf"(?m)^{_DECORATION}(?:{alternatives(words.end)})\b[^\n]*$")
    kinds = [(kind, re.compile(rf"\b(?:{alternatives(pieces)})\b", re.IGNORECASE))
             for kind, pieces in words.kinds.items()]
    cac = re.compile(rf"\b(?:{alternatives(words.cac)})\b", re.IGNORECASE)
    return marker, end, kinds, cac, words.attachments


_LINE_DECORATION = re.compile(_DECORATION)


def _is_banner_line(line: str, word_at: int) -> bool:
    """ "***** SUPERBILL *****", "SUNBELT PRIMARY CARE - CLAIM SUMMARY (837P extract)": a line
    that names a part; not a sentence that mentions one, nor a "TECHNICAL: 75571-TC (UB-04
    REV CODE 0350)" field."""
    if re.match(r"[ \t]*[*=+_#~-]{3,}", line):
        return True
    if ":" in line[:word_at] or "(" in line[:word_at]:
        return False
    letters = [c for c in line.split("(")[0] if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _kind(title: str, kinds) -> Optional[str]:
    return next((kind for kind, regex in kinds if regex.search(title)), None)


def _parts(text: str, lower: str) -> list[_Part]:
    marker_re, end_re, kinds, cac, _ = _regexes()
    marks = []
    for m in marker_re.finditer(lower):
        line_start = lower.rfind("\n", 0, m.start()) + 1
        line_end = lower.find("\n", m.end()) % (len(lower) + 1)
        line = text[line_start:line_end]
        if m.group("banner") is not None:
            if not _is_banner_line(line, m.end() - line_start):
                continue
            title = line
        else:
            if _LINE_DECORATION.match(lower, line_start).end() != m.start():
                continue  # a marker starts its line ("(report attached to this note)" does not)
            title = text[m.end():line_end]
            if len(title.strip(" \t:-]")) < 4:  # the title on the line under the marker
                title = text[line_end:line_end + 120].lstrip().split("\n", 1)[0]
        if marks and marks[-1][0] == line_start:
            continue  # one marker a line
        kind = _kind(title, kinds)
        if m.group("attached") and re.match(r"(?:result|report)", m.group("attached")):
            kind = "report"
        marks.append((line_start, kind))
    if not marks:
        return []
    ends = [m.start() for m in end_re.finditer(lower)]
    parts = []
    for i, (start, kind) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        stop = next((e for e in ends if start < e < stop), stop)
        if kind == "report" and not cac.search(text, start, min(stop, start + 400)):
            kind = "other_report"
        parts.append(_Part(start, stop, kind))
    return parts


def attachments(text: str, role: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of the parts that are not the document of ``role``."""
    lower = text.lower()
    if not (any(word in lower for word in _GATE_WORDS) or _NUMBERED_GATE.search(lower)):
        return []
    _, _, _, cac, by_role = _regexes()
    parts = _parts(text, lower)
    out = []
    if parts:
        left_out = set(by_role.get(role, ()))
        first = parts[0].start
        main_kinds = {p.kind for p in parts if p.kind not in left_out}
        has_cac_report = "report" in main_kinds or cac.search(text, 0, first) is not None
        if role == "report" and not has_cac_report:
            left_out -= {"order", "note", "other_report"}  # which part is the report is not plain: keep them
        if role == "note" and not (main_kinds & {"note", "order", None} or text[:first].strip()):
            left_out -= {"report", "other_report"}
        out = [(p.start, p.end) for p in parts if p.kind in left_out]
    kept = len(text) - sum(b - a for a, b in out)
    if out and (kept < len(text) // 4 or (role == "report" and not cac.search(_outside(text, out)))):
        out = []  # what is left would not be the document: the parts were not read right
    if role == "report" and "preliminary" in lower:
        # "*** PRELIMINARY REPORT -- NOT FOR CLINICAL DECISION MAKING ***" printed after the final report
        for m in _PRELIMINARY.finditer(text):
            if not _is_banner_line(m.group(), 0):
                continue  # "Preliminary interpretation by Andrew Park, MD (resident)": an attestation's line
            if _FINAL.search(text, 0, m.start()) and not _FINAL.search(text, m.end()):
                stop = next((s for s, _ in out if s > m.start()), len(text))
                out.append((m.start(), stop))
    return sorted(out)


def _outside(text: str, ranges: list[tuple[int, int]]) -> str:
    pieces, pos = [], 0
    for start, end in sorted(ranges):
        pieces.append(text[pos:start])
        pos = max(pos, end)
    return "".join(pieces) + text[pos:]
