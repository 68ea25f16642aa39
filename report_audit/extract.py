"""Typed facts from a processed ``Doc``: the contract's ``extraction`` object.

Target spans (``patterns/targets.jsonl``) carry ConText flags and a section; this module
keeps the ones that state a current fact of this patient, parses their values, and picks
one value per field with its evidence. Selection rules (CONTRACT.md):
- scores: not historical, hypothetical, reference/legend, other anatomy (aortic valve,
  mitral, LV), nor in the comparison / history / legend sections; an addendum's value
  replaces the original; two different current totals and no addendum -> ``None`` with
  both kept in ``agatston_mentions``;
- risk factors and symptoms: affirmed, the patient's (not a relative's, except premature
  family CAD); in a report only from its indication/history part.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from itertools import takewhile
from typing import Iterable, Optional

from spacy.tokens import Doc, Span

from .models import Evidence, Extraction, Fact, NamedFact, PatientIdentifiers, ScoreMention
from .patterns import expand
from .packets import attachments
from .pipeline import FIELDS, FUNCTION_WORDS, TARGETS, context_of, doc_text, target_groups_of, target_rule_of
from .readers import SourceDocument
from .readers.checkboxes import EMPTY_BOX, MARKED_BOX
from .readers.deid import REDACTED
from .tables import DECIMAL_COMMA, TableCell, find_tables

SCORE_EXCLUDED_SECTIONS = {"comparison", "legend", "history", "indication", "family_history", "revision_history"}
REPORT_CLINICAL_SECTIONS = {None, "original_report", "indication", "history", "family_history", "social_history",
                            "patient", "review_of_systems", "medications"}
# drug names ("Diabetic Tussin") are not diagnoses, nor a preventive-care list's "Diabetes: A1c 5.6% - normal"
NOTE_EXCLUDED_SECTIONS = {"legend", "medications", "health_maintenance", "revision_history"}
CATEGORY_WORDS = {
    "no": "none", "nil": "none", "zero": "none", "absent": "none", "none": "none", "\u00f8": "none", "minimal": "minimal",
    "mild": "mild", "moderate": "moderate", "severe": "severe", "extensive": "severe",
    "min": "minimal", "mod": "moderate", "sev": "severe",
    "heavy": "severe", "marked": "severe", "dense": "severe",
}
MALE_RELATIVES = ("father", "dad", "brother", "son", "uncle", "grandfather", "paternal")
FEMALE_RELATIVES = ("mother", "mom", "sister", "daughter", "aunt", "grandmother", "maternal")
_VESSEL_KEYS = ("LM", "LAD", "LCX", "RCA", "PDA", "RAMUS", "DIAGONAL", "OM", "OTHER")
_VESSELS = [(key, re.compile(r"(?:%s)\Z" % expand("{%s}" % key), re.IGNORECASE)) for key in _VESSEL_KEYS]
_VESSEL_NAME = re.compile("(?<![A-Za-z])(?:%s)(?![A-Za-z])" % "|".join(
    expand("{%s}" % k) for k in _VESSEL_KEYS if k != "OTHER"), re.IGNORECASE)
_LINE_VESSEL = re.compile(r"^[ \t]*(?:[-*\u2022]|\d+[.)])?[ \t]*(?:%s)\b(?=[^.;\d]*$)" % "|".join(
    expand("{%s}" % k) for k in _VESSEL_KEYS if k != "OTHER"), re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_NAME_TRAILERS = re.compile(
    r"\s+(?:MRN|DOB|D\.O\.B|Age|Sex|Gender|Acct|Account|Date|ID|MD|DO|NP|PA|PA-C|FACC|FACR|RN|Exam|Study|born)\b.*$")
# "Dr. ", and a role before a dash ("Hospitalist - Niamh Costello", "ED - Dr. Shauna McAllister-Obi")
_TITLES = re.compile(r"^(?:(?:hospitalist|attending|resident|fellow|PCP|NP|PA|ED|ER)\s+[-\u2013]\s+)?"
                     r"(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|doctor)\.?(?:\s+med\.)?\s+)*", re.IGNORECASE)
_CREDENTIALS = re.compile(r"[,\s]+(?:MD|M\.D\.|DO|DC|NP|PA|PA-C|FNP|FNP-C|DNP|FACC|FACP|FACR|RN|APRN|MBBS|PhD)\.?\b.*$")
_SCREENING_OTHER = re.compile(
    r"\b(?:lung|cancer|colon|colorectal|breast|cervical|prostate|diabetes|diabetic|dm|mammogra\w*|depression|"
    r"hepatitis|hiv|lipid|osteoporosis|aaa|aneurysm|retinal|questionnaire|vision|hearing|other|preventive|"
    r"age-appropriate|routine|uspstf|cascade|genetic|cognitive|memory|dementia|pre-?procedure|pre-?scan|safety|"
    r"weight|obesity|bmi|alcohol|tobacco|smoking|substance|drug|fall|anxiety|ptsd|suicide|tb|tuberculosis|sti|std|"
    r"family|pft|pulmonary|ild|thyroid|kidney|renal|hpv|newborn|developmental|wellness|worksite|biometric)"
    r"\W+(?:\w+\W+){0,2}screening|screening\W+(?:\w+\W+)?(?:questionnaire|labs?|"
    r"colonoscopy|mammogra\w*|retinal|eye|foot|pap|schedules?\b|checklist|recommendations|status|call|tools|"
    r"instruments?|forms?|surveys?)"
    r"|considered\s+(?:to\s+be\s+)?screening"  # a payer's denial quoted: "considered screening ... not medically necessary"
    r"|screening\b[^.]{0,100}\bnot\s+(?:medically\s+)?(?:necessary|covered|indicated)"  # "screening of ... is not medically necessary"
    r"|screening\s+for\s+(?!(?:[\w-]+\s+){0,3}(?:coronary|cad|cardi|heart|atheroscl|ascvd))",
    re.IGNORECASE)
_CARDIAC_WORDS = re.compile(r"cardi|coronary|heart|calcium|\bcac\b|\bcad\b|ascvd|atheroscl|agatston|risk\s+strat",
                            re.IGNORECASE)


def parse_number(text: str) -> Optional[float]:
    """"1,234" -> 1234; "171,3" (decimal comma) -> 171.3; "zero" -> 0; "2 316" and "1.204"
    (thousands written with a space or a period: no score has three decimals) -> 2316, 1204."""
    text = text.strip().lower()
    if text == "zero":
        return 0.0
    if DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    elif re.fullmatch(r"[1-9]\d{0,2}(?:[ .]\d{3})+", text):
        text = text.replace(" ", "").replace(".", "")
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    if year < 100:
        year += 2000 if year <= date.today().year % 100 else 1900
    return year


def points(value: float):
    """Agatston points as the report states them: 145 stays 145, 312.4 stays 312.4."""
    return int(value) if float(value).is_integer() else value


def parse_date(text: str, day_first: bool = False, dots_month_first: bool = False) -> Optional[str]:
    """ISO date from the formats of the DATE macro ("03rd of April 2025" too). Slashed dates are month first (US)
    unless ``day_first`` or the first number cannot be a month; dotted dates
    (03.04.2025) are day first; 2025-02-11, 2025/02/11 and 2025.02.11 year first; 20250211 is
    DICOM's YYYYMMDD."""
    t = text.strip().rstrip(".,").lower()
    try:
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|((?:19|20)\d\d)(\d\d)(\d\d)", t)
        if m:
            y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
            return date(int(y), int(mo), int(d)).isoformat()
        m = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})[/.-](\d{2,4})", t)
        if m:
            a, b = int(m[1]), int(m[3])
            # dotted dates are day first, unless the document writes them month first ("DOS: 5.19.25")
            if (m[2] == "." and b <= 12 and not dots_month_first) or day_first or a > 12:  # "7.21.1974": month first
                a, b = b, a
            return date(_year(m[4]), a, b).isoformat()
        m = re.fullmatch(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})", t)
        if m and m[1] in _MONTHS:
            return date(int(m[3]), _MONTHS[m[1]], int(m[2])).isoformat()
        m = re.fullmatch(r"(\d{4})-([a-z]{3})[a-z]*-(\d{1,2})", t)  # 2025-Feb-11
        if m and m[2] in _MONTHS:
            return date(int(m[1]), _MONTHS[m[2]], int(m[3])).isoformat()
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[\s-]*(?:of\s+)?([a-z]{3})[a-z]*\.?,?[\s-]*(\d{2,4})", t)
        if m and m[2] in _MONTHS:
            return date(_year(m[3]), _MONTHS[m[2]], int(m[1])).isoformat()
    except ValueError:
        return None
    return None


# 13/.. to 31/.. not preceded by a digit or "/"; written first-digit-first so that the
# regex engine skips to candidate digits
_DAY_FIRST = re.compile(r"(?:1(?<![\d/]1)[3-9]|2(?<![\d/]2)\d|3(?<![\d/]3)[01])/(?:0?[1-9]|1[0-2])/\d{2,4}")


# ../13.. to ../31.. after a month: a date that can only be month first
# "/13/" to "/31/" (found first: a literal slash lets the regex engine skip ahead), then
# checked for a month before it
_MONTH_FIRST_DAY = re.compile(r"/(?:1[3-9]|2\d|3[01])/\d\d")
_MONTH_BEFORE = re.compile(r"(?:^|[^\d/])(?:0?[1-9]|1[0-2])\Z")


def _writes_month_first(text: str, days: re.Pattern = _MONTH_FIRST_DAY, month_before: re.Pattern = _MONTH_BEFORE) -> bool:
    """A date whose second number can only be a day, after a month: slashed ("11/30/1962"),
    or with the dotted patterns, dotted ("5.19.25")."""
    return any(month_before.search(text[max(0, m.start() - 3):m.start()]) for m in days.finditer(text))


_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "14 october 2024" / "october 14, 2024", matched in lower-cased text; each starts with a
# character (a digit, a month's first letter) so that the regex engine skips to candidates
_DAY_MONTH_WRITTEN = re.compile(r"\d(?<![\w.]\d)\d?(?:st|nd|rd|th)?[ \t]+" + _MONTH_NAME + r",?[ \t]+\d{4}\b")
_MONTH_DAY_WRITTEN = re.compile(_MONTH_NAME + r"[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4}\b")


_SLASHED_DATE = re.compile(r"\d/\d{1,2}/\d")
# marks of British, Australian and Indian records, which write dates day first
# (literal-first alternatives, each checked for a word start after it: a fast scan)
_DAY_FIRST_LOCALE = re.compile(r"(?:NHS|MBS|UHID|IRN|UR\s*No|(?:QLD|NSW|VIC)\s+\d{4}|Consultant\s+(?:Radiologist|"
                               r"Cardiologist|Physician)|General\s+Practitioner)\b")


_US_PLACE = re.compile(
    r"\b(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    r"Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|"
    r"Missouri|Montana|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|"
    r"North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|"
    r"Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming)\b(?!\s+(?:Street|St\.?|Ave))"
    r"|,[ \t]?[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b|\(\d{3}\)[ \t]?\d{3}-\d{4}")
# a dotted date that can only be month first: "5.19.25" (".19.25" found first: a literal dot
# lets the regex engine skip ahead), then checked for a month before it
_DOTTED_DAY = re.compile(r"\.(?:1[3-9]|2\d|3[01])\.(?:\d{4}|\d\d)(?![\d.])")
_DOTTED_MONTH_BEFORE = re.compile(r"(?:^|[^\d.])(?:0?[1-9]|1[0-2])\Z")


def is_day_first(text: str) -> bool:
    """A document that writes 14/11/2024 anywhere writes all its slashed dates day first,
    and one that writes 11/30/1962 month first. Failing both, one from a day-first country
    (an NHS number, an Australian UR number or postcode, an Indian UHID, a "Consultant
    Radiologist") writes them day first, and so does one that writes its dates out day
    first ("14 October 2024") and never month first ("October 14, 2024")."""
    if _SLASHED_DATE.search(text) is None:
        return False  # only slashed dates are ambiguous
    if _DAY_FIRST.search(text) is not None:
        return True
    if _writes_month_first(text):
        return False  # "11/30/1962" can only be month first, whatever the letterhead says
    if _DAY_FIRST_LOCALE.search(text) is not None:
        return True
    low = text.lower()
    # "Columbus, Ohio": a US document's slashed dates are month first, however it writes others
    return (_DAY_MONTH_WRITTEN.search(low) is not None and _MONTH_DAY_WRITTEN.search(low) is None
            and _US_PLACE.search(text) is None)


def vessel_key(text: str) -> Optional[str]:
    t = " ".join(text.split())
    for key, regex in _VESSELS:
        if regex.match(t):
            return key
    return None


def category_of(word: str) -> Optional[str]:
    w = word.lower().split()[0] if word.strip() else ""
    if w.startswith("absen"):
        w = "absent"
    return CATEGORY_WORDS.get(w)


def expected_category(total: Optional[float]) -> Optional[str]:
    if total is None:
        return None
    if total <= 0:
        return "none"
    if total < 100:
        return "mild"
    if total < 400:
        return "moderate"
    return "severe"


class _Unsectioned:
    """Text after an inline "Key: value" section: no section."""

    category = None
    body_start = body_end = title_start = title_end = 0


def _within(char: int, ranges) -> bool:
    return any(start <= char < end for start, end in ranges)


class _Attachment(_Unsectioned):
    """A part of a records-request packet that is not this document (``packets.py``)."""

    category = "attachment"


# the end of an inline section: a blank line, a "Key: value" line, a "[Header]" line or a
# letter's salutation
_FIELD_END = re.compile(r"\n[ \t]*(?:\n|\[|Dear\s|[A-Za-z][\w ./()#-]{0,30}?[ \t]*:[ \t]*\S)")
# a terse report's one-line history or indication ("HX: HLD. Screening.") ends with its
# line when the line ends a sentence and the next one starts a new one, unindented
_ONE_LINE_SECTIONS = {"history", "indication"}
# a boxed header's date field: " PRIOR STUDY (for comparison)      Date: 11/30/2021", its body below
_TITLE_DATE_FIELD = re.compile(r"(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*(?:(?:exam|study|scan)[ \t]+)?date[ \t]*:"
                               r"[ \t]*\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}[ \t]*", re.IGNORECASE)
_BODY_END = re.compile(r"\n[ \t]*(?:\n|\d{1,2}[.)][ \t]+[A-Z])")  # a blank line or the next numbered item
_LEGEND_BODY_END = re.compile(r"(?<=\S)[ \t]*\n[ \t]*\n(?=[ \t]*\S)")
_NO_COMPARISON = re.compile(r"[ \t:.-]*(?:none|no\s+prior|not\s+available|unavailable|n/?a)\b[^\n]{0,30}$", re.IGNORECASE | re.MULTILINE)
_SENTENCE_LINE_END = re.compile(r"[.!?][ \t]*\n(?=[A-Z])")
# ...and so does one followed, with no blank line or header between, by a line about the
# scan itself ("non-contrast, ecg-gated. single small calcified plaque ..., agatston 4")
_STUDY_LINE = re.compile(r"\n[ \t]*(?=(?:non[- ]?contrast|non[- ]?con\b|ecg|ekg|gated|prospective|retrospective|agatston|"
                         r"(?:coronary )?(?:artery )?calcium scor|coronary (?:artery )?calcif))", re.IGNORECASE)


# ...the technique's part of those lines ("Gated, non-con. Agatston 0"), where a history's
# own text ends; not its "Coronary calcification was described on a lung CT"
_TECHNIQUE_LINE = re.compile(r"\n[ \t]*(?=(?:non[- ]?contrast|non[- ]?con\b|ecg|ekg|gated|prospective|retrospective|"
                             r"agatston))", re.IGNORECASE)


# a read the document itself sets aside for another of the same study: a labelled statement
# ("Initially reported (100 HU, INVALID): LAD 21, ...", "Radiology read (as reported 11/19): ...",
# "Automated pre-read (not final): Agatston 12") up to the end of its paragraph, or a block
# under a header ("SUPERSEDED - VERSION 1 (retained for the record; do not use)",
# "---- PRELIMINARY REPORT (TELERADIOLOGY) ----") up to the next final or corrected read
_SET_ASIDE = (r"superseded|invalid|not\s+final|do\s+not\s+use|(?:as|initially|originally|previously|first)\s+reported|"
              r"preliminary|pre-?read|unedited|(?:original|outside|automated|prior|earlier)\s+(?:report|read|reading|"
              r"interpretation|impression|score|values?|version)")
_SET_ASIDE_LABEL = re.compile(r"(?im)^[ \t]*(?:[-*\u2022][ \t]*)?(?:[^\n:]|(?<=\d):(?=\d)){0,60}?\b(?P<cue>%s)\b"
                              r"(?:[^\n:]|(?<=\d):(?=\d)){0,80}:(?!\d)" % _SET_ASIDE)
_SET_ASIDE_HEADER = re.compile(r"(?im)^[ \t]*[-=*#_ \t]*(?=[^\n]{0,100}$)[^\n.]*?\b(?P<cue>superseded|do\s+not\s+use|not\s+final|"
                               r"preliminary\s+(?:report|read|interpretation)|(?:prior|previous|original|earlier)\s+version|"
                               r"outside\s+report|retained\s+for\s+the\s+record)\b[^\n.]*$")
# ...not a label or header announcing the read of record before it ("IMPRESSION (over-read; these
# values supersede the outside values)"), and a header block ends at an "END OF OUTSIDE REPORT" line
_OF_RECORD = re.compile(r"\b(?:supersedes?|replac\w*|of\s+record|corrected|revised|(?<!not\s)final|over-?read|re-?read|"
                        r"our|confirmed|consensus)\b", re.IGNORECASE)
_END_OF_BLOCK = re.compile(r"(?im)^[ \t]*[-=*#_ \t]*end\s+of\b")
# ...and a clause stating a value the document takes back: "The original report stated a total
# Agatston score of 431 (...)", "the initial automated calculation returned a total of 522",
# "The software's automated output (156) counted ...;", "initially reported as 212;"
_SET_ASIDE_CLAUSE = re.compile(
    r"\b(?:(?:original|initial|preliminary|outside|automated|software(?:'s)?|ai|uncorrected|first)\s+"
    r"(?:[a-z-]+\s+)?(?:report|read|reading|interpretation|score|scoring|result|total|value|output|"
    r"calculation|impression)s?\s*(?:\([^)\n]{0,30}\)\s*)?(?:stated|gave|reported|listed|showed|was|were|is|are|of|had|"
    r"included|counted|returned|yielded|read)\b"
    r"|(?P<adverb>initially|originally|previously|erroneously|incorrectly)\s+(?:reported|scored|read|stated|given|"
    r"calculated|dictated|listed|transcribed)\b|(?<=was\s)transcribed\s+as\b|(?<=were\s)transcribed\s+as\b)",
    re.IGNORECASE)
# the words that start a set-aside label's, header's or clause's cue: the text is searched for
# them (a substring search is far faster than a regex alternation over every position), and
# each regex is tried only at the lines or words where one occurs
_LABEL_CUES = ("supersed", "invalid", "not final", "do not use", "reported", "prelim", "pre-read", "preread",
               "unedited", "original", "outside", "automated", "prior", "earlier")
_HEADER_CUES = ("supersed", "do not use", "not final", "preliminary", "version", "outside report", "retained for")
_CLAUSE_CUES = ("original", "initial", "preliminary", "outside", "automated", "software", "ai", "uncorrected", "first",
                "previously", "erroneously", "incorrectly", "transcribed")
_CLAUSE_START = re.compile(r"[.;!?]\s|\n\s*\n|(?<=\d)[ \t]*\n|\(")  # (a line ending in a number ends a statement)
_AS_REPORTED = re.compile(r"(?:\b(?:than|of|not|from|instead)\s+|[,;:(]\s*)?(?:\S+\s+){0,2}as\s+\Z", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|\n\s*\n|\)")
# an addendum that changes nothing ("The score reported above is correct and unchanged", "No
# value in this report has changed"): a value it mentions is not a correction; nor is any value
# of an addendum that a later one withdraws ("Addendum #1 was entered on this accession in error")
_NO_CHANGE = re.compile(r"\b(?:(?:is|are)\s+correct\s+and\s+unchanged|report\s+(?:is|remains)\s+unchanged|no\s+change\s+to\s+"
                        r"(?:this|the)\s+report|no\s+(?:value|values|score|scores)\b[^.\n]{0,30}\bha(?:s|ve)\s+changed|"
                        r"stands?\s+as\s+(?:signed|reported|dictated|issued))\b", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:corrected|revised|amended|should\s+(?:read|be|have\s+been)|changed\s+(?:from|to)|"
                     r"is\s+the\s+correct|the\s+correct\s+[\w-]+(?:\s+[\w-]+){0,5}\s+(?:is|are)|final\s+values?\s+(?:is|are))\b",
                     re.IGNORECASE)
_IN_ERROR = re.compile(r"\b(?:(?P<which>previous|prior|preceding|above)\s+addendum|addendum\s*(?:#|no\.?|number)?\s*"
                       r"(?P<number>\d{1,2}))\b[^.\n]{0,60}?\b(?:in\s+error|withdrawn|retracted|rescinded|"
                       r"(?:should\s+be\s+)?disregarded)", re.IGNORECASE)
# a labelled statement ends at a blank line or at a sentence that starts another label
# ("Outside report: Agatston 0. Our review: ..."; its own lines may be "Key: value" lines:
# "Preliminary interpretation: ..." / "Coronary calcium (Agatston): LM 0 / LAD 98 / ... total 142.")
_NEXT_LABEL = re.compile(r"[.;][ \t]+(?=[A-Z][\w ()/-]{0,30}:)")
_SET_ASIDE_END = re.compile(r"\n[ \t]*\n|%s" % _NEXT_LABEL.pattern)


_RULE_LINE = re.compile(r"(?m)^[ \t]*[-=_*]{10,}[ \t]*$")
_FINAL_TITLE = re.compile(r"[ \t*#=-]*(?:status[ \t]*:?[ \t]*)?final\b", re.IGNORECASE)
_READ_SECTIONS = {"findings", "calcium_score", "technique", "impression"}
_REPORT_BODY_SECTIONS = {"findings", "calcium_score", "technique"}
_ADDENDUM_NUMBER = re.compile(r"(?:addend(?:um|a)|amendment)\s*(?:#|no\.?|number)?\s*(\d{1,2})\b", re.IGNORECASE)


def _word_starts(lower: str, stems: tuple[str, ...]) -> list[int]:
    """Where a word starting with one of ``stems`` starts in ``lower`` (the lower-cased text), in order."""
    found = set()
    for stem in stems:
        at = lower.find(stem)
        while at != -1:
            if at == 0 or not lower[at - 1].isalnum():
                found.add(at)
            at = lower.find(stem, at + 1)
    return sorted(found)


def _matches_at_lines(pattern: re.Pattern, text: str, lower: str, stems: tuple[str, ...]) -> list[re.Match]:
    """``pattern`` (anchored at a line start) tried at the start of each line where a word of
    ``stems`` occurs: the matches ``pattern.finditer`` would give there."""
    out, tried = [], set()
    for at in _word_starts(lower, stems):
        line_start = text.rfind("\n", 0, at) + 1
        if line_start not in tried:
            tried.add(line_start)
            if m := pattern.match(text, line_start):
                out.append(m)
    return out


class _Document:
    """A processed document with the helpers the field extractors share."""

    def __init__(self, doc: Doc, source: SourceDocument, role: str):
        self.doc = doc
        self.text = doc_text(doc)
        self.source = source
        self.role = role
        self.day_first = is_day_first(self.text)
        self.dots_month_first = _writes_month_first(self.text, _DOTTED_DAY, _DOTTED_MONTH_BEFORE)
        self.sections, self.section_starts = self._section_ranges(doc)
        # the parts of a records-request packet that are not this document (packets.py):
        # a section of their own, and no span of theirs is read
        self.attachments = attachments(self.text, role)
        if self.attachments:
            self._set_aside_attachments()
        self.table_rows: set[tuple[int, int]] = set()
        # an addendum runs to the end, or to the next addendum or the original report (placed
        # on top, addenda stand newest first)
        self.addenda: list[tuple[int, int]] = []
        for i, (start, s) in enumerate(zip(self.section_starts, self.sections)):
            if s.category == "addendum" and _FINAL_TITLE.match(self.text, start) and not any(
                    st < start and earlier.category in _READ_SECTIONS for st, earlier in zip(self.section_starts, self.sections)):
                continue  # a "FINAL REPORT" title over the report itself, no earlier read to replace
            if s.category == "addendum":
                end = next((st for st, later in zip(self.section_starts[i + 1:], self.sections[i + 1:])
                            if later.category in ("original_report", "addendum") and st > start), len(self.text))
                # an addendum on top ends at a rule line when the report itself follows it
                # ("------" then "CT CARDIAC CALCIUM SCORE ... Findings: ...")
                rule = _RULE_LINE.search(self.text, start, end)
                while rule and self.text.count("\n", start, rule.start()) <= 2:  # the header's own underline
                    rule = _RULE_LINE.search(self.text, rule.end(), end)
                if rule and any(rule.end() <= st < end and later.category in _REPORT_BODY_SECTIONS
                                for st, later in zip(self.section_starts[i + 1:], self.sections[i + 1:])):
                    end = rule.start()
                title_end = self.text.find("\n", self.addenda[-1][0], start) if self.addenda else -1
                if self.addenda and self.text.count("\n", self.addenda[-1][0], start) <= 3 \
                        and self.addenda[-1][1] >= start and not re.search(r"\w", self.text[title_end:start] if title_end != -1 else ""):
                    # "ADDENDUM #1 -- 13-Nov-2024" / "-----" / "Correction: ...": one addendum (no text between)
                    self.addenda[-1] = (self.addenda[-1][0], max(end, self.addenda[-1][1]))
                    continue
                self.addenda.append((start, end))
        self.addendum_start = self.addenda[0][0] if self.addenda else None
        self.addendum_numbers = [_ADDENDUM_NUMBER.search(self.text, a, min(b, a + 40)) for a, b in self.addenda]
        self.addendum_recency = self._addendum_recency()
        self.set_aside = self._set_aside_reads()  # (after the addenda's recency: a withdrawn "previous addendum")
        self.by_label: dict[str, list[Span]] = {}
        for group in (TARGETS, FIELDS):
            for span in doc.spans[group]:
                if not self.attachments or not self.in_attachment(span.start_char):
                    self.by_label.setdefault(span.label_, []).append(span)

    def _set_aside_reads(self) -> list[tuple[int, int]]:
        """The ranges of the reads this document sets aside (``_SET_ASIDE``)."""
        text, ranges = self.text, []
        lower = text.lower()
        for m in _matches_at_lines(_SET_ASIDE_LABEL, text, lower, _LABEL_CUES):
            if _OF_RECORD.search(text, m.start(), m.start("cue")):
                continue
            end = _SET_ASIDE_END.search(text, m.end())
            ranges.append((m.start(), min(end.start() + 1 if end else len(text), m.end() + 600)))
        for m in _matches_at_lines(_SET_ASIDE_HEADER, text, lower, _HEADER_CUES):
            if _OF_RECORD.search(text, m.start(), m.start("cue")) or _END_OF_BLOCK.match(m.group()):
                continue
            # to the next final, corrected or over-read section or an "END OF ..." line, else to the end
            end = next((st for st, s in zip(self.section_starts, self.sections)
                        if st > m.end() and s.category == "addendum"), len(text))
            if close := _END_OF_BLOCK.search(text, m.end(), end):
                end = close.start()
            ranges.append((m.start(), end))
        clauses = (_SET_ASIDE_CLAUSE.match(text, at) for at in _word_starts(lower, _CLAUSE_CUES))
        for m in (m for m in clauses if m):
            if m.group("adverb") and text[max(0, m.start() - 3):m.start()].lower() == "as ":
                # "severe ..., rather than moderate as originally reported": the words before only
                ranges.append((_AS_REPORTED.search(text, max(0, m.start() - 40), m.start()).start(), m.end()))
                continue
            starts = [c for c in _CLAUSE_START.finditer(text, max(0, m.start() - 300), m.start())
                      if c.group() != "(" or ")" not in text[c.end():m.start()]]  # (not a parenthesis closed before)
            start = starts[-1].end() if starts else max(0, m.start() - 300)
            close = _CLAUSE_END.search(text, m.end() + (1 if text[start - 1:start] != "(" else 0))
            if close and close.group() == ")" and text[start - 1:start] != "(":  # "(LM 12, LAD 196, ...)": goes on
                close = _CLAUSE_END.search(text, close.end())
            ranges.append((start, close.start() if close else min(len(text), m.end() + 300)))
        ranges += self._unchanging_addenda()
        return ranges

    def _unchanging_addenda(self) -> list[tuple[int, int]]:
        """The addenda that change no value, and those a later addendum withdraws."""
        out = []
        for i, (a, b) in enumerate(self.addenda):
            body = self.text[a:b]
            if _NO_CHANGE.search(body) and not _CHANGE.search(body):
                out.append((a, b))
            for m in _IN_ERROR.finditer(body):
                if m.group("number"):
                    out += [r for r, n in zip(self.addenda, self.addendum_numbers)
                            if n and n.group(1) == m.group("number") and r != (a, b)]
                else:  # the one before it in time
                    out += [r for r, rank in zip(self.addenda, self.addendum_recency) if rank == self.addendum_recency[i] - 1]
        return out

    def is_set_aside(self, char: int) -> bool:
        return _within(char, self.set_aside)

    def current(self, values: list) -> list:
        """The values (``(_, start, ...)`` tuples) outside the reads set aside, when there are
        any: a superseded read's value counts only when no other read states one."""
        if not self.set_aside:
            return values
        return [v for v in values if not self.is_set_aside(v[1])] or values

    def in_attachment(self, char: int) -> bool:
        return _within(char, self.attachments)

    def _set_aside_attachments(self) -> None:
        """Each attachment one "attachment" section; after it, the section it interrupted
        goes on."""
        pairs = [(st, s) for st, s in zip(self.section_starts, self.sections) if not self.in_attachment(st)]
        for start, end in self.attachments:
            before = [s for st, s in zip(self.section_starts, self.sections) if st <= end]
            pairs.append((start, _Attachment))
            if end < len(self.text) and not any(st == end for st, _ in pairs):
                pairs.append((end, before[-1] if before else _Unsectioned))
        pairs.sort(key=lambda p: p[0])
        self.section_starts, self.sections = [st for st, _ in pairs], [s for _, s in pairs]

    def _section_ranges(self, doc: Doc) -> tuple[list, list[int]]:
        """medspaCy's sections, except that a section whose header has its text on the
        same line ("Indication: E78.5 Hyperlipidemia") ends at a blank line or at the next
        "Key: value" line, as in software exports and header blocks; so does a history or
        indication whose header stands alone on its line, after its first line of text."""
        sections, starts = [], []
        text = self.text
        all_sections = list(doc._.sections)
        for k, s in enumerate(all_sections):
            if s.category is None:
                continue
            next_start = doc[all_sections[k + 1].title_start].idx if k + 1 < len(all_sections) else len(text)
            start = doc[s.title_start].idx
            title_end = doc[s.title_end - 1].idx + len(doc[s.title_end - 1]) if s.title_end > s.title_start else start
            sections.append(s)
            starts.append(start)
            line_end = text.find("\n", title_end)
            if line_end != -1 and text[title_end:line_end].strip() and s.category != "addendum" \
                    and not _TITLE_DATE_FIELD.fullmatch(text, title_end, line_end):
                # an inline header ("ADDENDUM - 02/19/2025 - A. Reyes, MD" is a title, its body follows)
                m = _FIELD_END.search(text, line_end)
                if s.category in _ONE_LINE_SECTIONS:
                    stop = _SENTENCE_LINE_END.search(text, title_end, line_end + 2) or _STUDY_LINE.search(
                        text, line_end, m.start() if m else next_start)
                    if stop and (m is None or stop.start() < m.start()):
                        m = stop  # "HX: HLD. Screening." / "Gated non-con. Agatston total 5": the study's own text
                cut = m.start() + 1 if m else None
                if s.category == "comparison" and _NO_COMPARISON.match(text, title_end):
                    cut = line_end + 1  # "Prior: none on file." says all it has to say on its line
                elif s.category == "comparison" and (label := _NEXT_LABEL.search(text, title_end, line_end)):
                    cut = label.end()  # "Outside report: Agatston 0. Our review: no coronary artery calcium"
                if cut is not None and cut <= next_start:
                    sections.append(_Unsectioned)
                    starts.append(cut)
            elif line_end != -1 and s.category == "legend" and (
                    blank := _LEGEND_BODY_END.search(text, line_end, next_start)):
                # a legend alone under its header ends at its first blank line: a patient letter's
                # "WHAT THE NUMBERS MEAN:" table, then "YOUR SCORE IS IN THE MILD RANGE."
                sections.append(_Unsectioned)
                starts.append(blank.end())
            elif line_end != -1 and s.category == "comparison" and _NO_COMPARISON.match(text, line_end + 1):
                # "COMPARISON:" alone on its line, "None available." on the next
                cut = text.find("\n", line_end + 1)
                if cut != -1 and cut + 1 <= next_start:
                    sections.append(_Unsectioned)
                    starts.append(cut + 1)
            elif line_end != -1 and s.category in _ONE_LINE_SECTIONS:
                # "INDICATION" alone on its line in an export: its text is the next line(s),
                # up to a blank line or the export's next "Key: value" line
                body = re.compile(r"\n[ \t]*\S").search(text, line_end)
                m = _FIELD_END.search(text, text.find("\n", body.end()) if body else line_end)
                if body and m and text.find("\n", body.end()) != -1 and m.start() < next_start:
                    sections.append(_Unsectioned)
                    starts.append(m.start() + 1)
        order = sorted(range(len(starts)), key=lambda i: starts[i])
        return [sections[i] for i in order], [starts[i] for i in order]

    def section_at(self, char: int) -> Optional[str]:
        i = bisect_right(self.section_starts, char) - 1
        return self.sections[i].category if i >= 0 else None

    def evidence(self, start: int, end: int, pattern_id: Optional[str] = None) -> Evidence:
        raw_start, raw_end = self.source.offsets.span_to_original(start, end)
        return Evidence(
            source=self.role, text=self.source.raw_text[raw_start:raw_end], start=raw_start, end=raw_end,
            page=self.source.page_of(raw_start), section=self.section_at(start), pattern_id=pattern_id,
        )

    def span_evidence(self, span: Span) -> Evidence:
        return self.evidence(span.start_char, span.end_char, target_rule_of(span).metadata["id"])

    def in_table_row(self, char: int) -> bool:
        return _within(char, self.table_rows)

    def _addendum_recency(self) -> list[int]:
        """1 for the oldest addendum, up to len(addenda) for the newest: by their numbers
        ("ADDENDUM #2"), else newest first when they sit above the original report, else
        newest last."""
        numbers = self.addendum_numbers
        if len(self.addenda) > 1 and all(numbers):
            order = sorted(range(len(numbers)), key=lambda i: int(numbers[i].group(1)))
        elif any(s.category == "original_report" and st > self.addenda[-1][0]
                 for st, s in zip(self.section_starts, self.sections)) if self.addenda else False:
            order = list(reversed(range(len(self.addenda))))
        else:
            order = list(range(len(self.addenda)))
        recency = [0] * len(self.addenda)
        for rank, i in enumerate(order, 1):
            recency[i] = rank
        return recency

    def in_addendum(self, char: int) -> int:
        """0 outside the addenda; inside, how recent the addendum is (the newest highest)."""
        return next((r for (start, end), r in zip(self.addenda, self.addendum_recency) if start <= char < end), 0)

    def ents(self, *labels: str) -> list[Span]:
        if len(labels) == 1:
            return self.by_label.get(labels[0], [])
        return sorted((e for label in labels for e in self.by_label.get(label, [])), key=lambda e: e.start)

    def line(self, char: int) -> str:
        """The whole line ``char`` is on."""
        end = self.text.find("\n", char)
        return self.text[self.text.rfind("\n", 0, char) + 1:end if end != -1 else len(self.text)]

    def line_prefix(self, char: int) -> str:
        text = self.text
        return text[text.rfind("\n", 0, char) + 1:char]

    def sentence(self, span: Span) -> str:
        sent = span.sent
        return self.text[sent.start_char:sent.end_char]  # sent.text joins its tokens

    def span_text(self, span: Span) -> str:
        return self.text[span.start_char:span.end_char]


def _groups(span: Span) -> dict:
    return target_groups_of(span) or {}


def _is_current_score(d: _Document, span: Span) -> bool:
    """A score span stating this study's value (table rows are read by ``tables``)."""
    if d.in_table_row(span.start_char):
        return False
    if (c := context_of(span)).historical or c.hypothetical or c.reference or c.other_anatomy:
        return False
    return d.section_at(span.start_char) not in SCORE_EXCLUDED_SECTIONS


def _is_affirmed(span: Span) -> bool:
    return not ((c := context_of(span)).negated or c.hypothetical or c.other_person)


def _newest_addendum_value(values: list[tuple[int, int, Fact]]) -> Optional[Fact]:
    """The last value stated in the newest addendum that states one."""
    addenda = [(recency, at, f) for recency, at, f in values if recency]
    return max(addenda, key=lambda t: (t[0], t[1]))[2] if addenda else None


def _pick(values: list[tuple[int, int, Fact]]) -> Optional[Fact]:
    """Addendum values win (the newest addendum's last one); otherwise the first stated."""
    newest = _newest_addendum_value(values)
    if newest is not None:
        return newest
    return values[0][2] if values else None


# --- scores -------------------------------------------------------------------

def _table_totals(d: _Document, cells: list[TableCell], column: str) -> list[tuple[bool, int, Fact]]:
    """The Total row of a per-vessel table, for one column."""
    return [(d.in_addendum(c.start), c.start, Fact(value=c.value, evidence=d.evidence(c.start, c.end, "table-total-row")))
            for c in cells if c.row == "TOTAL" and c.column == column and d.section_at(c.start) not in SCORE_EXCLUDED_SECTIONS]


def _score_values(d: _Document, label: str, cells: list[TableCell], column: str):
    out = []
    for span in d.ents(label):
        if not _is_current_score(d, span):
            continue
        value = parse_number(_groups(span).get("value", ""))
        if value is None:
            continue
        out.append((d.in_addendum(span.start_char), span.start_char, Fact(value=value, evidence=d.span_evidence(span))))
    return d.current(sorted(out + _table_totals(d, cells, column), key=lambda t: t[1]))


# ("CAC = 0 — statin may be withheld", "CAC 1-99 -- favors statin")
_DEFINED_DASH = re.compile(r"[ \t]*(?:[\u2014\u2013]|--?)[ \t]*(?:statins?|aspirin|treatment|therapy|may|consider|reasonable|"
                           r"favou?rs?|withhold|defer)\b", re.IGNORECASE)
# (a legend's "A0 (CAC 0): statin not recommended"; not "calcium score 139 (Agatston): moderate.")
_DEFINED = re.compile(r"\)?[ \t]*:[ \t]*(?!(?:minimal|mild|moderate|severe|extensive)\b[ \t]*(?:[.;,(]|$))[A-Za-z]",
                      re.IGNORECASE | re.MULTILINE)
# "A CAC score of zero favors deferring statin therapy": a score in general, not this study's
_GENERIC_BEFORE = re.compile(r"(?:\A|[.;:]\s+|\n\s*)(?:an?|any)\s+\Z", re.IGNORECASE)
_GENERIC_AFTER = re.compile(r"\s+(?:favou?rs?|supports?|suggests?|warrants?|argues?|justif(?:y|ies)|would|should|"
                            r"is\s+(?:associated|reasonable))\b", re.IGNORECASE)
_DATE_GOES_ON = re.compile(r"[-/.](?:\d{1,2}[-/.]\d{2,4}\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-/.]\d{2,4}\b)",
                           re.IGNORECASE)


def _agatston(d: _Document, cells: list[TableCell], ex: Extraction) -> None:
    values = []
    for span in d.ents("AGATSTON_TOTAL", "TOTAL_ROW"):
        if not _is_current_score(d, span):
            continue
        if span.label_ == "TOTAL_ROW" and not _follows_vessel_list(d, span):
            continue
        if _LINE_VESSEL.match(d.line_prefix(span.start_char)):
            continue  # "LAD: 2 lesions, Agatston 45" is a vessel's score
        if d.in_table_row(span.end_char - 1) and "\n" in d.span_text(span):
            continue  # a table header's "Agatston" over a lesion row's index "1"
        if _DEFINED.match(d.text, span.end_char) or _DEFINED_DASH.match(d.text, span.end_char):
            continue  # a guideline's "CAC = 0: reasonable to withhold statin": a value defined, not stated
        if _GENERIC_AFTER.match(d.text, span.end_char) \
                and _GENERIC_BEFORE.search(d.text, max(0, span.start_char - 40), span.start_char):
            continue
        if _DATE_GOES_ON.match(d.text, span.end_char):
            continue  # "CALCIUM SCORE          30-Sep-2024": a title's date, not a score
        value = parse_number(_groups(span).get("value", ""))
        if value is None:
            continue
        values.append((d.in_addendum(span.start_char), span.start_char,
                       Fact(value=value, evidence=d.span_evidence(span))))
    values = d.current(sorted(values + _table_totals(d, cells, "agatston"), key=lambda t: t[1]))
    # "proximal LAD (segment 6) ..., Agatston 88" / a "Left main coronary artery." paragraph's
    # "Agatston score 0": a vessel's or a segment's score, not the total, when a total is stated
    by_vessel = {at for _, at, f in values if _vessel_context(d, at, f.evidence.text)}
    if by_vessel and len(by_vessel) < len(values):
        values = [v for v in values if v[1] not in by_vessel]
    ex.agatston_mentions = [ScoreMention(value=f.value, in_addendum=bool(a), evidence=f.evidence) for a, _, f in values]
    stated = {f.value for _, _, f in values}
    if len(stated) > 1:  # "So the total is 117, not 99": a value the report itself takes back
        withdrawn = {old for new, old in _corrections(d.text) if new in stated} & stated
        values = [v for v in values if v[2].value not in withdrawn] or values
    chosen = _newest_addendum_value(values)
    if chosen is None and values and len({f.value for _, _, f in values}) == 1:
        chosen = values[0][2]
    elif chosen is None and values and len({round(f.value) for _, _, f in values}) == 1:
        # "Total.Agatston=61.4" and the impression's "Agatston 61": one score, rounded once
        chosen = next(f for _, _, f in values if f.value != round(f.value))
    if chosen is not None:
        ex.agatston_total = Fact(value=points(chosen.value), evidence=chosen.evidence)
    ex.addendum_present = d.addendum_start is not None


_CORRECTION = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)[ \t]*(?:,|\()?[ \t]*not[ \t]+(\d+(?:\.\d+)?)(?![\d.,]*[ \t]*%)",
                         re.IGNORECASE)


def _corrections(text: str) -> list[tuple[float, float]]:
    """(new, old) for each "117, not 99" / "61 (not 16)" in the text."""
    return [(float(m.group(1)), float(m.group(2))) for m in _CORRECTION.finditer(text)] if "not" in text else []


_MAIN_VESSELS = "|".join(expand("{%s}" % k) for k in ("LM", "LAD", "LCX", "RCA"))
_PARAGRAPH_VESSEL = re.compile(r"\s*(?:the\s+)?(%s)(?:\s+(?:coronary\s+)?artery)?\s*[.:]" % _MAIN_VESSELS, re.IGNORECASE)
_LINE_HEAD_VESSEL = re.compile(r"[ \t]*(?:[-*\u2022]|\d+[.)])?[ \t]*(%s)(?:\s+(?:coronary\s+)?artery)?[ \t]*:" % _MAIN_VESSELS,
                               re.IGNORECASE)


def _vessel_context(d: _Document, at: int, span_text: str) -> Optional[str]:
    """The vessel whose score an unlabelled "Agatston N" states: the vessel heading its
    paragraph ("Left main coronary artery. ... Agatston score 0."), or the one vessel named
    before it in its sentence ("... the proximal LAD (segment 6), Agatston 88")."""
    if "total" in (d.text[max(0, at - 16):at] + span_text).lower():
        return None
    line_start = d.text.rfind("\n", 0, at) + 1
    line = _LINE_HEAD_VESSEL.match(d.text, line_start, at)
    if line is None and not d.text[line_start:at].strip() and line_start > 1 and d.text[line_start - 2] != "\n":
        # the score wrapped onto a line of its own: "Right coronary artery: Calcification of the
        # proximal and mid segments." / "Agatston 217."
        line = _LINE_HEAD_VESSEL.match(d.text, d.text.rfind("\n", 0, line_start - 1) + 1, line_start)
    if line:  # "Left anterior descending: Dense calcified plaque ... diagonal. Agatston 210."
        return vessel_key(line.group(1))
    paragraph = d.text.rfind("\n\n", 0, at) + 2 if d.text.rfind("\n\n", 0, at) != -1 else 0
    head = _PARAGRAPH_VESSEL.match(d.text, paragraph, at)
    if head:
        return vessel_key(head.group(1))
    sentence_start = max(d.text.rfind(". ", 0, at) + 2, d.text.rfind("\n", 0, at) + 1, paragraph)
    named = {vessel_key(m.group()) for m in _VESSEL_NAME.finditer(d.text, sentence_start, at)} - {None}
    return named.pop() if len(named) == 1 else None


def _follows_vessel_list(d: _Document, span: Span) -> bool:
    return any(v.end_char <= span.start_char and span.start_char - v.end_char < 200 for v in d.ents("VESSEL_SCORE"))


_SEGMENT_BEFORE = re.compile(r"\b(?:prox(?:imal)?|mid|distal|dist)\.?\s+\Z", re.IGNORECASE)
# a lesion table's row, its segment in a column before the vessel's ("2  proximal LAD   LAD   38",
# "6  OM1   LCX   9"): one lesion's value, not the vessel's
_LESION_ROW = re.compile(r"[ \t]*(?:#?\d{1,2}[.)]?[ \t]+)?(?:prox(?:imal)?|mid|middle|distal|dist|ostial|ostium|"
                         r"D[1-3]|OM[1-3])\b[^\n]*?[ \t]{2,}\Z", re.IGNORECASE)


def _vessels(d: _Document, cells: list[TableCell], ex: Extraction) -> None:
    found: dict[str, list] = {}
    segments: dict[str, list] = {}  # "Proximal LAD (seg 6) .... 312": one segment of the vessel
    others = []  # "LAD 9 -- all other arteries 0"
    # VESSEL_SOLE: "agatston total 18 all in the proximal LAD" (its span does not remove the total's)
    for span in d.ents("VESSEL_SCORE", "VESSEL_SOLE"):
        if not _is_current_score(d, span):
            continue
        g = _groups(span)
        if "others" in g:
            others.append(span)
            continue
        # "the left main shows no calcification" / "no calcium in the LAD": zero
        value = 0 if any(k.startswith("zero") for k in g) else parse_number(g.get("value", ""))
        # "LM 0" names one vessel; "left main and circumflex 0" several with one value
        keys = [vessel_key(m.group()) for m in _VESSEL_NAME.finditer(g["vessels"])] if "vessels" in g \
            else [vessel_key(g.get("vessel", ""))]
        # "the distal circumflex are free of calcium": a segment's zero, not the vessel's
        segment = g.get("segment") or (value == 0 and _SEGMENT_BEFORE.search(d.text, max(0, span.start_char - 12),
                                                                          span.start_char)) \
            or _LESION_ROW.match(d.line_prefix(span.start_char))
        for key in keys:
            if key is not None and value is not None:
                (segments if segment else found).setdefault(key, []).append(
                    (d.in_addendum(span.start_char), span.start_char, Fact(value=value, evidence=d.span_evidence(span))))
    for span in d.ents("AGATSTON_TOTAL"):  # "LAD: 2 lesions, Agatston 45"
        if not _is_current_score(d, span):
            continue
        m = _LINE_VESSEL.match(d.line_prefix(span.start_char))
        value = parse_number(_groups(span).get("value", ""))
        key = _vessel_context(d, span.start_char, d.span_text(span)) if not m else None
        if key and value is not None:  # a lone one is the vessel's, as a lone segment's is
            segments.setdefault(key, []).append(
                (d.in_addendum(span.start_char), span.start_char, Fact(value=value, evidence=d.span_evidence(span))))
            continue
        if m and value is not None:
            key = vessel_key(m.group().strip(" \t-*\u2022.)0123456789"))
            if key:
                found.setdefault(key, []).append(
                    (d.in_addendum(span.start_char), span.start_char, Fact(value=value, evidence=d.span_evidence(span))))
    for cell in cells:
        if cell.column == "agatston" and cell.row in _VESSEL_KEYS and d.section_at(cell.start) not in SCORE_EXCLUDED_SECTIONS:
            found.setdefault(cell.row, []).append(
                (d.in_addendum(cell.start), cell.start,
                 Fact(value=cell.value, evidence=d.evidence(cell.start, cell.end, "table-vessel-row"))))
    for key, values in segments.items():
        # the vessel's own value (a subtotal) wins; a lone segment value is the vessel's
        # ("plaque in the proximal LAD (Agatston 18)"); several segments alone are not summed
        if key not in found and len(values) == 1:
            found[key] = values
    for span in others:  # the main four that the report did not name, next to one it did
        named = [at for values in found.values() for _, at, _ in values]
        if any(_lines_apart(d.text, span.start_char, at) <= 2 for at in named):
            for key in ("LM", "LAD", "LCX", "RCA"):
                found.setdefault(key, [(d.in_addendum(span.start_char), span.start_char,
                                        Fact(value=0, evidence=d.span_evidence(span)))])
    if "OTHER" in found:
        # "Other 0" is a vessel line only in a list of vessels: next to another vessel's value
        named = [at for key, values in found.items() if key != "OTHER" for _, at, _ in values]
        found["OTHER"] = [v for v in found["OTHER"] if any(_lines_apart(d.text, v[1], at) <= 3 for at in named)]
    for key in _VESSEL_KEYS:
        if found.get(key):
            fact = _pick(d.current(sorted(found[key], key=lambda t: t[1])))
            ex.vessels[key] = Fact(value=points(fact.value), evidence=fact.evidence)


def _lines_apart(text: str, a: int, b: int) -> int:
    return text.count("\n", min(a, b), max(a, b))


_OTHER_PERCENTILE = re.compile(r"\b(?:VO2|METs|fitness|BMI|height|weight|growth|grip|bone|T-score|Z-score)",
                               re.IGNORECASE)


_NOT_BEFORE = re.compile(r"\bnot\s+(?:the\s+)?\Z", re.IGNORECASE)
_BOUND_BEFORE = re.compile(r"\b(above|over|greater than|exceeds|beyond|below|under|less than)\s+(?:the\s+)?\Z",
                           re.IGNORECASE)


def _percentile(d: _Document, ex: Extraction) -> None:
    values = []
    for span in d.ents("PERCENTILE"):
        if not _is_current_score(d, span) or _OTHER_PERCENTILE.search(d.line_prefix(span.start_char)):
            continue  # "VO2max (CPET) 34.2 mL/kg/min (70th percentile for age)"
        if _NOT_BEFORE.search(d.text, max(0, span.start_char - 10), span.start_char):
            continue  # "the 89th percentile (MESA), not the 64th percentile stated in the original report"
        g = _groups(span)
        if g.get("value2"):
            value = f"{int(g['value'])}-{int(g['value2'])}"
        elif g.get("op"):
            if d.section_at(span.start_char) == "recommendation":
                continue  # ">=75th percentile ... supports statin therapy": a threshold
            value = g["op"].replace(" ", "") + str(int(g["value"]))
        else:
            value = parse_number(g.get("value", ""))
            if value is None or value > 100:
                continue
            value = points(value)
            bound = _BOUND_BEFORE.search(d.text, max(0, span.start_char - 20), span.start_char)
            if bound:  # "The score is above the 75th percentile": a bound, written as one
                above = bound.group(1).lower() in ("above", "over", "greater than", "exceeds", "beyond")
                value = (">" if above else "<") + str(value)
        values.append((d.in_addendum(span.start_char), span.start_char, Fact(value=value, evidence=d.span_evidence(span))))
    if any(not isinstance(f.value, str) for _, _, f in values):  # "above the 75th percentile (MESA 78th)": the value
        values = [v for v in values if not isinstance(v[2].value, str) or not v[2].value[:1] in "<>"]
    ex.percentile = _pick(d.current(values))


def _cac_drs(d: _Document, ex: Extraction) -> None:
    values = []
    for span in d.ents("CAC_DRS"):
        if not _is_current_score(d, span):
            continue
        g = _groups(span)
        a = "A" + re.sub(r"\D", "", g.get("a", ""))
        value = a + ("/N" + re.sub(r"\D", "", g["n"]) if g.get("n") else "")
        values.append((d.in_addendum(span.start_char), span.start_char, Fact(value=value, evidence=d.span_evidence(span))))
    values = d.current(values)
    fact = _pick(values)
    if fact is not None and "/" not in fact.value:  # a template's "CAC-DRS: A1" over the impression's "A1/N2"
        fact = next((f for _, _, f in values if f.value.startswith(fact.value + "/")), fact)
    ex.cac_drs = fact


def _some_vessels_named_before(d: _Document, span: Span) -> bool:
    before = d.text[span.sent.start_char:span.start_char]
    before = before[before.rfind(";") + 1:]  # the clause: "LAD (41) and RCA (15); the left main ... have no calcium"
    named = {vessel_key(m.group()) for m in _VESSEL_NAME.finditer(before)} & {"LM", "LAD", "LCX", "RCA"}
    return 0 < len(named) < 4


_LEGEND_PREFIX = re.compile(r"(?![^\n]*\btotal\b)[ \t]*(?:[-*\u2022|][ \t]*)?(?:[A-Za-z]+[ \t]+){0,2}(?:\d+[ \t]*(?:-|to)[ \t]*\d+|"
                            r"[<>]=?[ \t]*\d+|\d+\+?)[ \t]*(?:AU)?[ \t]*[:=)|]?[ \t]*\Z", re.IGNORECASE)


def _risk_category(d: _Document, ex: Extraction) -> None:
    values = []
    for span in d.ents("RISK_CATEGORY"):
        if not _is_current_score(d, span):
            continue
        cat = category_of(_groups(span).get("cat", ""))
        if cat is None:
            continue
        if cat == "none" and _some_vessels_named_before(d, span):
            continue  # "the left main and circumflex arteries show no calcification": those vessels only
        if _LEGEND_PREFIX.match(d.line_prefix(span.start_char)):
            continue  # a legend line: "11-100: mild", "CAC 1-99 = mild", "> 400  severe"
        recency = d.in_addendum(span.start_char)
        rank = -recency if recency else 1 if d.section_at(span.start_char) == "impression" else 2
        values.append((rank, span.start_char, Fact(value=cat, evidence=d.span_evidence(span))))
    values = d.current(values)
    if values:  # the newest addendum's, else the impression's, else the first stated
        ex.risk_category_stated = sorted(values, key=lambda t: (t[0], t[1]))[0][2]


# --- technique, signature, dates -----------------------------------------------

def _boolean_fact(d: _Document, positive: str, negative: str,
                  skip_sections: Iterable[str] = ()) -> Optional[Fact]:
    """The report's statement; a technologist's note only when the report says nothing
    (the radiologist's "No intravenous contrast was administered" over a worksheet line)."""
    skip = set(skip_sections)
    opening = skip - {"indication", "history"}  # a terse line's "Non-contrast; ..." after its indication
    found = (_boolean_statement(d, positive, negative, skip | {"technologist"})
             or _boolean_statement(d, positive, negative, skip))
    if found is None and opening != skip:
        found = _boolean_statement(d, positive, negative, opening, opening_only=True)
    return found


def _boolean_statement(d: _Document, positive: str, negative: str, skip: set,
                       opening_only: bool = False) -> Optional[Fact]:
    """With opening_only, only a statement that opens its sentence: a terse report's
    "Ind: HTN, dyslipidemia. Non-contrast; ..." or "Hx: ... Noncontrast, prospective ECG
    triggering" line, not the history's "contrast CT in 2023"."""
    pos, neg = None, None
    for span in d.ents(positive, negative):
        if d.section_at(span.start_char) in skip or (c := context_of(span)).hypothetical or c.other_anatomy \
                or c.historical:
            continue  # a recommended test, another exam's gating ("ECG-gated emission data" of a PET), a
            # past exam's ("The contrast-enhanced stenosis assessment from 2022")
        if opening_only and d.text[span.sent.start_char:span.start_char].strip():
            continue
        if span.label_ == positive and not c.negated:
            if (target_rule_of(span).metadata["id"] in _LABEL_RULES and _BLANK_ANSWER.match(d.text, span.end_char)) \
                    or _ORAL.search(d.text, max(0, span.start_char - 40), span.start_char):
                continue  # a template's "IV contrast ......... ____"; "dilute oral contrast (Omnipaque ...)"
            if pos is None:
                pos, pos_span = Fact(value=True, evidence=d.span_evidence(span)), span
        elif neg is None:
            neg, neg_span = Fact(value=False, evidence=d.span_evidence(span)), span
    if pos is not None and neg is not None and _OTHER_SERIES.search(d.sentence(pos_span)) \
            and not _OTHER_SERIES.search(d.sentence(neg_span)) and _CALCIUM_SERIES.search(d.sentence(neg_span)):
        return neg  # "Series 2 - calcium scoring: unenhanced" / "Series 4 - angiography: ... iohexol 350 IV"
    return pos or neg


_BLANK_ANSWER = re.compile(r"[ \t.]*:[ \t]*(?:_{2,}[ \t]*)?(?:\n|$)|[ \t.:]*_{2,}|[ \t]{2,}(?:\n|$)")
_ORAL = re.compile(r"\boral\b|\bingest|\bby\s+mouth\b", re.IGNORECASE)
_OTHER_SERIES = re.compile(r"angiogra\w*|\bCTA\b|\bCCTA\b", re.IGNORECASE)
_CALCIUM_SERIES = re.compile(r"calcium\s+scor|\bCAC\b|agatston|coronary\s+calcium", re.IGNORECASE)
_LABEL_RULES = frozenset(("contrast-iv", "ecg-gating-label"))  # a field's name, which a blank leaves unanswered


_AUTHOR_ONLY = re.compile(r"\s*(?:reported|dictated|read|interpreted|prepared)\s+by", re.IGNORECASE)


def _signature(d: _Document) -> Optional[Fact]:
    """Signed when a signature or attestation is stated (the last one is the evidence); a
    "Reported by" / "Dictated by" line names an author, which counts only when nothing
    says the report is unsigned, provisional or pending verification."""
    pos, neg, author = None, None, None
    for span in d.ents("SIGNATURE", "LETTER_CLOSING", "UNSIGNED"):  # a letter's typed closing is its signature
        if span.label_ != "UNSIGNED" and _FUTURE.search(d.sentence(span)):
            continue  # "Your final report, reviewed and signed by a cardiologist, will be e-mailed to you"
        if span.label_ == "LETTER_CLOSING" and _NO_SIGNER.search(d.span_text(span)):
            continue  # "Sincerely, / Patient Results Team": no physician signs it
        if span.label_ != "UNSIGNED" and not (c := context_of(span)).negated and not c.hypothetical:
            fact = Fact(value=True, evidence=d.span_evidence(span))
            if _AUTHOR_ONLY.match(d.span_text(span)):
                author = fact
            else:
                pos = fact  # the last signature
        elif neg is None:
            neg = Fact(value=False, evidence=d.span_evidence(span))
    if pos is None and neg is None:
        pos = author
    if pos is None and neg is None:
        # a terse report's last line "J. Patel MD  2/9/25 1422": the reader's name, credential
        # and the date it was signed, as a RIS prints an electronic signature
        tail = d.text.rstrip()
        for span in d.ents("SIGNOFF"):
            line_end = d.text.find("\n", span.start_char)
            if (line_end == -1 or not tail[line_end:].strip()) and _SIGNED_DATE.search(span.text):
                pos = Fact(value=True, evidence=d.span_evidence(span))
    return pos or neg


_SIGNED_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}")
_NO_SIGNER = re.compile(r"\b(?:team|department|staff|office|services|desk|center|centre)\b", re.IGNORECASE)
_FUTURE = re.compile(r"\bwill\s+be\s+(?:e-?mailed|sent|mailed|issued|available|signed|finalized)|\bwill\s+follow\b", re.IGNORECASE)


# a visit's date ("Date of service", "DOS", "Visit date") names the exam's date only when
# no label names the exam itself: a clinic note quoting the report has both
_VISIT_DATE_LABEL = re.compile(r"\s*(?:date\s+of\s+(?:service|svc|visit)|DOS\b|service\s+date|visit\s+(?:date|dt))",
                               re.IGNORECASE)


def _first_date(d: _Document, label: str, skip_sections=("comparison", "signature")) -> Optional[Fact]:
    def rank(span: Span) -> int:
        rule = target_rule_of(span).metadata["id"]
        if rule not in ("exam-date-label", "exam-date-header"):
            return 2
        bare = rule == "exam-date-header" and d.span_text(span).lstrip().lower().startswith("date")
        return 1 if bare or _VISIT_DATE_LABEL.match(d.text, span.start_char) else 0  # "Date:" after "Study date:"

    # a date the newest addendum states first ("the study was performed on 03/12/2025")
    for span in sorted(d.ents(label), key=lambda s: (-d.in_addendum(s.start_char), rank(s))):
        if d.section_at(span.start_char) in skip_sections or context_of(span).historical:
            continue
        iso = parse_date(_groups(span).get("value", ""), d.day_first, d.dots_month_first)
        if iso:
            return Fact(value=iso, evidence=d.span_evidence(span))
    return None


_NOT_EXAM_DATE = re.compile(r"birth|sign|dictat|transcri|report|print|addend|order|referr|admi|visit|letter|"
                            r"verif|result|final|prior|compar", re.IGNORECASE)


def _weak_exam_date(d: _Document) -> Optional[Fact]:
    """"Date: ..." on a line that is not about birth, signing, dictation or a prior study."""
    for span in d.ents("EXAM_DATE_WEAK"):
        if d.section_at(span.start_char) in ("comparison", "signature") or context_of(span).historical:
            continue
        if _NOT_EXAM_DATE.search(d.line_prefix(span.start_char)):
            continue
        iso = parse_date(_groups(span).get("value", ""), d.day_first, d.dots_month_first)
        if iso:
            return Fact(value=iso, evidence=d.span_evidence(span))
    return None


_NAME_PARTICLES = {"de", "del", "della", "da", "di", "do", "dos", "das", "van", "von", "der", "den", "la", "le", "bin",
                   "al", "el", "y", "e", "ten", "ter", "st.", "med.", "drs.", "dr.", "prof."}


def _clean_name(text: str) -> str:
    """Trailing labels and credentials off; DICOM "LAST^FIRST^^^MD" -> "LAST, FIRST"; a
    quoted nickname out ('Gerald "Gerry" O. Lindqvist')."""
    name = " ".join(re.sub(r'\s*"[^"\n]{1,15}"', "", text).split())
    if "^" in name:
        parts = [p for p in name.split("^") if p]
        name = parts[0] + (", " + " ".join(parts[1:]) if len(parts) > 1 else "")
    words = name.split()
    if any(w[:1].isupper() for w in words):  # "Marchetti for the exertional dyspnea": prose after the name
        cut = next((i for i, w in enumerate(words) if i and w[:1].islower() and w not in _NAME_PARTICLES), None)
        if cut is not None:
            name = " ".join(words[:cut])
    name = _NAME_TRAILERS.sub("", name)
    name = _CREDENTIALS.sub("", name)
    name = _TITLES.sub("", name)
    return name.strip(" ,.;:-")


_REDACTED = re.compile(r"\b%s\b" % REDACTED, re.IGNORECASE)


def is_redacted(value: str) -> bool:
    """A name or number a de-identification tool removed (``readers/deid.py``)."""
    return _REDACTED.search(value) is not None


_MRN_LABEL = re.compile(r"\s*(?:MRN|MR\s*(?:#|no)|med(?:ical)?\.?\s*rec)", re.IGNORECASE)
# "Insurance: Aetna Choice POS II     ID: W188204377": the member's insurance ID
_INSURANCE_LINE = re.compile(r"\s*(?:(?:primary|secondary)\s+)?(?:insurance|insurer|payer|plan|coverage|subscriber)\b",
                             re.IGNORECASE)


# a letterhead's "Dadeville, AL": a place in title case and a state's code, not "LAST, FIRST"
_CITY_STATE = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}, ?(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|"
                         r"O[HKR]|PA|PR|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])")


_DOCUMENT_SUBJECT = re.compile(r"\b(?:appeal|request|documentation|authori[sz]ation|denial|determination|notice|"
                               r"reconsideration|records|claim)\b", re.IGNORECASE)
_DATE_WORDS = re.compile(r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
                         re.IGNORECASE)
_LAST_NAME_LABEL = re.compile(r"\b(?:last|family|sur)[ \t]*name[ \t]*:", re.IGNORECASE)
_GIVEN_NAME_FIELDS = re.compile(
    r"[ \t,]+(?:first|given)(?:[ \t]+name)?[ \t]*:[ \t]*(?P<first>[A-Za-z][A-Za-z'\-]+)"
    r"(?:[ \t]+(?:MI|M\.I\.|middle(?:[ \t]+(?:name|initial))?)[ \t]*:[ \t]*(?P<middle>[A-Za-z](?:[A-Za-z'\-]+|\.)?))?",
    re.IGNORECASE)


def _patient(d: _Document) -> Optional[PatientIdentifiers]:
    ids = PatientIdentifiers(source=d.role)
    for span in d.ents("PATIENT_NAME"):
        raw = _groups(span).get("value", "")
        name = _clean_name(raw)
        if name and len(name) > 2 and ids.name is None and not _CITY_STATE.fullmatch(name) and not is_redacted(raw) \
                and not _DOCUMENT_SUBJECT.search(raw) and not _DATE_WORDS.match(name):
            # (a letter's "RE: FIRST-LEVEL PROVIDER APPEAL"; a portal's "Submitted by patient: Sun Sep 14, 2025")
            ids.name = Fact(value=name, evidence=d.span_evidence(span))
            if _LAST_NAME_LABEL.search(d.line_prefix(span.start_char) + d.span_text(span)[:12]) \
                    and (given := _GIVEN_NAME_FIELDS.match(d.text, span.end_char)):
                # a form's "Last name: ABERNETHY  First: CLAUDIA  MI: J": LAST, FIRST M
                name = f"{name}, {given['first']}" + (f" {given['middle']}" if given["middle"] else "")
                ids.name = Fact(value=name, evidence=d.evidence(span.start_char, given.end(), "patient-name-fields"))
    # a record number labelled as one ("MRN", "Medical record #") before a chart or ID number
    for span in sorted(d.ents("PATIENT_MRN"), key=lambda s: _MRN_LABEL.match(d.span_text(s)) is None):
        if ids.mrn is None and not (_INSURANCE_LINE.match(d.line_prefix(span.start_char))
                                    and not _MRN_LABEL.match(d.span_text(span))):
            ids.mrn = Fact(value=_groups(span)["value"].strip("-"), evidence=d.span_evidence(span))
    if ids.mrn is None:  # an office EHR's "Account Number: 40213" names the patient's chart when no MRN is stated
        for span in d.ents("PATIENT_ACCOUNT"):
            if not _INSURANCE_LINE.match(d.line_prefix(span.start_char)) and not is_redacted(d.span_text(span)):
                ids.mrn = Fact(value=_groups(span)["value"].strip("-"), evidence=d.span_evidence(span))
                break
    for span in d.ents("PATIENT_DOB"):
        iso = parse_date(_groups(span).get("value", ""), d.day_first, d.dots_month_first)
        if iso and ids.dob is None:
            ids.dob = Fact(value=iso, evidence=d.span_evidence(span))
    return ids if (ids.name or ids.mrn or ids.dob) else None


_SIGNER = re.compile(r"[ \t:]*(?:by[ \t:]*)?(%s)" % expand("{NAME}"))


_NOT_NAMES = {"his", "her", "the", "their", "a", "an", "our", "your", "pt", "patient", "physician", "provider",
              "doctor", "n/a", "none", "unknown", "self", "self-referred", "self-referral", "treating", "referring",
              "attending", "ordering", "primary", "cardiology", "cardiologist", "clinic"}


_CANNOT_ORDER = re.compile(r"(?:,[ \t]*|[ \t]*\()(?:RN|LPN|LVN|BSN|CMA|RMA|MA|DDS|DMD|DC|MS[1-4]|scribe|medical assistant|"
                           r"medical student)\b",
                           re.IGNORECASE)


def _name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'\-]+", name.lower()) if w not in ("dr", "mr", "mrs", "ms", "md")}


_FIRST_PERSON_ORDER = re.compile(r"\bI(?:'ve| have| had| will| am| just)?\s+(?:placed|entered|put in|signed)\s+(?:the|an?)"
                                 r"\s+(?:\w+\s+){0,3}?order|\bI(?:'ve| have)?\s+ordered\b", re.IGNORECASE)
_REQUESTER = re.compile(r"\s*request", re.IGNORECASE)
_ORDER_LABEL = re.compile(r"\s*(?:ordering|ord\b|order(?:ed)?\s+by\s*:)[^:\n]{0,30}:", re.IGNORECASE)


_ORGANIZATION = re.compile(r"\b(?:health|healthcare|clinic|associates|center|centre|hospital|medical|group|imaging|"
                           r"radiology|cardiology|practice|partners|services|institute|team|llc|pllc|inc)\b", re.IGNORECASE)
_NAME_RUNS_ON = re.compile(r"[ \t]*\n[ \t]*([A-Z][A-Za-z'\-]+)(?=,?[ \t]+(?:MD|M\.D\.|DO|NP|PA-C|FNP|APRN|FACC)\b)")


def _named(d: _Document, label: str, not_names: frozenset = frozenset(), after: int = 0,
           only: Optional[Span] = None) -> Optional[Fact]:
    """The first name of that label (from ``after`` on; or of the ``only`` span), skipping
    ``not_names`` (the patient's own name words: a portal message's "From: Dana Kowalczyk"
    is the patient, not the ordering provider)."""
    for span in (d.ents(label) if only is None else [only]):
        if span.start_char < after:
            continue
        raw = _groups(span).get("value", "")
        name = _clean_name(raw)
        if " " not in name and (rest := _NAME_RUNS_ON.match(d.text, span.end_char)):
            name += " " + rest.group(1)  # a hard-wrapped line: "Referring: Renata\nVoskuijlen, MD"
        if _CANNOT_ORDER.search(d.text, span.start_char, span.end_char + 12):
            continue  # "From: Carla Reyes, RN", "Elise Marchetti, DDS": they write, but do not order, a CT
        if _ORGANIZATION.search(name.split(",")[0]):
            continue  # a fax header's "From: Brightwater Women's Health": a practice, not a person
        if len(name) > 1 and not context_of(span).negated and name.split()[0].lower() not in _NOT_NAMES \
                and not is_redacted(raw) and not (not_names and _name_words(name) <= not_names):
            return Fact(value=name, evidence=d.span_evidence(span))
    return None


def _signer(d: _Document) -> Optional[Fact]:
    for span in d.ents("SIGNATURE"):
        m = _SIGNER.match(d.text, span.end_char)
        if m and not context_of(span).negated:
            name = _clean_name(m.group(1))
            # not "I attest that the ...", not a redacted name
            if len(name) > 1 and name.split()[0].lower() not in FUNCTION_WORDS | _NOT_NAMES \
                    and not is_redacted(m.group(1)):
                return Fact(value=name, evidence=d.evidence(span.start_char, m.end(1), "note-signer"))
    return None


_OTHER_TEST = re.compile(r"\b(?:TTE|TEE|echo\w*|stress|treadmill|labs?|lipid\s+panel|MRI|ECG|EKG|holter|x-?ray|CXR|"
                         r"colonoscopy|mammogra\w*|ultrasound|CTA|angiogra\w*|cath\w*|PFTs?|sleep\s+study|A1c|DEXA)\b",
                         re.IGNORECASE)


def _another_tests_order(d: _Document, span: Span) -> bool:
    """ "TTE (05/2023, ordered by Dr. Nguyen for murmur)": an order of another test, said in passing."""
    if _ORDER_LABEL.match(d.span_text(span)):
        return False
    before = d.line_prefix(span.start_char)
    return bool(_OTHER_TEST.search(before)) and not _ORDER_MENTION.search(before)


def _ordering_provider(d: _Document, patient: Optional[PatientIdentifiers] = None) -> Optional[Fact]:
    """Reports: the ordering, else the referring physician. Notes: the ordering
    provider, else the note's author (a labelled author, a letter's closing, the
    signer: the one who orders), else the referring one. Never the patient."""
    not_names = frozenset(_name_words(patient.name.value)) if patient and patient.name else frozenset()
    if d.role == "report":
        return _named(d, "ORDERING_PROVIDER", not_names) or _named(d, "REFERRING_PROVIDER", not_names)
    # a labelled "Ordering: L. Venkataraman, MD" before an "ordered by" in passing (another
    # test's), both before "Requesting physician: Helen Marchetti, MD"
    ranked = sorted((s for s in d.ents("ORDERING_PROVIDER") if not _another_tests_order(d, s)),
                    key=lambda s: 2 if _REQUESTER.match(d.span_text(s)) else 0 if _ORDER_LABEL.match(d.span_text(s)) else 1)
    labelled = next((f for f in (_named(d, "ORDERING_PROVIDER", not_names, only=s) for s in ranked) if f), None)
    if labelled is None or _REQUESTER.match(labelled.evidence.text):
        # "I have placed the order ..." in an e-consult or a message thread: the one who
        # signs below it orders, whoever requested the consultation
        said = _FIRST_PERSON_ORDER.search(d.text)
        signer = said and next((f for f in (_named(d, label, not_names, after=said.end())
                                            for label in ("SIGNOFF", "LETTER_CLOSING")) if f), None)
        if signer is not None:
            return signer
    if labelled is not None and _REQUESTER.match(labelled.evidence.text):
        # "Requesting physician: X" / "Consulting cardiologist: Y": the consultant orders
        labelled = _named(d, "NOTE_AUTHOR", not_names) or labelled
    return (labelled or _named(d, "NOTE_AUTHOR", not_names)
            or _named(d, "LETTER_CLOSING", not_names) or _signer(d) or _named(d, "SIGNOFF", not_names)
            or _named(d, "REFERRING_PROVIDER", not_names))


_CALCULATORS = r"lifetime|\bpredict\b|framingham|score2|qrisk|reynolds|\bprevent\b"  # not the pooled cohort's
_NOT_TEN_YEAR = re.compile(_CALCULATORS + r"|\b(?:5|five)[-\s]?(?:year|yr)")  # (over lower-cased text)
# a risk under other assumptions: "the PCE recalculated as a non-smoker: 7.6%", "projected on statin 4.5%"
_WHAT_IF = re.compile(r"as\s+a\s+non-?smoker|if\s+(?:he|she|they)\s+(?:quit|stop|were|had)|at\s+(?:target|goal)\b|"
                      r"projected|optimal|(?<!not )\bon\s+(?:a\s+)?statin\b", re.IGNORECASE)
_POOLED = re.compile(r"pooled|\bPCE\b", re.IGNORECASE)
_TABLE_TITLE_LINES = 4  # a calculator's table: its title above the rows
_CALCULATOR_NAME = re.compile(_CALCULATORS, re.IGNORECASE)


def _other_calculator(d: _Document, span: Span) -> bool:
    """A lifetime, 5-year, PREVENT, Framingham ... risk, not the pooled cohort 10-year one:
    named just before the figure, or (a table's row) in the title a few lines above it,
    unless the row itself names the pooled cohort equations."""
    if _NOT_TEN_YEAR.search(d.text[max(0, span.start_char - 25):span.end_char].lower()):
        return True
    line_start = d.text.rfind("\n", 0, span.start_char) + 1
    line = d.text[line_start:d.text.find("\n", span.end_char) % (len(d.text) + 1)]
    if _POOLED.search(line):
        return False
    above = d.text[:line_start].rstrip("\n").split("\n")[-_TABLE_TITLE_LINES:]
    block = takewhile(str.strip, reversed(above))  # up to a blank line
    return any(_CALCULATOR_NAME.search(earlier) for earlier in block)


def _said_today(d: _Document, span: Span) -> bool:
    """"today" in the figure's sentence, "- now" just after it, or a short heading over its line ("Risk today")."""
    if _TODAY.search(d.text, max(span.sent.start_char, span.start_char - 120), span.end_char + 8):
        return True
    line_start = d.text.rfind("\n", 0, span.start_char) + 1
    heading_start = d.text.rfind("\n", 0, max(0, line_start - 1)) + 1
    heading = d.text[heading_start:max(heading_start, line_start - 1)]
    return 0 < len(heading.strip()) < 40 and _TODAY.search(heading) is not None


_TODAY = re.compile(r"\b(?:today|current(?:ly)?|now|updated|recalculated|this visit|correct(?:ed)?)\b", re.IGNORECASE)


def _ascvd(d: _Document) -> Optional[Fact]:
    """The stated 10-year risk; of several, one said to be today's or the corrected one (a
    copied-forward note keeps last year's figure above the one calculated today), else the first."""
    spans = d.ents("ASCVD_RISK")
    if len(spans) > 1:
        spans = sorted(spans, key=lambda s: not _said_today(d, s))
    for span in spans:
        if _other_calculator(d, span) or context_of(span).hypothetical \
                or _WHAT_IF.search(d.text, max(span.sent.start_char, span.start_char - 80), span.end_char):
            continue  # a lifetime or 5-year risk (NZ PREDICT, Australian CVD risk) is not the 10-year ASCVD risk
        value = parse_number(_groups(span).get("value", ""))
        if value is not None and value <= 100:
            return Fact(value=value, evidence=d.span_evidence(span))
    return None


_RANGE_TO = re.compile(r"\bto-?\s*$")
# "(7.5% to 19.9%)", "(10-year ASCVD risk of 7.5% to less than 20%)", "(7.5-<20%)": a legend's or a policy's range
_RANGE_AFTER = re.compile(r"[ \t]*[(:=][^()\n\d]{0,30}(?:10[-\s]?(?:year|yr)[^()\n\d]{0,20})?[<>\u2264\u2265]?[ \t]*"
                          r"\d+(?:\.\d+)?[ \t]*%?[ \t]*(?:to|-|\u2013)[ \t]*(?:less\s+than\s+|<[ \t]*)?\d")
_MARKED = re.compile(MARKED_BOX)
_TICKED = re.compile(rf"(?:{MARKED_BOX})[ \t]*\Z")
_PAST_STATEMENT = re.compile(r"\bat\s+(?:that|the)\s+time\b|\bback\s+then\b", re.IGNORECASE)


def _intermediate_risk(d: _Document, ascvd: Optional[Fact]) -> Optional[Fact]:
    for span in d.ents("INTERMEDIATE_RISK"):
        if d.role == "report" and d.section_at(span.start_char) in ("recommendation", "legend"):
            continue  # a report's recommendation quotes the guideline's "intermediate risk" group
        before = " ".join(d.text[max(0, span.start_char - 20):span.start_char].lower().split())
        if _RANGE_TO.search(before):
            continue  # "low-to-intermediate risk": a range, no stated category
        if _RANGE_AFTER.match(d.text, span.end_char) and not (
                _TICKED.search(d.line_prefix(span.start_char)) or _MARKED.match(d.span_text(span))):
            continue  # a legend's "Intermediate risk (7.5% to 19.9%)", not a form's ticked "[X] Intermediate (7.5-19.9%)"
        sentence = d.sentence(span)
        if _PAST_STATEMENT.search(sentence) and not _TODAY.search(sentence):
            continue  # "her ASCVD risk was 13.5% - intermediate risk at the time"
        at_least = d.text[max(0, span.start_char - 9):span.start_char].lower().endswith("at least ")
        if _is_affirmed(span) or (at_least and not context_of(span).negated):  # "at least intermediate risk"
            return Fact(value=True, evidence=d.span_evidence(span))
    if ascvd is not None and 7.5 <= ascvd.value < 20:
        return Fact(value=True, evidence=ascvd.evidence)
    return None


# --- clinical ------------------------------------------------------------------

_EMPTY_FIELD = re.compile(r"[^\n:]{0,40}:[ \t]*(?:\n|$)")  # "ICD-10 code(s):" with nothing after


# an order's diagnosis list and the reason for a referral or visit say why the patient is
# seen; a reason for the exam or an indication says why the scan is done: those first
_SECONDARY_REASON = re.compile(r"diagnos|\bdx\b|referr|visit|consult", re.IGNORECASE)
_VISIT_REASON = re.compile(r"reason\s+for\s+(?:the\s+)?visit", re.IGNORECASE)
_COMPOUND_BREAK = re.compile(r"(?<=\w)-[ \t]*\n[ \t]*(?=\w)")
_EARLIER_FIELD = re.compile(r"[.:;](?=\s)")  # "Dx: E78.2, I10. Purpose: ...": the label is after the last one


def _section_body(d: _Document, categories: tuple[str, ...], limit: int = 400,
                  title: Optional[re.Pattern] = None) -> Optional[Fact]:
    sections = [s for s in d.sections if s is not _Unsectioned and s.category in categories
                and s.body_end > s.body_start
                and (title is None or title.search(d.doc[s.title_start:s.title_end].text))]
    if len(sections) > 1:
        # a visit's reason after the study's; of a combined study's reasons ("INDICATION (1): Lung
        # cancer screening." / "INDICATION (2): Cardiovascular risk stratification"), the other test's last
        sections.sort(key=lambda s: (bool(_SECONDARY_REASON.search(d.doc[s.title_start:s.title_end].text)),
                                     bool(_OTHER_TESTS_REASON.match(d.text, d.doc[s.title_end].idx
                                                                   if s.title_end < len(d.doc) else len(d.text)))))
    for section in sections:
        start = d.doc[section.title_end].idx if section.title_end < len(d.doc) else len(d.text)
        end = d.doc[section.body_end - 1].idx + len(d.doc[section.body_end - 1].text)
        line_end = d.text.find("\n", start, end)
        if line_end != -1 and d.text[start:line_end].strip():
            # an inline field ends at a blank line, the next numbered item or the next "Key: value" line
            stops = [m.start() for m in (_BODY_END.search(d.text, line_end, end), _FIELD_END.search(d.text, line_end, end)) if m]
            end = min(stops, default=end)
        i = d.sections.index(section)
        if i + 1 < len(d.section_starts) and d.sections[i + 1] is _Unsectioned and any(
                _TECHNIQUE_LINE.match(d.text, at) or _ALIGNED_FIELD.match(d.text, at)
                for at in (d.section_starts[i + 1] - 1, d.section_starts[i + 1])):
            # and at the study's own text ("Hx: HLD. Asx.\nGated, non-con. Agatston 0") or an export's
            # next field in its column ("Observation Date Time:       20250916102310")
            end = max(start, min(end, d.section_starts[i + 1]))
        body = d.text[start:end]
        lead = len(body) - len(body.lstrip(" \t\n:-"))
        if mark := _LEADING_BOX.match(body, lead):
            lead = mark.end()  # "[X] Risk stratification to guide preventive therapy": the ticked option
        empty = _EMPTY_FIELD.match(body, lead)
        body = body.strip(" \t\n:-")
        if len(body) < 3 or empty or _only_codes(body):
            continue
        start += lead
        end = min(start + len(body), start + 2 * limit)
        text = " ".join(d.text[start:end].split())[:limit]  # the same for every layout
        return Fact(value=text, evidence=d.evidence(start, end, f"section-{section.category}"))
    return None


_LEADING_BOX = re.compile(r"(?:\[[xX\u2713\u2714]\]|\([xX]\)|[\u2612\u2611\u25a0])[ \t]*")
_ALIGNED_FIELD = re.compile(r"\n?[A-Za-z][A-Za-z ]{2,40}:[ \t]{4,}\S")
_OTHER_TESTS_REASON = re.compile(r"[ \t:\-]*(?:lung\s+cancer\s+screening|screening\s+for\s+lung\s+cancer|"
                                 r"low[- ]dose\s+(?:ct\s+)?lung)", re.IGNORECASE)
_ORDER_LINE = re.compile(r"\b(?:CT|CAC|calcium|cardiac\s+scor\w*|imaging|order(?:ed|s)?)\b", re.IGNORECASE)


# the study's purpose, not its clinical indication (DOMAIN.md: a note documents "the clinical
# indication ... and why calcium scoring is appropriate now"): ranked after a stated condition
_PURPOSE = re.compile(r"\s*(?:guide|help|inform|decide|assess|evaluate|refine|further|clarify|determine|estimate|"
                      r"quantify|stratify|reassess|re-?evaluate|shared\s+decision|decision-?making)\b", re.IGNORECASE)
_PLAN_CONDITION = re.compile(r"\s*[:;,]\s+(?=if\b)|\s+-+\s+(?=if\b)", re.IGNORECASE)


_OTHER_ORDERS_SECTIONS = {"health_maintenance", "medications"}


def _stated_indication(d: _Document, label: str, purpose: Optional[bool] = None,
                       ranks: Optional[tuple[int, ...]] = None) -> Optional[Fact]:
    """The first stated indication; ``purpose`` True/False keeps only the "to guide
    therapy" kind / only the "for hyperlipidemia" kind. A labelled one ("Indication:",
    "Reason for exam:") comes before one said in passing, a reason for a referral last;
    ``ranks`` keeps only those kinds (-1 the order's own reason, labelled or on the
    order's line, 0 labelled, 1 in passing, 2 a referral's reason, 3 a "Reason for visit:")."""
    def rank(span: Span) -> int:
        rule_id = target_rule_of(span).metadata["id"]
        if rule_id in ("indication-referred-for", "indication-ordered-for-elided"):
            return 2  # "referred for cardiovascular risk assessment": the visit's reason; an order comment's
            # "Ordered for risk stratification ...": after a stated condition
        if rule_id == "indication-order-line":
            return -1  # a plan's "- CT coronary artery calcium score: intermediate risk ...": the order's own
        labelled = rule_id == "indication-label"
        head = d.text[span.start_char:span.start_char + 30]
        if labelled and head[:7].lower() == "purpose":
            return 1  # "Purpose:" may be the document's ("Purpose: Transition of care"), after a reason's label
        if labelled and _ORDER_LINE.search(d.line_prefix(span.start_char)):
            return -1  # the order's own reason: "IMAGING: CT Calcium Scoring - Reason: CAD screening"
        # "Visit reason:" starts at "reason"; what an earlier field on the line says does not count
        label = _EARLIER_FIELD.split(d.line_prefix(span.start_char)[-20:])[-1] + head.split(":")[0]
        if labelled and _VISIT_REASON.search(label):
            return 3  # "Reason for visit: f/u CAC results": the visit's, when nothing says why the scan
        return 2 if labelled and _SECONDARY_REASON.search(label) else 0 if labelled else 1

    for kind, span in sorted(((rank(s), s) for s in d.ents(label)), key=lambda t: t[0]):
        if (ranks is not None and kind not in ranks) or _unticked(d, span):
            continue  # (a criteria list's "[ ] Screening for cardiovascular disease ...": not ticked)
        if d.section_at(span.start_char) in _OTHER_ORDERS_SECTIONS and not _ORDER_MENTION.search(d.line(span.start_char)):
            continue  # a vaccine's "(indication: current smoker)" in the health maintenance list
        g = _groups(span)
        said_purpose = "purpose" in g or (kind > 0 and _PURPOSE.match(g.get("value", "")) is not None)
        if purpose is not None and said_purpose != purpose:
            continue  # "to refine risk", "for shared decision-making": why now, after the clinical indication
        start = span.start_char
        text = g.get("value", "")
        if d.text[max(0, start - 1):start] == "(" and ")" in text:
            text = text[:text.index(")")]
        text = " ".join(_COMPOUND_BREAK.sub("-", text).split()).strip(" ,;:-")  # "intermediate-\n risk"
        text = _PLAN_CONDITION.split(text, 1)[0]  # "refine risk: if CAC = 0, defer statin; ...": the plan that follows
        codes = _DX_WRAPPING.sub("", text)  # "Dx E78.5, I10, Z87.891 - ABN on file": codes, no reason
        if len(text) >= 3 and not _only_codes(text) and not _only_codes(codes) \
                and not _HONORIFIC.fullmatch(text) and not _names_a_place_or_form(text) and not _IDENTIFIES.search(text):  # "a calcium score for\nMrs. Okafor": the patient
            return Fact(value=text[:300], evidence=d.span_evidence(span))
    return None


def _indication(d: _Document) -> Optional[Fact]:
    """Notes: a stated indication / reason for the order first, then an indication
    section. Reports: the indication section, a stated reason, the clinical history."""
    if d.role == "note":  # a stated reason, before a purpose ("to guide statin therapy")
        # a labelled reason, then an indication section (its header alone on its line:
        # "INDICATION" over "Hyperlipidemia"), then a reason said in passing
        return (_stated_indication(d, "INDICATION", purpose=False, ranks=(-1, 0))
                or _section_body(d, ("indication",), title=_REASON_TITLE)
                or _stated_indication(d, "INDICATION", purpose=False, ranks=(-1, 0, 1, 2))
                or _section_body(d, ("history",), title=_REASON_TITLE)  # "CLINICAL HISTORY / REASON FOR EXAM"
                or _section_body(d, ("indication",))  # before a "DIAGNOSIS / ICD-10" list
                or _problem_indication(d) or _statin_plan_problem(d) or _stated_indication(d, "INDICATION", purpose=True)
                or _stated_indication(d, "INDICATION_WEAK") or _assessment_indication(d)
                or _stated_indication(d, "INDICATION", ranks=(3,)))
    return (_section_body(d, ("indication",)) or _section_body(d, ("history",))
            or _stated_indication(d, "INDICATION") or _stated_indication(d, "INDICATION_WEAK"))


_ORDER_AFTER_CODES = re.compile(r"(?:ordered|order|signed|entered)\b", re.IGNORECASE)


def _only_codes(text: str) -> bool:
    """Diagnosis codes and nothing else, or then only who ordered ("E78.5, Z82.49, Z87.891.
    Ordered by Dr. Venkataraman today."): no reason in words."""
    listed = _CODES_ONLY.match(text)
    return listed is not None and (listed.end() == len(text) or _ORDER_AFTER_CODES.match(text, listed.end()) is not None)


_HONORIFIC = re.compile(r"(?:mr|mrs|ms|miss|mx|dr)\.?", re.IGNORECASE)
_DX_WRAPPING = re.compile(r"^(?:dx|diagnos[ie]s)\s*:?\s*|\s*-\s*ABN\b.*$", re.IGNORECASE)
_CODES_ONLY = re.compile(r"(?:[A-TV-Z]\d{2}(?:\.\w{1,4})?(?:[ \t]*\([^)\n]{0,40}\))?[\s;,/.]*)+")  # (with a short name: "R07.89 (other chest pain)")
_REASON_TITLE = re.compile(r"reason|indication|purpose", re.IGNORECASE)
_IDENTIFIES = re.compile(r"\b(?:MRN|DOB|D\.O\.B)\b")  # "CT calcium score - HARTLEY, DOUGLAS J (MRN 1044-7765)": the patient
_FORM_TITLE = re.compile(r"(?:physician\s+|imaging\s+)?(?:order|requisition|referral|request)\s+form\b", re.IGNORECASE)
_PLACE_WORDS = frozenset(("centro", "center", "centre", "imaging", "imágenes", "imagenes", "radiology", "hospital", "clinic",
                          "diagnostics"))
_NAME_LINKS = frozenset(("de", "del", "la", "of", "the", "and", "&", "for"))


def _names_a_place_or_form(text: str) -> bool:
    """"Centro de Imágenes del Norte" (where the scan is done) or "PHYSICIAN ORDER FORM" (a
    form's title) after an order's dash: no reason."""
    if _FORM_TITLE.match(text):
        return True
    words = text.rstrip(" .0123456789").split()
    return bool(words) and len(words) <= 8 and any(w.lower() in _PLACE_WORDS for w in words) and all(
        w[:1].isupper() or w.lower() in _NAME_LINKS for w in words)
_ORDER_MENTION = re.compile(r"calcium\s+(?:scor|scan)|\bCACS?\b|75571|cardiac\s+scoring", re.IGNORECASE)
_PROBLEM_HEADER = re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)]|#)[ \t]*(?=[A-Za-z])(?P<problem>[^\n]+)")
_ORDER_FIRST = re.compile(r"(?:CT|order|obtain|get|schedule)?[\w \t-]{0,25}", re.IGNORECASE)
_ORDER_ITEM = re.compile(r"^(?:(?!->|\u2192).)*?\b(?:ordered|requested|request)\b", re.IGNORECASE)
_PROBLEM_END = re.compile(r";|\s-\s|\(\s*[A-TV-Z]\d{2}[^)]*\)|\s[A-TV-Z]\d{2}(?:\.\w{1,4})?\b|:|\.(?:\s|$)")


_ACTION_ITEM = re.compile(r"(?:order(?:ed)?|obtain|get|schedule|will\s+(?:order|obtain|get|schedule))\b", re.IGNORECASE)


def _first_sentence(problem: str) -> str:
    """ "CKD-MBD (...) - continue sevelamer. Ordered CT coronary calcium ...": the problem's own
    sentence, before what was done about it."""
    return re.split(r"\.\s", problem, maxsplit=1)[0]


def _problem_indication(d: _Document) -> Optional[Fact]:
    """Problem-oriented assessment and plan ("1. Mixed hyperlipidemia (E78.2)" ... "Will
    obtain CAC"): the numbered problem under which the scan is ordered."""
    for m in _ORDER_MENTION.finditer(d.text):
        if d.section_at(m.start()) not in ("impression", "recommendation"):
            continue
        section_start = d.section_starts[bisect_right(d.section_starts, m.start()) - 1]
        headers = [h for h in _PROBLEM_HEADER.finditer(d.text, section_start, m.end())]
        if headers and _ORDER_FIRST.fullmatch(d.text, headers[-1].start("problem"), m.start()):
            continue  # "2. CT coronary artery calcium score - ordered to ...": the order itself, not a problem
        if len(headers) > 1 and _ORDER_ITEM.search(_first_sentence(headers[-1].group("problem"))):
            headers.pop()  # "2. At patient's request, also ordered CT calcium score": an action, not a problem
            if _ORDER_ITEM.search(_first_sentence(headers[-1].group("problem"))):
                continue  # a plan of orders ("1. Stress test - ordered. 2. CT calcium score - ordered"): no problems
        if not headers:
            continue
        header = _PROBLEM_HEADER.match(d.text, headers[-1].start())  # the whole line: the mention may be in it
        start = header.start("problem")
        problem = _PROBLEM_END.split(header.group("problem"), 1)[0].strip(" ,")
        if _ACTION_ITEM.match(problem):
            continue  # "1. Order CT coronary angiography with calcium scoring": a plan's order, not a problem
        if len(problem) >= 3 and problem.lower() not in ("yes", "no"):  # "1. Yes - CAC scoring is appropriate"
            return Fact(value=problem[:200], evidence=d.evidence(start, start + len(problem), "problem-oriented-plan"))
    return None


_ASSESSMENT_TITLE = re.compile(r"assessment|impression|a\s*[/&]\s*p", re.IGNORECASE)
_ASSESSMENT_AND_PLAN = re.compile(r"a\s*[/&]\s*p|(?:assessment|impression)\s*(?:and|&|/)\s*plan", re.IGNORECASE)


def _assessment_indication(d: _Document) -> Optional[Fact]:
    """An unnumbered assessment followed by the plan that orders the scan ("ASSESSMENT:
    Stable chest pain, likely angina; ..." / "PLAN: 1. Order CT coronary angiography with
    calcium scoring"): the assessment's first statement, when nothing else says why."""
    for m in _ORDER_MENTION.finditer(d.text):
        i = bisect_right(d.section_starts, m.start()) - 1
        if i < 0:
            continue
        here = d.sections[i]
        if here is not _Unsectioned and here.category == "impression" and here.body_end > here.title_end \
                and _ASSESSMENT_AND_PLAN.fullmatch(d.doc[here.title_start:here.title_end].text.strip(" :")):
            # one "A/P:" section: "A/P: atypical CP, r/o CAD." / " - CT CACS ordered ...": its lines before the order's
            section, plan = here, d.text.rfind("\n", 0, m.start()) + 1
        elif i >= 1 and here.category == "recommendation":
            section, plan = d.sections[i - 1], d.section_starts[i]
        else:
            continue
        if section is _Unsectioned or section.category != "impression" or section.body_end <= section.title_end \
                or not _ASSESSMENT_TITLE.search(d.doc[section.title_start:section.title_end].text):
            continue
        start = d.doc[section.title_end].idx
        if plan <= start:
            continue
        body = d.text[start:plan]
        lead = len(body) - len(body.lstrip(" \t\n:-"))
        first = body[lead:].split("\n", 1)[0]
        if _PROBLEM_HEADER.match(first) or _ORDER_MENTION.search(first):
            return None
        problem = _PROBLEM_END.split(first, 1)[0].strip(" ,")
        if len(problem) >= 3:
            return Fact(value=problem[:200], evidence=d.evidence(start + lead, start + lead + len(problem),
                                                                 "assessment-before-plan"))
        return None
    return None


_STATIN_PLAN = re.compile(r"\bstatins?\b|\blipid|\bcholesterol|\bLDL\b", re.IGNORECASE)
_LIPID_PROBLEM = re.compile(r"hyperlipid|hypercholesterol|dyslipid|cholesterol|\bLDL\b|\bHLD\b|lipid", re.IGNORECASE)
_ORDER_DX = re.compile(r"\b(?:dx|diagnos[ie]s)[ \t]*:", re.IGNORECASE)
_ASSESSED_PROBLEM = re.compile(r"(?m)^[ \t]*(?:A:[ \t]*)?(?:\d{1,2}[.)]|#)[ \t]*(?=[A-Za-z])(?P<problem>[^\n]+)")


def _statin_plan_problem(d: _Document) -> Optional[Fact]:
    """A plan written apart from the assessment ("Assessment: 1. Mixed hyperlipidemia ...
    4. Prediabetes" / "Plan: - Shared decision making re: statin. Ordered CT calcium score
    to inform the decision"): a scan for a statin decision is for the one lipid problem
    the assessment lists."""
    for m in _ORDER_MENTION.finditer(d.text):
        if d.section_at(m.start()) != "recommendation":
            continue
        paragraph_start = max(d.text.rfind("\n\n", 0, m.start()), d.text.rfind("\n-", 0, m.start()),
                              d.text.rfind("\n*", 0, m.start())) + 1
        paragraph_end = d.text.find("\n\n", m.end())
        paragraph = d.text[paragraph_start:paragraph_end if paragraph_end != -1 else len(d.text)]
        if not _STATIN_PLAN.search(paragraph) or _ORDER_DX.search(paragraph):
            continue  # ("Order: CT cardiac scoring. Dx: E11.9 type 2 diabetes": the order names its own)
        plan_start = d.section_starts[bisect_right(d.section_starts, m.start()) - 1]
        problems = list(_ASSESSED_PROBLEM.finditer(d.text, max(0, plan_start - 2000), plan_start))
        lipid = [p for p in problems if _LIPID_PROBLEM.search(_first_sentence(p.group("problem"))[:60])]
        if len(lipid) == 1:
            start = lipid[0].start("problem")
            problem = _PROBLEM_END.split(lipid[0].group("problem"), 1)[0].strip(" ,")
            if not _LIPID_PROBLEM.search(problem):  # "Primary prevention; untreated hyperlipidemia"
                problem = _first_sentence(lipid[0].group("problem")).strip(" ,.")
            if len(problem) >= 3:
                return Fact(value=problem[:200], evidence=d.evidence(start, start + len(problem), "statin-plan-problem"))
    return None


def _clinical_allowed(d: _Document, span: Span) -> bool:
    section = d.section_at(span.start_char)
    if d.role == "report":
        return section in REPORT_CLINICAL_SECTIONS
    return section not in NOTE_EXCLUDED_SECTIONS


_NEVER_SMOKER_ANSWER = re.compile(r"(?:smoking|tobacco|smoker)(?:[ \t]+(?:status|use|history|hx))?[ \t]*[:=\-][ \t]*"
                                  r"(?:never|non-?smoker|none\b|no\b|denies|not\s+(?:on\s+file|asked|assessed|documented)"
                                  r"|unknown)", re.IGNORECASE)
_SHORT_RELATIVES = {"bro": "brother", "sis": "sister", "sib": "sibling", "f": "father", "m": "mother"}
_PREMATURE_WORD = re.compile(r"premature|early|young", re.IGNORECASE)
_RELATIVE_WORD = re.compile(r"\b(?:%s)\b" % "|".join(MALE_RELATIVES + FEMALE_RELATIVES))


def _family_cad_is_premature(d: _Document, span: Span) -> Optional[bool]:
    """True when the relative's stated age makes the family CAD premature (or the text says
    "premature" / "early"), False when it does not, None when no age is stated."""
    g = _groups(span)
    after = " ".join(d.text[span.end_char:span.end_char + 240].split())[:60]  # form answers sit far right
    context = (d.span_text(span) + " " + after).lower()
    age = g.get("age")
    relative = (g.get("relative") or d.span_text(span)).lower()
    relative = _SHORT_RELATIVES.get(relative, relative)  # "FH: M-MI@63", "bro MI @50"
    if age is None:
        m = re.search(r"\b(?:at|age(?:\s+(?:when\s+it\s+happened|at\s+(?:onset|event|diagnosis))[ \t]*:)?|aged)\s+"
                      r"(?:(?:the\s+)?age\s+(?:of\s+)?)?(\d{2})\b|\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?\s*|late\s+)?(\d)0s\b", context)
        age = (m.group(1) or m.group(2) + "0") if m else None
        named = m and _RELATIVE_WORD.findall(context, len(d.span_text(span)), m.start())
        if named:  # a form's "brother or sister had a heart attack? At what age? Dad ... at 62": the dad's age
            relative = named[-1]
    if age is None:
        return True if _PREMATURE_WORD.search(context[:len(d.span_text(span)) + 20]) else None
    limit = 55 if any(r in relative for r in MALE_RELATIVES) else 65 if any(
        r in relative for r in FEMALE_RELATIVES) else 55
    return int(age) < limit


_READING = re.compile(r"(?:elevated|high|raised|borderline)\b", re.IGNORECASE)


# the last box before a place on its line is an empty one ("[ ]", "( )", "\u2610", "\u25a1")
_UNTICKED = re.compile(rf"(?:{EMPTY_BOX})(?:(?!{MARKED_BOX})[^\n])*\Z")


def _unticked(d: _Document, span: Span) -> bool:
    """The last box before the span on its line is an empty one: an option not chosen."""
    return _UNTICKED.search(d.line_prefix(span.start_char)) is not None


_BARE_CODE = re.compile(r"[A-Z]\d\d(?:\.\w{1,4})?")  # an ICD-10-CM code of its own (rf-code-* rules)


_NOT_STATED_INDICATION = ("legend", "recommendation", "comparison", "family_history")


def _retracted(d: _Document, spans: Iterable[Span]) -> set[str]:
    """The conditions an addendum denies: "Correction: ... The patient does not have
    hypertension" takes back the note's "History of hypertension" above it."""
    return {target_rule_of(s).metadata["name"] for s in spans
            if d.section_at(s.start_char) == "addendum" and (c := context_of(s)).negated and not c.family}


def _risk_factors(d: _Document) -> list[NamedFact]:
    out: dict[str, NamedFact] = {}
    spans = d.ents("RISK_FACTOR", "FAMILY_CAD")
    denied = None  # (sentence start, name) of the conditions a sentence denies, found when first needed
    retracted = _retracted(d, spans)
    stated = None  # the ranges of the document's stated indications, found when first needed
    ageless, aged = [], False  # family CAD stated with no age; one whose stated age is not premature
    for span in spans:
        if not _is_affirmed(span):
            continue
        if not _clinical_allowed(d, span):
            # a condition in the stated indication is the patient's wherever the line sits (a
            # terse report's "CAC SCORE - SUMMARY" header over "Indication: ..., hypertension.")
            if stated is None:
                stated = [(s.start_char, s.end_char) for s in d.ents("INDICATION")
                          if d.section_at(s.start_char) not in _NOT_STATED_INDICATION]
            if not _within(span.start_char, stated):
                continue
        name = target_rule_of(span).metadata["name"]
        if name in retracted and span.label_ == "RISK_FACTOR" and not context_of(span).family:
            continue
        if _unticked(d, span):
            continue  # "[ ] Diabetes mellitus type 2 ........ E11.9": the box before it is not ticked
        if _BARE_CODE.fullmatch(d.span_text(span)) and any(
                o is not span and target_rule_of(o).metadata["name"] == name
                and "\n" not in d.text[min(o.start_char, span.start_char):max(o.end_char, span.start_char)]
                for o in spans):
            continue  # the code beside its condition's name: the name's reading decides ("Obesity  Resolved  E66.9")
        if _READING.match(d.span_text(span)):
            # "Elevated blood pressure without diagnosis of hypertension": a sentence that denies
            # the condition by name does not state it by a reading ("elevated", "high", "borderline")
            if denied is None:
                denied = {(s.sent.start, target_rule_of(s).metadata["name"]) for s in spans if context_of(s).negated}
            if (span.sent.start, name) in denied:
                continue
        if name == "tobacco_use" and _NEVER_SMOKER_ANSWER.match(d.text, span.start_char):
            continue  # the label of "Smoking status: Never smoker" / "Smoking status: Not on file"
        if d.section_at(span.start_char) == "resolved_problems" and name != "tobacco_use":
            continue  # a problem list's "Resolved / Inactive" part; resolved tobacco use is a former smoker's
        family = context_of(span).family or d.section_at(span.start_char) == "family_history"
        if span.label_ == "FAMILY_CAD" or (name == "known_cad" and family):
            premature = _family_cad_is_premature(d, span)
            if premature is None:
                ageless.append(span)  # counted unless the document gives the relatives' ages elsewhere
            if not premature:
                aged |= premature is False
                continue
            name = "family_history_cad"
        elif family:
            continue
        if name not in out:
            out[name] = NamedFact(name=name, source=d.role, evidence=d.span_evidence(span))
    if ageless and not aged and "family_history_cad" not in out:
        # "Family history of CAD" with no age: premature as far as the document says, unless its
        # family history gives the relatives' ages ("Father - MI at age 55", "Mother - CABG at 65")
        out["family_history_cad"] = NamedFact(name="family_history_cad", source=d.role,
                                              evidence=d.span_evidence(ageless[0]))
    return list(out.values())


_RESOLVED_ITEM = re.compile(r"[,;-][ \t]*(?:now[ \t]+)?resolved(?:[ \t]*\.?[ \t]*$|[ \t]*[(;])|\|[ \t]*resolved\b", re.IGNORECASE)


_PAST_BEFORE = re.compile(r"\b(?:prior|previous|remote|past)\s+(?:[a-z-]+\s+)?\Z", re.IGNORECASE)


def _symptoms(d: _Document) -> list[NamedFact]:
    out: dict[str, NamedFact] = {}
    denials = [(s.start_char, s.end_char) for s in d.ents("ASYMPTOMATIC")]
    for span in d.ents("SYMPTOM"):
        if not _is_affirmed(span) or (c := context_of(span)).family or c.historical or not _clinical_allowed(d, span):
            continue  # (historical: "atypical chest pain 2022 - ETT negative, no recurrence")
        if any(a <= span.start_char < b for a, b in denials):
            continue  # "No anginal symptoms": the symptom word inside a statement that there are none
        if _PAST_BEFORE.search(d.text, max(0, span.start_char - 30), span.start_char):
            continue  # "Prior chest pain was GERD": a past episode
        if _RESOLVED_ITEM.search(d.text, span.end_char, d.text.find("\n", span.end_char) % (len(d.text) + 1)):
            continue  # a problem list's "Chest pain, unspecified (R07.9) - ED 2022, neg stress echo, resolved"
        if d.section_at(span.start_char) in ("family_history", "resolved_problems") \
                or _unticked(d, span):
            continue  # (a criteria list's "[ ] Active symptom evaluation (chest pain, dyspnea, syncope)")
        name = target_rule_of(span).metadata["name"]
        if name not in out:
            out[name] = NamedFact(name=name, source=d.role, evidence=d.span_evidence(span))
    return list(out.values())


def _screening(d: _Document) -> Optional[Fact]:
    for span in d.ents("SCREENING"):
        if not _is_affirmed(span) or (c := context_of(span)).family or c.historical:  # "a screening scan in 2022"
            continue
        if _unticked(d, span):
            continue  # a criteria list's "[ ] Screening for cardiovascular disease ... (Z13.6)"
        sentence = d.sentence(span)
        if "screening" in d.span_text(span).lower():
            if _SCREENING_OTHER.search(sentence):
                continue
            if not (_CARDIAC_WORDS.search(sentence)
                    or d.section_at(span.start_char) in ("indication", "history", None)):
                continue
        return Fact(value=True, evidence=d.span_evidence(span))
    return None


# --- entry points ----------------------------------------------------------------

def extract_facts(doc: Doc, source: SourceDocument, role: str) -> Extraction:
    """Every field of the contract that this one document states."""
    d = _Document(doc, source, role)
    ex = Extraction()
    cells = find_tables(d.text)
    if d.attachments:
        cells = [c for c in cells if not d.in_attachment(c.start)]
    d.table_rows = {(c.start, c.end) for c in cells}
    cells = [c for c in cells if not c.prior]  # a prior study's table: its rows are no one's values
    _agatston(d, cells, ex)
    _vessels(d, cells, ex)
    for field, label, column in (("volume_score", "VOLUME_SCORE", "volume"), ("mass_score", "MASS_SCORE", "mass")):
        setattr(ex, field, _pick(_score_values(d, label, cells, column)))
    _percentile(d, ex)
    _cac_drs(d, ex)
    _risk_category(d, ex)
    ex.risk_category_expected = expected_category(ex.agatston_total.value if ex.agatston_total else None)
    ex.contrast_administered = _boolean_fact(d, "CONTRAST_GIVEN", "NON_CONTRAST",
                                             ("comparison", "history", "indication", "recommendation", "legend",
                                              "medications"))  # (an allergy list's "Iodinated contrast (hives)")
    ex.ecg_gated = _boolean_fact(d, "ECG_GATED", "NON_GATED", ("comparison", "recommendation", "legend"))
    ex.signed = _signature(d)
    ex.exam_date = _first_date(d, "EXAM_DATE") or _weak_exam_date(d)
    indication = _indication(d)
    ex.indication = indication
    ex.indications = [indication] if indication else []
    ex.impression = _section_body(d, ("impression",))
    ex.risk_factors = _risk_factors(d)
    ex.symptoms = _symptoms(d)
    ex.screening = _screening(d)
    ex.asymptomatic = next((Fact(value=True, evidence=d.span_evidence(s)) for s in d.ents("ASYMPTOMATIC")
                            if _is_affirmed(s) and _clinical_allowed(d, s)), None)
    patient = _patient(d)
    ex.patients = [patient] if patient else []
    ex.ordering_provider = _ordering_provider(d, patient)
    ex.ascvd_risk_percent = _ascvd(d)
    ex.intermediate_risk = _intermediate_risk(d, ex.ascvd_risk_percent)
    return ex


REPORT_FIELDS = ("agatston_total", "vessels", "volume_score", "mass_score", "percentile", "cac_drs",
                 "risk_category_stated", "risk_category_expected", "contrast_administered", "ecg_gated",
                 "signed", "exam_date", "impression", "agatston_mentions", "addendum_present")


def merge_facts(report: Optional[Extraction], note: Optional[Extraction]) -> Extraction:
    """One contract extraction from a report and its ordering note: study facts from the
    report; indication from the report, else the note; risk factors, symptoms, patient
    identifiers from both (each with its source); ordering provider and ASCVD risk from
    the note first."""
    merged = Extraction()
    if report is not None:
        for field in REPORT_FIELDS:
            setattr(merged, field, getattr(report, field))
    docs = [x for x in (report, note) if x is not None]
    merged.indication = next((x.indication for x in docs if x.indication), None)
    merged.indications = [f for x in docs for f in x.indications]
    merged.risk_factors = [f for x in docs for f in x.risk_factors]
    merged.symptoms = [f for x in docs for f in x.symptoms]
    merged.screening = next((x.screening for x in docs if x.screening), None)
    merged.asymptomatic = next((x.asymptomatic for x in docs if x.asymptomatic), None)
    merged.patients = [p for x in docs for p in x.patients]
    for field in ("ordering_provider", "ascvd_risk_percent", "intermediate_risk"):
        setattr(merged, field, next((getattr(x, field) for x in reversed(docs) if getattr(x, field)), None))
    if report is None and note is not None:
        merged.exam_date = None
    return merged
