"""A faster ``RegexMatcher.__call__`` for medspaCy 1.3.1.

medspaCy's ``RegexMatcher`` rebuilds ``doc.text_with_ws`` (a join over every token) for
each of its patterns, which is most of the Sectionizer's and ConText's time on regex
rules. This is the same method with the text built once per document; results are
identical (tests/test_pipeline.py compares both).
"""
from __future__ import annotations

from medspacy.common import regex_matcher
from medspacy.common.util import get_token_for_char

_ORIGINAL_CALL = regex_matcher.RegexMatcher.__call__


def _call(self, doc):
    matches = []
    text = doc.text_with_ws
    for match_id, patterns in self._patterns.items():
        on_match = self._callbacks[match_id]
        for pattern in patterns:
            for re_match in pattern.finditer(text):
                span = doc.char_span(re_match.start(), re_match.end())
                if span is None:
                    start = get_token_for_char(doc, re_match.start(), resolve=self.resolve_start)
                    end = get_token_for_char(doc, re_match.end(), resolve=self.resolve_end)
                    span = doc[start.i: len(doc) if end is None else end.i]
                if len(span):
                    matches.append((match_id, span.start, span.end))
                if on_match is not None:
                    on_match(self, doc, len(matches) - 1, matches)
    return matches


def install() -> None:
    regex_matcher.RegexMatcher.__call__ = _call


def uninstall() -> None:
    regex_matcher.RegexMatcher.__call__ = _ORIGINAL_CALL
