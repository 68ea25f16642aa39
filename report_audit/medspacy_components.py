"""medspaCy's Sectionizer and ConText, with the work our reports never use left out.

Both run medspaCy's own rules, matchers and algorithm; each leaves out one step whose
result this pipeline discards, and each gives the same sections and the same ConText
attributes on every target as the plain component (tests/extraction/test_pipeline.py
compares them on the corpus):

- ``ReportSectionizer`` does not copy each section onto every one of its tokens (about
  half of the Sectionizer's time). ``token._.section`` still answers: it is a getter that
  finds the token's section in ``doc._.sections``.
- ``ReportConText`` runs ConText's graph sentence by sentence. A modifier's scope never
  leaves its sentence (no ``max_scope`` window is configured), so a modifier can neither
  modify a target nor limit the scope of a modifier in another sentence; medspaCy
  compares every modifier with every other one and with every target of the document.
  Sentences without a target get no modifiers, and ``doc._.context_graph`` lists only
  the modifiers built.

``split_leading_in`` rewrites a token pattern that starts with ``{"LOWER": {"IN": [...]}}``
into one pattern per word: spaCy's Matcher calls a Python predicate on every token of the
document for a leading ``IN``, but compares a plain ``LOWER`` in C. ``as_phrases`` goes
further for a pattern of plain words: its phrases go to medspaCy's PhraseMatcher, which
looks each token up once instead of trying every pattern at every token.
"""

from bisect import bisect_right
from itertools import product
from math import prod
from typing import Optional

from medspacy.context import ConText, ConTextGraph, ConTextModifier
from medspacy.section_detection import Sectionizer
from medspacy.section_detection.section import Section
from medspacy.util import tuple_overlaps
from spacy.language import Language
from spacy.tokens import Doc, Token


def _token_section(token: Token):
    """``token._.section``: what a Sectionizer stored for the token, else the section of
    ``doc._.sections`` that contains it."""
    stored = token.doc.user_data.get(("._.", "section", token.idx, None))
    if stored is not None:
        return stored
    for section in token.doc._.sections or ():
        start, end = section.section_span
        if start <= token.i < end:
            return section
    return None


def register_token_section() -> None:
    Token.set_extension("section", getter=_token_section, force=True)


class ReportSectionizer(Sectionizer):
    """medspaCy's Sectionizer without the per-token copy of each section."""

    def _plain(self) -> bool:
        """True when none of the options that only medspaCy's own ``__call__`` handles
        is in use: line requirements, parent sections, length limits, sentence
        boundaries at headers, span attributes."""
        rules = self._Sectionizer__matcher.rule_map.values()
        return not (self.require_start_line or self.require_end_line or self._parent_sections
                    or self.max_section_length is not None or self._apply_sentence_boundary
                    or self.assertion_attributes_mapping or any(r.max_scope is not None for r in rules))

    def __call__(self, doc: Doc) -> Doc:
        if not self._plain():
            return super().__call__(doc)
        matcher = self._Sectionizer__matcher
        matches = matcher(doc)
        sections = []
        if not matches or matches[0][1] != 0:  # text before the first header
            sections.append(Section(None, 0, 0, 0, matches[0][1] if matches else len(doc)))
        strings = self.nlp.vocab.strings
        for i, (match_id, start, end) in enumerate(matches):
            rule = matcher.rule_map[strings[match_id]]
            body_end = matches[i + 1][1] if i + 1 < len(matches) else len(doc)
            sections.append(Section(rule.category, start, end, end, body_end, None, rule))
        doc._.sections = sections
        return doc


class ReportConText(ConText):
    """medspaCy's ConText, run sentence by sentence: each sentence's modifiers meet only
    that sentence's targets, and sentences without a target get no modifiers."""

    def __init__(self, nlp: Language, **kwargs):
        super().__init__(nlp, **kwargs)
        if self.input_span_type != "group" or self.max_scope:
            raise ValueError("ReportConText needs input_span_type 'group' and no max_scope window")

    def __call__(self, doc: Doc, targets: str = None) -> Doc:
        targets = list(doc.spans[self.span_group_name]) if self.span_group_name in doc.spans else []
        bounds = [(target.start, target.end) for target in targets]
        starts = [sent.start for sent in doc.sents] if targets else []
        by_sentence: dict[int, list] = {}
        for target, (start, _) in zip(targets, bounds):
            by_sentence.setdefault(bisect_right(starts, start), []).append(target)
        matcher = self._ConText__matcher
        strings = self.nlp.vocab.strings
        modifiers, graphs = [], {}
        for match_id, start, end in matcher(doc) if by_sentence else ():
            sentence = bisect_right(starts, start)
            if sentence not in by_sentence:
                continue
            modifier = ConTextModifier(matcher.rule_map[strings[match_id]], start, end, doc, max_scope=self.max_scope)
            modifiers.append(modifier)
            graphs.setdefault(sentence, []).append(modifier)
        pruned = set()
        covered = {i for start, end in bounds for i in range(start, end)}  # target tokens: overlap needs one
        for sentence, sentence_modifiers in graphs.items():
            graph = ConTextGraph(targets=by_sentence[sentence], modifiers=sentence_modifiers)
            graph.update_scopes()
            if self.prune_on_target_overlap:  # as ConTextGraph does: after the scopes, against every target
                drop = {id(m) for m in sentence_modifiers if not covered.isdisjoint(range(*m.modifier_span))
                        and any(tuple_overlaps(b, m.modifier_span) for b in bounds)}
                graph.modifiers = [m for m in sentence_modifiers if id(m) not in drop]
                pruned |= drop
            graph.apply_modifiers()
        modifiers = [m for m in modifiers if id(m) not in pruned]
        edges = [(target, modifier) for modifier in modifiers for target in modifier._targets]
        for target, modifier in edges:
            target._.modifiers += (modifier,)
        if self.context_attributes_mapping:
            self.set_context_attributes(edges)
        doc._.context_graph = ConTextGraph(targets=targets, modifiers=modifiers, edges=edges,
                                           prune_on_modifier_overlap=self.prune_on_target_overlap)
        return doc


def split_leading_in(pattern: list) -> list:
    """``[{"LOWER": {"IN": ["in", "of"]}}, ...]`` -> ``[[{"LOWER": "in"}, ...], [{"LOWER": "of"}, ...]]``
    (``TEXT`` and ``ORTH`` likewise); any other pattern unchanged. Both match the same token
    sequences."""
    first = pattern[0] if pattern else None
    key = next(iter(first), None) if isinstance(first, dict) and len(first) == 1 else None
    if key in ("LOWER", "TEXT", "ORTH") and isinstance(first[key], dict) and list(first[key]) == ["IN"]:
        return [[{key: word}, *pattern[1:]] for word in first[key]["IN"]]
    return [pattern]


_PHRASE_LIMIT = 2000


def as_phrases(pattern: list, tokenizer) -> Optional[list[str]]:
    """A token pattern of plain words -- each token ``LOWER`` (or, for punctuation,
    ``TEXT``/``ORTH``) equal to a word or ``IN`` a list, optional (``"OP": "?"``) at most --
    as the phrases it matches, for medspaCy's PhraseMatcher: spaCy's Matcher tries every
    token pattern at every token, the PhraseMatcher looks each token up once. A phrase
    the tokenizer would split differently is dropped, as the pattern could never match
    it (a document's "co-worker" is three tokens, never one). None when the pattern is not
    of plain words or stands for too many phrases."""
    choices = []
    for token in pattern:
        keys = set(token) - {"OP"}
        if token.get("OP") not in (None, "?") or len(keys) != 1:
            return None
        key = keys.pop()
        value = token[key]
        is_list = isinstance(value, dict) and list(value) == ["IN"]
        words = [value] if isinstance(value, str) else value["IN"] if is_list else None
        if key not in ("LOWER", "TEXT", "ORTH") or words is None \
                or (key != "LOWER" and any(w.lower() != w or w.upper() != w for w in words)):
            return None  # a cased TEXT is no LOWER phrase
        choices.append(words + [None] if token.get("OP") == "?" else words)
    if prod(len(c) for c in choices) > _PHRASE_LIMIT:
        return None
    phrases = []
    for words in product(*choices):
        words = [w for w in words if w is not None]
        if words and [t.text for t in tokenizer(" ".join(words))] == words:
            phrases.append(" ".join(words))
    return phrases


@Language.factory("report_audit_sectionizer", default_config={})
def make_sectionizer(nlp: Language, name: str) -> ReportSectionizer:
    return ReportSectionizer(nlp, name=name, rules=None, span_attrs=None)


@Language.factory("report_audit_context", default_config={"span_attrs": None, "span_group_name": "targets"})
def make_context(nlp: Language, name: str, span_attrs: dict, span_group_name: str) -> ReportConText:
    return ReportConText(nlp, name=name, rules=None, span_attrs=span_attrs, prune_on_target_overlap=True,
                         input_span_type="group", span_group_name=span_group_name)
