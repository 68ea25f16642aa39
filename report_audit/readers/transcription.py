"""Transcription artefacts: text that a speech recogniser or an OCR engine produced, put
back the way a typist would have written it (digits for dictated numbers, marks for
spoken punctuation, decimals and capitals for OCR), each only when the document shows
the artefact, with its ``OffsetMap`` back to the text it was given."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .offsets import OffsetMap, Rewrite, edited, word_edits


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


def spoken_numbers(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Numbers dictated as words, as digits: "a total score of one hundred twelve" ->
    "a total score of 112", "nineteen point 6" -> "19.6", "seventy first percentile" ->
    "71st percentile". A lone "one" (a pronoun) and a lone ordinal ("the first") are left,
    and so are numbers below ten unless a unit or "point" follows (the patterns read
    "zero", and "two vessels" means the same either way)."""
    if _SPOKEN_ANY.isdisjoint(_words(text)):
        return None  # (the text's words as a set: seven times faster than a regex scan)
    edits = []
    for m in _SPOKEN_NUMBER.finditer(text):
        whole, _, decimals = m.group().lower().partition(" point ")
        words = re.split(r"[ \t-]+(?:and[ \t]+)?", whole.strip())
        value = _spoken_value(words)
        if value is None and words[0] in ("nineteen", "twenty") \
                and _AFTER_MONTH.search(text, max(0, m.start() - 25), m.start()):
            rest = _spoken_value(words[1:]) if len(words) > 1 else None  # "June, nineteen fifty-nine"
            value = (str(_NUMBER_WORDS[words[0]] * 100 + int(rest)) if rest and rest.isdigit() and 10 <= int(rest) < 100
                     else None)
        if value is None or (len(words) == 1 and not decimals and (
                words[0] in _ORDINALS and not text.startswith("percentile", m.end() + 1)
                and not _OF_MONTH.match(text, m.end())  # "the fourth of March"
                or words[0] in _NUMBER_WORDS and _NUMBER_WORDS[words[0]] < 10
                and not _CLASS_LETTER.search(text, max(0, m.start() - 4), m.start()))):  # "CAC-DRS A two, N three"
            continue
        if decimals:
            digits = [str(_NUMBER_WORDS[d]) if d in _NUMBER_WORDS else d for d in decimals.split()]
            value += "." + "".join(digits)
        edits += word_edits(*m.span(), value)  # the last digit maps to the last letter: evidence spans the words
    return edited(text, edits) if edits else None


# a dictated number taken back: "LAD 45, correction, 54", "112, scratch that, 121", "12.4 percent,
# correction, 14.2 percent"
_SPOKEN_CORRECTION = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?:[ \t]*(?:%|percent|mm3|mg))?[ \t]*[,.;]?[ \t]*(?:correction|scratch[ \t]+that|"
                                r"strike[ \t]+that|i[ \t]+mean|sorry)[ \t]*[,.:;]?[ \t]*(?=\d)", re.IGNORECASE)
_CORRECTION_WORDS = (b"correction", b"scratch", b"strike", b"mean", b"sorry")


def spoken_corrections(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A number the speaker corrected at once, as the number meant: "LAD 45, correction,
    54" -> "LAD 54" (the evidence keeps the whole phrase)."""
    if _words(text).isdisjoint(_CORRECTION_WORDS):
        return None
    edits = [(m.start(), m.end(), "") for m in _SPOKEN_CORRECTION.finditer(text)]
    return edited(text, edits) if edits else None


_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
_OF_MONTH = re.compile(r"[ \t]+of[ \t]+(?:%s)\b" % _MONTH_NAMES, re.IGNORECASE)
_AFTER_MONTH = re.compile(r"\b(?:%s)(?:[ \t]+\d{1,2}(?:st|nd|rd|th)?)?,?[ \t]+\Z" % _MONTH_NAMES, re.IGNORECASE)
_CLASS_LETTER = re.compile(r"(?<![\w-])[AN][ \t]+\Z")


_last_words: list = [None, frozenset()]


def _words(text: str) -> frozenset:
    """The text's lower-case words as bytes (a set: testing it for any of a list of words is
    seven times faster than a regex scan), kept for the next step given the same text."""
    if _last_words[0] is not text:
        _last_words[:] = [text, frozenset(text.lower().encode("ascii", "ignore").translate(_WORD_BREAKS).split())]
    return _last_words[1]


# a quick test for any number word from ten up (the only ones rewritten on their own)
_SPOKEN_ANY = frozenset(w.encode() for w in [w for w, v in _NUMBER_WORDS.items() if v >= 10] + ["hundred", "point"]
                        + [w for w, v in _ORDINALS.items() if v >= 10])
_WORD_BREAKS = bytes.maketrans(b"-.,;:()/\"'!?[]", b" " * 14)


_WORD_RUN = re.compile(r"[A-Za-z]{4,}")
# a letter O typed for a zero after a score's label: "LM: O", "Total Agatston: O", "Volume: O mm3"
_O_FOR_ZERO = re.compile(r"(?i:\b(?:lm|lad|lcx|cx|rca|pda|total|agatston|score|volume|mass)\b[^\n:]{0,20}:[ \t]*)(O)"
                         r"(?=[ \t]*(?:mm3|mg|au\b|\(|$|\n|[,;.](?!\d))|[ \t]{2,})", re.MULTILINE)


def misspellings(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Words of the patterns as a hurried typist left them ("Agatsen", "circumflx",
    "hypertenson"; the list is data, ``patterns/spelling.json``) spelt out, and a letter O
    typed for a zero after a score's label ("LM: O") read as 0."""
    from ..patterns import spellings

    words = spellings()
    edits = []
    if not _misspelt_set().isdisjoint(_words(text)):
        for m in _WORD_RUN.finditer(text):  # (the set test first: most documents have none)
            fix = words.get(m.group().lower())
            if fix is not None:
                word = m.group()
                fix = fix.upper() if word.isupper() else fix.capitalize() if word[0].isupper() else fix
                edits += word_edits(*m.span(), fix)  # evidence spans the misspelt word
    if ": O" in text or ":O" in text or ":\tO" in text:
        edits += [(m.start(1), m.end(1), "0") for m in _O_FOR_ZERO.finditer(text)]
    return edited(text, edits) if edits else None


@lru_cache(maxsize=None)
def _misspelt_set() -> frozenset:
    from ..patterns import spellings

    return frozenset(w.encode() for w in spellings())


# punctuation a speech recogniser wrote out as words: "... at age forty nine period he denies"
_SPOKEN_MARKS = {"comma": ",", "period": ".", "full stop": ".", "colon": ":", "semicolon": ";", "slash": "/",
                 "new paragraph": "\n\n", "next paragraph": "\n\n", "new line": "\n", "next line": "\n"}
_SPOKEN_MARK = re.compile(r"(?i)[ \t]*\b(%s)\b(?:[ \t]+(?=\S)|[ \t]*$)?" % "|".join(
    m.replace(" ", "[ \t]+") for m in sorted(_SPOKEN_MARKS, key=len, reverse=True)), re.MULTILINE)
_SPOKEN_NUMBER_START = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|" \
                       r"forty|fifty|sixty|seventy|eighty|ninety|hundred|\d)"
# "left main colon zero": a spoken colon before a number (elsewhere "colon" is the bowel)
_COLON_BEFORE_NUMBER = re.compile(r"(?i)[ \t]+" + _SPOKEN_NUMBER_START + r"|[ \t]*$", re.MULTILINE)
_DICTATION_MARK = re.compile(r"(?i)\b(?:new|next)[ \t]+paragraph\b|[ \t](?:comma|period)[ \t]+[a-z]"
                             r"|[ \t]colon[ \t]+" + _SPOKEN_NUMBER_START)


def spoken_punctuation(text: str) -> Optional[tuple[str, OffsetMap]]:
    """In a dictation whose recogniser left the spoken punctuation in (a "new paragraph",
    or three or more "comma"/"period" between words), those words as the marks. Only
    then: elsewhere "colon" and "period" are anatomy and time."""
    low = text.lower()
    if "comma" not in low and "period" not in low and "paragraph" not in low and "colon" not in low:
        return None
    if not ("paragraph" in low or len(_DICTATION_MARK.findall(text)) >= 3) or not _DICTATION_MARK.search(text):
        return None
    marks = []
    for m in _SPOKEN_MARK.finditer(text):
        mark = _SPOKEN_MARKS[" ".join(m.group(1).lower().split())]
        if mark == ":" and not _COLON_BEFORE_NUMBER.match(text, m.end(1)):
            continue  # "history of colon cancer"
        a, b = m.span()
        marks.append((a, b, mark if mark.startswith("\n") or b == len(text) or text[b - 1:b] == "\n" or mark == "/"
                      else mark + " "))
    return edited(text, marks)


# OCR'd faxes: "14 . 6", "score :   12", "Dr .", "CAC - DRS A1 / N1", "FlNDlNGS", "T0TAL"
_OCR_SIGN = re.compile(r"[,.](?<=\w[ \t][,.])(?=[ \t])")  # a word, a space, then , or . (literal first: fast)
_OCR_FIX = re.compile(
    r"(?P<point>(?<=\d)[ \t]+[.:][ \t]+(?=\d))"  # a decimal point or a time's colon
    r"|(?P<before>[ \t]+(?=[,.:;)]))|(?P<after>(?<=\()[ \t]+)"  # spaces before , . : ; ) and after (
    r"|(?P<joint>(?<=\w)[ \t]+[-/][ \t]+(?=\w))"  # "ECG - gated", "A1 / N1"
    r"|(?P<word>\b(?=[A-Z0l]*[0l])(?=[A-Z0l]*[A-Z])[A-Z0l]{2,}\b)"  # capitals read as l and 0
    r"|(?P<gap>(?<=[\w,.:;)]) {2,3}(?=[\w(]))")  # words set apart (table columns are further apart)
_OCR_LETTERS = str.maketrans({"l": "I", "0": "O"})


def ocr_repair(text: str) -> Optional[tuple[str, OffsetMap]]:
    """Text recognised from a faxed or scanned page by OCR spaces its punctuation out and
    reads capital I and O as l and 0. When a document shows it (a dozen or more " , "
    or " . " after a word), decimals, times and hyphenated or slashed terms are joined again
    and capitals words get their letters back ("T0TAL" -> "TOTAL", "Ml" -> "MI"); words
    set two or three spaces apart get one space."""
    if len(_OCR_SIGN.findall(text)) < 12:
        return None
    rewrite = Rewrite()
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


# a speech-recognition dictation left with no punctuation at all ("... medical record number
# 40718826 date of service january 22 2026 she is a 57 year old woman ...")
_UNPUNCTUATED_WORD = re.compile(r"[a-z]+")
_SPOKEN_FIELD = re.compile(
    r"(?<= )(?:patient name|medical record number|date of birth|date of (?:the )?(?:exam|examination|service|study)|"
    r"referring physician|ordering physician|clinical history|indication|technique|comparison|findings|impression|"
    r"recommendations?|assessment and plan|end of dictation)(?= )")
_SPOKEN_SUBJECT = re.compile(
    r"(?<= )(?:she|he|they|we|i|there (?:is|are|was|were)|recommend|interval (?:increase|progression|change|decrease)|"
    r"(?:her|his) (?=(?:mother|father|brother|sister|son|daughter|"
    r"parents?|family|blood|ldl|hdl|cholesterol|a1c|bmi|weight|pulse|heart|ecg|ekg|exam|last|primary|risk)\b))(?= |\b)")
_BOUND_BEFORE = re.compile(
    r"\b(?:and|or|that|if|when|whether|because|but|as|so|which|who|where|to|of|for|with|by|from|than|at|on|in|"
    r"said|says|states|reports|told|tell|asked|ask|whom|while|since|until|unless|then) \Z")


def unpunctuated_dictation(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A dictation with no punctuation at all, read as its speaker meant it: each spoken
    field and section ("date of birth", "indication", "impression") starts its own line
    and ends in a colon ("\\nindication: hyperlipidemia ..."), and a sentence ends before a
    new subject ("... never smoked. she does not have diabetes. her mother had ...") unless
    the word before binds it ("that she", "and he"). Only for a text of 120 words or more,
    nearly all in lower case, with fewer than one mark of punctuation in 40 words."""
    marks = sum(text.count(c) for c in ".,;:?!") if len(text) >= 600 else len(text)
    if marks * 40 * 4 >= len(text):  # cheap first: a word is longer than four characters on average
        return None
    words = _UNPUNCTUATED_WORD.findall(text)
    if marks * 40 >= len(words):
        return None
    if len(words) < 120 or sum(c.isupper() for c in text) * 20 > len(text):
        return None
    # the space before a field becomes ".\n", a colon follows the field's name, a period
    # ends the sentence before a new subject
    edits = [edit for m in _SPOKEN_FIELD.finditer(text)
             for edit in ((m.start() - 1, m.start(), ".\n"), (m.end(), m.end(), ":"))]
    edits += [(m.start() - 1, m.start() - 1, ".") for m in _SPOKEN_SUBJECT.finditer(text)
              if not _BOUND_BEFORE.search(text, max(0, m.start() - 12), m.start())]
    return edited(text, edits)
