"""Unicode and layout normalisation that keeps the way back to the original offsets.

The NLP pipeline sees ``normalized`` text; evidence is reported at offsets into the
original extracted text, through the chained ``OffsetMap``s of the steps (``offsets.py``).
The steps, in order, each applied only when the document shows what it handles: a FHIR
resource or Bundle and a C-CDA header (``fhir.py``) and an HL7 v2 message (``hl7.py``) as
labelled lines; line breaks written out as "\\n" (``deid.py``); CR/CRLF as LF; RTF and HTML
remnants (``richtext.py``); de-identification placeholders and a reviewer's typed remarks
(``deid.py``); a JSON export written on one line laid out, and XML and JSON fields as
labelled lines; OCR artefacts, two-column pages, INI keys, comma-separated tables,
"Parameter | Result" tables, header strips of fields between bars, worklist grids, options printed
with boxes of which some are marked (``checkboxes.py``), prose wrapped mid-sentence (``layout.py``,
``transcription.py``); spoken punctuation and dictated numbers (``transcription.py``); then
character by character: ASCII dashes, quotes and spaces, ``mm3`` for ``mm³``, ligatures,
words hyphenated across a line break, dotted leaders,
markdown emphasis and template brackets.
"""
from __future__ import annotations

import re
from typing import Optional

from .layout import (alias_labels, answer_rows, column_answers, csv_rows, dicom_sr_items, dicom_tags, email_quotes, form_boxes,
                     grid_rows, ini_keys, line_ends, markup_fields, minified_json, pipe_key_values, pipe_strips,
                     qa_pairs, result_grids, rewrapped, slashed_pairs, two_columns, x_marked_rows)
from .offsets import ChainedMap, OffsetMap, Rewrite, SpanMapping, compact_map
from .transcription import (misspellings, ocr_repair, spoken_corrections, spoken_numbers, spoken_punctuation,
                            unpunctuated_dictation)
from .richtext import html_remnants, rtf_text
from .checkboxes import marked_choices
from .deid import escaped_newlines, redactions, review_notes

__all__ = ["ChainedMap", "OffsetMap", "SpanMapping", "normalize"]

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
    "\u2610": "[ ]", "\u2611": "[x]", "\u2612": "[x]",  # ballot boxes: a form's checkboxes
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\u2028": "\n", "\u2029": "\n", "\f": "\n",
    "\u00ad": "", "\ufffe": "", "\x02": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
}
# Every alternative starts with a literal character, so that the regex engine skips
# ahead to candidate characters instead of trying each position (20x faster).
_SPECIAL = re.compile(
    "|".join(re.escape(k) for k in sorted(_REPLACEMENTS, key=len, reverse=True))
    # a word hyphenated across a line break: "calcifi-\ncation" -> "calcification"; not a
    # compound's second hyphen ("low-to-\nintermediate"), nor a compound whose second word
    # stands alone ("intermediate-\nrisk", "follow-\nup")
    + r"|-(?<=[a-z]-)(?<!-[a-z]-)(?<!-[a-z]{2}-)(?<!-[a-z]{3}-)[ \t]*\n[ \t]*(?=[a-z])"
    + r"(?!(?:risk|dose|term|based|related|intensity|contrast|gated|triggered|year|old|up)\b)"
    # dotted leaders: "LEFT MAIN ........ 0", "MRN.....: 123" (same length, spaces)
    + r"|\.\.+(?=[ \t]*[:\d])|\.\.\.+|\.\.(?<=[ \t]\.\.)(?=[ \t]+[A-Z])"  # "Ordering provider .. Adaeze Nwosu"
    # a one-dot leader: "Left anterior descending . 0"
    + r"|\.(?<=[ \t]\.)(?=[ \t]+\d)"
    # a spaced leader before a label's colon: "Patient . . . : Jessop, Wade L"
    + r"|\.(?<=[ \t]\.)(?:[ \t]+\.)+(?=[ \t]*:)"
    # markdown emphasis and rules: "**MRN:** 123", "| **Total** |" (same length, spaces)
    + r"|\*\*+|_(?<!\w_)_+|__+(?!\w)"
    # key names of exports: "PATIENT_NAME", "CAC_LAD" (same length, a space)
    + r"|_(?<=[A-Za-z0-9]_)(?=[A-Za-z0-9])"
    # an EHR SmartList left unresolved: {CAC purpose:301550::"screening","statin decision"}
    + r"|\{(?=[^{}\n]{0,200}:\d+:)[^{}\n]*\}"
    # and one left unanswered after a label: "Diabetes: {Yes/No:19482}" (the label left blank;
    # in a sentence, "He {DOES/DOES NOT:21133} have chest pain" stays as it is)
    + r"|\{(?:(?<=:\{)|(?<=: \{)|(?<=:\t\{))(?=[^{}\n:]{1,60}:\d{3,}\})[^{}\n]*\}"
    # template fields of dictation systems: "TOTAL: [156]", "[Moderate] coronary ..."; not
    # the checkboxes and Y/N answers of forms ("[ ] Diabetes  [x] Hypertension", "DM [N]"),
    # which ConText reads
    + r"|\[(?![ xXyYnN]\])|\](?<!\[[ xXyYnN]\])"
)


_WORD_AFTER = re.compile(r"[ \t]*[A-Za-z\"]")


def _fhir_resource(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A FHIR R4 resource or Bundle as the document's lines (``fhir.py``)."""
    from .fhir import fhir_text, is_fhir

    return fhir_text(text) if is_fhir(text) else None


def _cda_header(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A C-CDA document's patient and referrer as its first lines (``fhir.py``)."""
    from .fhir import cda_header

    return cda_header(text)


def _hl7_message(text: str) -> Optional[tuple[str, OffsetMap]]:
    """An HL7 v2 message as "Label: value" lines and its report text (``hl7.py``)."""
    from .hl7 import hl7_text, is_hl7

    if not is_hl7(text[:40]):
        return None
    rewrite = Rewrite()
    hl7_text(text, rewrite)
    return rewrite.result(len(text))


def normalize(text: str) -> tuple[str, SpanMapping]:
    """Normalise ``text``; returns the normalised text and its offset map."""
    steps = []
    for step in (_fhir_resource, _cda_header, _hl7_message, escaped_newlines, line_ends, rtf_text, html_remnants,
                 redactions, review_notes, minified_json, markup_fields, dicom_sr_items, email_quotes, qa_pairs,
                 alias_labels, ocr_repair, two_columns, ini_keys, dicom_tags, csv_rows, pipe_key_values, pipe_strips, result_grids,
                 slashed_pairs,
                 x_marked_rows, marked_choices, grid_rows, answer_rows, form_boxes, column_answers, rewrapped,
                 spoken_punctuation, spoken_numbers, spoken_corrections, unpunctuated_dictation, misspellings):
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
    return "".join(pieces), compact_map(starts, deltas, len(text))
