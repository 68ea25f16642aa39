"""Three fixes to medspaCy 1.3.1, installed by ``pipeline.build_nlp``.

1. Speed: ``RegexMatcher`` rebuilds ``doc.text_with_ws`` (a join over every token) for
   each of its patterns, which was most of the Sectionizer's time. ``_call`` is the same
   method with the text built once per document, and a header rule ("(?m)^...", case
   insensitive) matched in its fast form (``_fast_form``); results are identical
   (tests/extraction/test_pipeline.py compares both on the corpus).
2. Correctness: ``medspacy.util.tuple_overlaps`` misses the case where the second span
   contains the first, so a TERMINATE modifier ("but") whose scope is the whole sentence
   never ends the scope of a modifier cut short by ``max_scope`` ("is not high, but I
   consider him intermediate risk" came out negated). ``_overlaps`` is the plain
   interval test.
3. Parentheses in a list of negated conditions: a closing parenthesis ends a negation's
   scope only when the negation stands inside the parentheses ("hypertension (no meds),
   diabetes"); one that opened after it is an aside within its scope ("does not have
   diabetes (A1c 5.4) or high blood pressure"). ``_init`` notes where a ")" modifier's
   parenthesis opened, ``_limit_scope`` lets a forward negation that starts before that
   run past it (a forward "prior" too, past a date: "Prior CAC (05/02/2019)  Agatston 640"),
   and a backward one (a problem list's status "Resolved") that stands right after it
   reach back past it. ``_init`` also keeps the scope of a form line's ticked answer
   (NEGATED_ANSWER: "Smoking: [ ] Current [X] Never") on its line.
"""
from __future__ import annotations

import re
from typing import Optional

from medspacy.common import regex_matcher
from medspacy.common.util import get_token_for_char
from medspacy.context import context_modifier

from .patterns import lowercase_regex
from .pipeline import doc_text

_ORIGINAL_CALL = regex_matcher.RegexMatcher.__call__
_ORIGINAL_OVERLAPS = context_modifier.tuple_overlaps
_ORIGINAL_INIT = context_modifier.ConTextModifier.__init__
_ORIGINAL_LIMIT_SCOPE = context_modifier.ConTextModifier.limit_scope
_PAREN_REACH = 40  # tokens back from a ")" to look for its "("
_DASHES = frozenset(("-", "--", "\u2013", "\u2014"))
_STATUSES = frozenset(("NEGATED_EXISTENCE", "HISTORICAL"))  # what a status after an aside says of the item
_DATE_ASIDE = re.compile(r"\s*(?:\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|(?:19|20)\d\d)\s*")


def _init(self, context_rule, start, end, doc, *args, **kwargs):
    _ORIGINAL_INIT(self, context_rule, start, end, doc, *args, **kwargs)
    self._opened_at = None
    if doc is None:
        return
    if context_rule.category == "NEGATED_ANSWER":  # a form line's ticked answer: its scope stays on the line
        for i in range(start - 1, self._scope_start - 1, -1):
            if "\n" in doc[i].text:
                self._scope_start = i + 1
                break
    elif end - start == 1 and doc[start].text == ")":
        depth = 0
        for i in range(start - 1, max(-1, start - _PAREN_REACH), -1):
            text = doc[i].text
            if text == ")":
                depth += 1
            elif text == "(":
                if not depth:
                    self._opened_at = i
                    break
                depth -= 1
        if self._opened_at is not None:
            # the parentheses' text, tested for a date only when a "prior" meets it
            self._aside = (doc_text(doc), doc[self._opened_at].idx + 1, doc[start].idx)
            after = end
            while after < len(doc) and (doc[after].is_space or doc[after].text in _DASHES):
                after += 1
            self._word_after = after  # the first word after the ")" (and a dash: "(vasovagal) -- none since")


def _limit_scope(self, other) -> bool:
    opened = other._opened_at
    if opened is not None and self._start < opened and self.direction.lower() == "forward" and (
            self.category == "NEGATED_EXISTENCE"
            or (self.category == "HISTORICAL" and _DATE_ASIDE.fullmatch(*other._aside))):
        return False  # "does not have diabetes (A1c 5.4) or high blood pressure", "Prior CAC (05/02/2019) 640"
    if opened is not None and self._start == other._word_after and self.category in _STATUSES \
            and self.direction.lower() == "backward":
        return False  # a problem list's "Obesity (BMI 31)     Resolved": the status right after the aside
        # (or "Near-syncopal episode in 2019 (vasovagal) -- none since")
    return _ORIGINAL_LIMIT_SCOPE(self, other)


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_LINE_START = "(?m)^"
_FAST_FORMS: dict = {}


def _fast_form(pattern: re.Pattern) -> Optional[re.Pattern]:
    """A case-insensitive header regex "(?m)^HEADER" as "\\nheader", lower case: run over
    "\\n" + the lower-cased text, the engine jumps from line break to line break instead of
    testing "^" at every character, and compares without case folding (the section
    rules, about twice as fast). None for any other pattern."""
    fast = _FAST_FORMS.get(pattern, False)
    if fast is False:
        fast = None
        if pattern.flags & re.IGNORECASE and pattern.pattern.startswith(_LINE_START):
            low = lowercase_regex(pattern.pattern)
            if low is not None:
                fast = re.compile("\n" + low[len(_LINE_START):], re.MULTILINE)
        _FAST_FORMS[pattern] = fast
    return fast


def _finditer(pattern: re.Pattern, text: str, lines: Optional[str]):
    """(start, end) of each match of ``pattern`` in ``text``; of its fast form in ``lines``
    ("\\n" + the lower-cased text, or None when lower-casing changes the length)."""
    fast = _fast_form(pattern) if lines is not None else None
    if fast is None:
        return (m.span() for m in pattern.finditer(text))
    return ((m.start(), m.end() - 1) for m in fast.finditer(lines))  # its "\\n" is the line start's -1


def _call(self, doc):
    matches = []
    text = doc_text(doc)  # == doc.text_with_ws, without joining the tokens again
    lower = text.lower()
    lines = "\n" + lower if len(lower) == len(text) else None
    for match_id, patterns in self._patterns.items():
        on_match = self._callbacks[match_id]
        for pattern in patterns:
            for match_start, match_end in _finditer(pattern, text, lines):
                span = doc.char_span(match_start, match_end)
                if span is None:
                    start = get_token_for_char(doc, match_start, resolve=self.resolve_start)
                    end = get_token_for_char(doc, match_end, resolve=self.resolve_end)
                    span = doc[start.i: len(doc) if end is None else end.i]
                if len(span):
                    matches.append((match_id, span.start, span.end))
                if on_match is not None:
                    on_match(self, doc, len(matches) - 1, matches)
    return matches


def install() -> None:
    regex_matcher.RegexMatcher.__call__ = _call
    context_modifier.tuple_overlaps = _overlaps
    context_modifier.ConTextModifier.__init__ = _init
    context_modifier.ConTextModifier.limit_scope = _limit_scope


def uninstall_speedup() -> None:
    """For the test that compares the fast matcher with medspaCy's own."""
    regex_matcher.RegexMatcher.__call__ = _ORIGINAL_CALL
