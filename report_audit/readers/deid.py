"""Documents out of de-identification and export pipelines and copies made for an audit,
read as what they still say.

- ``escaped_newlines``: a report exported as one line with its line breaks written out
  ("FINDINGS:\\nLM 0\\nLAD 41") read with real line breaks.
- ``redactions``: what a de-identification tool put in place of a name, a date or a
  number -- MIMIC brackets ("[**Known lastname 5512**]"), scrubber asterisks ("*****",
  "***NAME***"), typed tags ("[PATIENT]", "<DATE>", "{{PROVIDER}}", "[REDACTED]", "[AGE>89]")
  and masks ("XXXXX3390", "(XXX) XXX-4410") -- read as the word "redacted", which the
  extractors never take for a name, an identifier or a number (``extract.is_redacted``).
  A redaction that swallowed part of a word or a number ("6*****", "Dr. *****son") takes
  the whole of it: what is left is not the value. A date-shifted date in MIMIC brackets
  ("[**2187-4-22**]") is a date, and is read as one. The tag words are data
  (``patterns/redaction.json``).
- ``review_notes``: a reviewer's or coder's remarks typed into the copy ("<<reviewer:
  total?>>", "[coder note: no ABN on file]") as blanks.
"""
from __future__ import annotations

import re
from typing import Optional

from .offsets import OffsetMap, edited

REDACTED = "redacted"

# a reviewer's or coder's typed remark in a copy handed to an auditor: not the document's text
_REVIEW_NOTE = re.compile(r"<<[^<>\n]{0,400}>>|\[(?:(?:coder|coding|reviewer|auditor|abstractor|QA)(?:'s)?[ \t]+"
                          r"(?:note|comment|query|remark)s?|note[ \t]+to[ \t]+(?:coder|reviewer|auditor))"
                          r"[ \t]*:[^\]\n]{0,400}\]", re.IGNORECASE)


def review_notes(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Remarks typed into a copy by its reviewer ("<<reviewer: total?>>", "[coder note: no
    ABN on file]") as blanks of the same length: they comment on the document, they do not
    state its facts."""
    if "<<" not in text and "[" not in text:
        return None
    edits = [(m.start(), m.end(), " " * (m.end() - m.start())) for m in _REVIEW_NOTE.finditer(text)]
    return edited(text, edits) if edits else None


_ESCAPED_BREAK = re.compile(r"\\r\\n|\\n|\\r")


def escaped_newlines(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Line breaks written out as "\\n" (a JSON or log export), when the text has at least
    five of them and fewer real line breaks: as line breaks; "\\t" as a tab."""
    if "\\n" not in text and "\\r" not in text:
        return None
    breaks = list(_ESCAPED_BREAK.finditer(text))
    if len(breaks) < 5 or text.count("\n") * 4 > len(breaks):
        return None
    edits = [(m.start(), m.end(), "\n") for m in breaks]
    edits += [(m.start(), m.end(), "\t") for m in re.finditer(r"\\t", text)]
    return edited(text, edits)


_MIMIC = re.compile(r"\[\*\*(?P<inside>[^\[\]\n]{0,80}?)\*\*\]")
_SHIFTED_DATE = re.compile(r"[ \t]*(?:\d{4}(?:-\d{1,2}){0,2}|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?)[ \t]*")
# a tag between brackets, angle brackets, double braces or asterisks: its words are data
_TAGS = (("[", re.compile(r"\[([A-Za-z][A-Za-z0-9 _>-]{0,30})\]")),
         ("<", re.compile(r"<([A-Za-z][A-Za-z0-9 _>-]{0,30})>")),
         ("{{", re.compile(r"\{\{[ \t]*([A-Za-z][A-Za-z0-9 _>-]{0,30}?)[ \t]*\}\}")),
         ("**", re.compile(r"\*\*+([A-Z][A-Z0-9_]{1,20})\*\*+")))
_TAG_WORD = re.compile(r"[A-Za-z]+")
# four or more asterisks (three are an EHR's unfilled "***"); X masks of a number or a name,
# not the last four of a social security number that VA reports print ("XXX-XX-4417")
_STARS = re.compile(r"\*{4,}")
_MASK = re.compile(r"(?<![A-Za-z0-9])(?<![Xx\d][-/.])(?!XXX-XX-\d{4}|xxx-xx-\d{4})"
                   r"(?:[Xx\d]*(?:XXX|xxx)[Xx\d]*|XX(?=[/.-][Xx\d])|xx(?=[/.-][Xx\d]))(?:[-/.][Xx\d]+)*(?![A-Za-z0-9])")
# asterisks that decorate: a line of them, or around a heading ("**** ADDENDUM ****")
_STAR_LINE = re.compile(r"(?m)^[ \t]*\*{3,}[ \t*]*$|^[ \t]*\*{3,}[^*\n]*?[A-Za-z][^*\n]*\*{3,}[ \t]*$")


def _tag_words() -> frozenset[str]:
    from ..patterns import redaction_tags

    return redaction_tags()


def _is_tag(inside: str) -> bool:
    words = [w.lower() for w in _TAG_WORD.findall(inside)]
    return bool(words) and all(w in _tag_words() for w in words)


def redactions(text: str) -> Optional[tuple[str, OffsetMap]]:
    """De-identification placeholders as "redacted" (MIMIC-bracketed dates as the date)."""
    spans: list[tuple[int, int]] = []
    edits: list[tuple[int, int, str]] = []
    for m in _MIMIC.finditer(text) if "[**" in text else ():
        inside = m.group("inside")
        if _SHIFTED_DATE.fullmatch(inside):
            edits += [(m.start(), m.start("inside"), ""), (m.end("inside"), m.end(), "")]  # the date maps to itself
        else:
            spans.append(m.span())
    for mark, tag in _TAGS:
        if mark in text:
            spans += [m.span() for m in tag.finditer(text) if _is_tag(m.group(1))
                      and not (mark == "<" and f"</{m.group(1)}>" in text)]  # XML: <MRN>00728815</MRN>
    if "****" in text:
        decoration = [m.span() for m in _STAR_LINE.finditer(text)]
        spans += [m.span() for m in _STARS.finditer(text)
                  if not _inside(m.start(), decoration) and not _inside(m.start(), spans)]
    if "XX" in text or "xx" in text:
        spans += [m.span() for m in _MASK.finditer(text)]
    if not spans and not edits:
        return None
    for start, end in spans:
        # a redaction that swallowed part of a word or a number takes all of it
        while start and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        edits.append((start, end, REDACTED))
    return edited(text, _disjoint(edits))


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _disjoint(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping edits (a mask inside a bracket) as the first and longest."""
    out: list[tuple[int, int, str]] = []
    for start, end, piece in sorted(edits, key=lambda e: (e[0], -e[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end, piece))
    return out
