"""The medspaCy pipeline, assembled from ``patterns/``.

``spacy.blank("en")`` tokenizer -> line-aware sentence splitter -> target rules
(medspaCy ``TargetRule``s run as trigger-windowed regexes) -> medspaCy Sectionizer (our
section rules) -> medspaCy ConText (our modifier rules); the last two through the
subclasses in ``medspacy_components``. No model is downloaded; PyRuSH is not used (it
spends ~90 % of medspaCy's default pipeline time and logs every token at DEBUG).
"""

import logging
import re
import sys
import types
import warnings
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Optional

import ahocorasick
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .patterns import (PATTERNS_DIR, WORD_START, context_patterns, hoist_word_boundaries, lowercase_regex,
                       section_patterns, suppressions, target_patterns)

TARGETS = "targets"  # target matches that ConText modifies
FIELDS = "fields"  # target matches that no ConText rule concerns

# Modifier category -> Span attribute set by ConText.
CONTEXT_ATTRS = {
    "NEGATED_EXISTENCE": {"is_negated": True},
    # a form's answer ticked at the end of its line ("Smoking: [ ] Current [ ] Former [X] Never"):
    # another category, so that the unticked boxes' negations before it do not cut its scope
    "NEGATED_ANSWER": {"is_negated": True},
    "HISTORICAL": {"is_historical": True},
    "HYPOTHETICAL": {"is_hypothetical": True},
    "FAMILY": {"is_family": True},
    "REFERENCE": {"is_reference": True},
    "OTHER_ANATOMY": {"is_other_anatomy": True},
    "OTHER_PERSON": {"is_other_person": True},  # "wife has T2DM": neither the patient's nor a relative's
}


class SpanContext(NamedTuple):
    """The ConText attributes of a span (``span._.is_negated`` ...), read in one go."""

    negated: bool = False
    historical: bool = False
    hypothetical: bool = False
    family: bool = False
    reference: bool = False
    other_anatomy: bool = False
    other_person: bool = False


_NO_CONTEXT = SpanContext()
_CONTEXT_KEY = "report_audit.context"


def context_of(span: Span) -> SpanContext:
    """``span._.is_negated`` etc. at the cost of one extension read, cached per document:
    ConText sets exactly the attributes that CONTEXT_ATTRS maps the categories of
    ``span._.modifiers`` to, and most spans have no modifier."""
    cache = span.doc.user_data.setdefault(_CONTEXT_KEY, {})
    key = (span.start, span.end, span.label)
    found = cache.get(key)
    if found is None:
        modifiers = span._.modifiers if Span.has_extension("modifiers") else ()
        if not modifiers:
            found = _NO_CONTEXT
        else:
            attrs = {attr[3:] for m in modifiers for attr in CONTEXT_ATTRS.get(m.category, ())}
            found = SpanContext(**{name: name in attrs for name in SpanContext._fields})
        cache[key] = found
    return found


def silence_noisy_loggers() -> None:
    """PyRuSH logs every token (report text) at DEBUG through loguru; pdfminer is chatty."""
    try:
        from loguru import logger as loguru_logger

        loguru_logger.remove()
        loguru_logger.disable("PyRuSH")
    except ImportError:  # pragma: no cover - loguru comes with PyRuSH
        pass
    for name in ("pdfminer", "PyRuSH", "medspacy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="medspacy")
    warnings.filterwarnings("ignore", message=".*TargetRule with a regex pattern.*")
    warnings.filterwarnings("ignore", message=r".*\[W036\].*")  # medspaCy's empty sub-matchers


FUNCTION_WORDS = frozenset(
    "a an the not no of and or to with for in on at by from as is are was were be has have had than "
    "that which who whose whom but nor per via without within into about after before including between".split())


def _ends_mid_phrase(line: str) -> bool:
    """A line ending in a function word ("... NOT A") or a comma is continued below."""
    if line.endswith(",") or line.endswith("-"):
        return True
    last = line.rsplit(None, 1)[-1].lower() if line.strip() else ""
    return last in FUNCTION_WORDS


_BREAK_CHARS = re.compile(r"[\n.!?;]")
# a form's next question, a field after a dotted leader, or a label with its value in a
# column: "Diabetes? ....: NO", "Smoking ......: former", "SMOKING HISTORY:      NEVER"
_FORM_KEY = re.compile(r"[A-Za-z][A-Za-z /()'&-]{0,40}(?:\?|[ \t]{2,}:|:[ \t]{2,})(?=[ \t.:]*\S)")
_STUDY_START = re.compile(r"(?i)(?:non[- ]?con|ecg|ekg|gated|prospective|retrospective|agat|impression|findings|"
                          r"technique)")
_KEY_LINE = re.compile(r"[ \t]*[A-Za-z][\w /().#-]{0,30}:[ \t]*\S")
_LAST_CLAUSE = re.compile(r"[.;][ \t]+")
_LIST_NUMBER = re.compile(r"\d{1,2}[.)][ \t]")  # "2. Moderate ...": a numbered item
_LOWER_START = re.compile(r"[.!?] +[a-z]")
_UPPER_START = re.compile(r"[.!?] +[A-Z0-9]")


@Language.component("report_audit_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Sentence starts for dictated reports, where lines matter more than punctuation.

    A sentence starts after a blank line; at a line break after a line that ends with
    . : ; ! ?, or after a short line (a header, a list item, a table row) that does not
    end mid-phrase (in a comma or a function word: "NOT A" / "SCREENING STUDY"); at a line
    break before a bullet, a table row or a token with digits (a numbered item, an ICD-10
    code) unless the line before ends mid-phrase ("above the" / "75th percentile"); and after . ! ? ; followed (after one or more spaces)
    by a capitalised word or a number (any word, in a text typed all in lower case). A long line wrapped mid-phrase continues its sentence, in ALL-CAPS
    text too.
    """
    n = len(doc)
    if not n:
        return doc
    text = doc_text(doc)
    doc[0].is_sent_start = True
    if n > 1:
        doc[1].is_sent_start = False  # marks the boundaries as set even for one sentence
    starts = doc.to_array(IDX).tolist()
    decided = set()
    # a text typed in lower case ("... at 52. hyperlipidemia (ldl 171)"), where more
    # sentences start in lower case than in upper case
    lower_case_text = len(_LOWER_START.findall(text)) > len(_UPPER_START.findall(text))
    # the decision points only: a whitespace token holding a line break, or . ! ? ;
    for m in _BREAK_CHARS.finditer(text):
        j = bisect_right(starts, m.start()) - 1  # the token holding the character
        i = j + 1
        if i >= n or i in decided:
            continue
        decided.add(i)
        prev = doc[j]
        ptext = prev.text
        if "\n" in ptext and prev.is_space:
            tok = doc[i]
            if ptext.count("\n") > 1:
                start = True
            else:
                line_end = prev.idx + ptext.index("\n")
                line = text[text.rfind("\n", 0, line_end) + 1:line_end].rstrip()
                first = tok.text[:1]
                mid_phrase = _ends_mid_phrase(line)
                # prose wrapped mid-sentence: a line ending in a word (or a comma) and the next
                # going on in lower case, or a long line going on with a number ("risk\n12.4%")
                goes_on = not lower_case_text and (line[-1:].isalpha() or line[-1:] == ",") and (
                    first.islower() or (len(line) >= 40 and first.isdigit() and not _LIST_NUMBER.match(text, tok.idx)))
                start = (not line or line.rstrip("\"')]")[-1:] in (".", ":", ";", "!", "?")  # 'on it."'
                         or (len(line) < 50 and not mid_phrase and not (goes_on and first.islower()))
                         or first in "-*\u2022#>|["
                         # a form key, or a terse study line ("... per pt" / "non con, ecg gated"), unless
                         # prose wrapped mid-sentence goes on in lower case ("a dedicated" / "gated study")
                         or (not mid_phrase and not (goes_on and first.islower())
                             and (_FORM_KEY.match(text, tok.idx) or _STUDY_START.match(text, tok.idx)))
                         # "ecg gating: prospective" over "iv contrast: none": field after field
                         or ((not mid_phrase or line.endswith(",")) and _KEY_LINE.match(text, tok.idx) is not None
                             and _KEY_LINE.match(line) is not None  # (an export's "gating: prospective,")
                             # not a field wrapped after its first word ("Diabetes: No.  Family" / "history of ...: No")
                             and not (goes_on and first.islower() and ":" not in _LAST_CLAUSE.split(line)[-1]))
                         or (any(ch.isdigit() for ch in tok.text) and not mid_phrase and not goes_on)
                         or (not first.islower() and line[-1:].isdigit()))
        elif ptext in (".", "!", "?", ";"):
            tok = doc[i]
            if tok.is_space and "\n" not in tok.text and i + 1 < n:  # "included.  The corrected": two spaces
                i += 1
                tok = doc[i]
            start = (tok.is_title or tok.is_upper or tok.like_num or (lower_case_text and tok.is_alpha)) and not (
                j >= 1 and doc[j - 1].text.lower() in ("dr", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e"))
        else:
            continue
        if start:
            doc[i].is_sent_start = True
    return doc


# short triggers that are pieces of common words; the abbreviations they stand for start a word
def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching (start, end) spans joined, in order."""
    if len(spans) > 1:
        spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class TargetMatcher:
    """medspaCy ``TargetRule``s matched as regexes, the way medspaCy's TargetMatcher does
    (``span._.target_rule`` points at the rule; within a category the longest match
    wins), but over the lower-cased text without re.IGNORECASE, keeping the regex groups
    in ``span._.target_groups`` for the value parsers, and letting spans of different
    categories overlap unless ``patterns/suppress.json`` says one removes the other.
    Results go to the span groups ``doc.spans["targets"]`` (read by ConText) and
    ``doc.spans["fields"]`` (categories no ConText rule concerns)."""

    def __init__(self, directory: Path, use_triggers: bool = True):
        from medspacy.target_matcher import TargetRule

        self.use_triggers = use_triggers
        # categories some ConText rule may modify go to doc.spans[TARGETS] for ConText; the
        # rest (long indication spans, names, dates) to doc.spans[FIELDS], out of its way
        self.context_types = {t for rule in context_patterns(directory).rules for t in rule.types}
        self.suppressors: dict[str, set[str]] = {}
        for key, victims in suppressions(directory).items():
            for victim in victims:
                self.suppressors.setdefault(victim, set()).add(key)
        self.rules = []
        for rule in target_patterns(directory):
            medspacy_rule = TargetRule(literal=rule.id, category=rule.category, pattern=rule.pattern,
                                       metadata={"id": rule.id, "name": rule.name})
            low = lowercase_regex(rule.pattern)
            regex = re.compile(hoist_word_boundaries(low)) if low is not None else re.compile(rule.pattern, re.IGNORECASE)
            self.rules.append((medspacy_rule, regex, low is not None, frozenset(rule.triggers), rule.window))
        triggers = {t for r in self.rules for t in r[3]}
        self.trigger_length = {t: len(t.removeprefix(WORD_START)) for t in triggers}
        self.rules_by_trigger: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            for trigger in rule[3]:
                self.rules_by_trigger.setdefault(trigger, []).append(i)
        self.untriggered = [i for i, rule in enumerate(self.rules) if not rule[3]]
        self.trigger_automaton = ahocorasick.Automaton()
        for word in {t.removeprefix(WORD_START) for t in triggers}:
            self.trigger_automaton.add_word(word, (word, len(word), word in triggers, WORD_START + word in triggers))
        self.trigger_automaton.make_automaton()

    def _trigger_positions(self, lower: str) -> dict[str, list[int]]:
        """Where each trigger occurs in the lower-cased text: one Aho-Corasick pass for
        all of them (a ``str.find`` loop per trigger took six times as long). A trigger
        written "\\bom" is found where "om" is and no letter comes before it (not in "from")."""
        found: dict[str, list[int]] = {}
        for end, (word, length, anywhere, word_start) in self.trigger_automaton.iter(lower):
            start = end - length + 1
            if anywhere:
                found.setdefault(word, []).append(start)
            if word_start and not (start and lower[start - 1].isalpha()):
                found.setdefault(WORD_START + word, []).append(start)
        return found

    def _windows(self, n: int, lower: Optional[str], triggers: frozenset[str], window: tuple[int, int],
                 found_at: Optional[dict[str, list[int]]]) -> list[tuple[int, int]]:
        """Merged text windows around each trigger occurrence, widened to whole lines so
        that ^ $ and \\b mean the same as in the whole text (the whole text when the rule
        has no triggers, or there are no trigger positions)."""
        if not triggers or not self.use_triggers or found_at is None:
            return [(0, n)]
        before, after = window
        spans = []
        for trigger in triggers & found_at.keys():  # the rule's triggers found in the text
            reach = self.trigger_length[trigger] + after
            spans += [(i - before, i + reach) for i in found_at[trigger]]
        if len(spans) == 1:  # most often: one occurrence, one window
            start, end = spans[0]
            return [(lower.rfind("\n", 0, max(0, start)) + 1, lower.find("\n", min(n, end)) % (n + 1))]
        # merged before and after widening to whole lines (widening keeps overlaps): the
        # lines are looked up once per merged window, not once per trigger occurrence
        widened = [(lower.rfind("\n", 0, max(0, start)) + 1, lower.find("\n", min(n, end)) % (n + 1))
                   for start, end in _merge(spans)]
        return _merge(widened) if len(widened) > 1 else widened

    def _suppress(self, spans: list[Span]) -> list[Span]:
        """Drop the spans that an overlapping span of a suppressing category removes."""
        by_label: dict[str, list[Span]] = {}
        for span in spans:
            by_label.setdefault(span.label_, []).append(span)
        kept = []
        for span in spans:
            suppressors = [o for label in self.suppressors.get(span.label_, ()) for o in by_label.get(label, ())]
            if not any(o.start < span.end and span.start < o.end for o in suppressors):
                kept.append(span)
        return kept

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        lower = text.lower()
        if len(lower) != len(text):  # rare non-ASCII case changes: match case-insensitively
            lower = None
        found: dict[tuple[int, int, int], tuple] = {}  # within a category, an identical span keeps its first rule
        # trigger offsets hold only when lower-casing keeps the length; else scan everything
        found_at = self._trigger_positions(lower) if lower is not None else None
        n = len(text)
        if found_at is not None and self.use_triggers:
            # the rules one of whose triggers is in the text (most rules, most documents, have
            # none), in their order, and the rules without triggers
            active = set(self.untriggered).union(*(self.rules_by_trigger[t] for t in found_at))
            rules = [self.rules[i] for i in sorted(active)]
        else:
            rules = self.rules
        window_cache: dict[tuple, list[tuple[int, int]]] = {}
        for rule, regex, lowered, triggers, window in rules:
            if lowered and lower is None:
                regex = re.compile(rule.pattern, re.IGNORECASE)
            target = lower if lowered and lower is not None else text
            key = (triggers, window)  # rules sharing triggers and window (the vessel rules) share windows
            windows = window_cache.get(key)
            if windows is None:
                windows = window_cache[key] = self._windows(n, lower, triggers, window, found_at)
            for start, end in windows:  # disjoint windows
                for m in regex.finditer(target, start, end):
                    span = doc.char_span(m.start(), m.end(), label=rule.category, alignment_mode="expand")
                    if span is None or not text[span.start_char:span.end_char].strip():  # span.text: a join
                        continue
                    found.setdefault((span.start, span.end, span.label), (span, rule, m))
        by_category: dict[str, list[Span]] = {}
        for span, _, _ in found.values():
            by_category.setdefault(span.label_, []).append(span)
        kept = [s for spans in by_category.values() for s in filter_spans(spans)]
        kept = self._suppress(kept)
        kept.sort(key=lambda s: (s.start, s.end))
        # span._.target_rule / target_groups read this table (getters: no per-span writes)
        table = doc.user_data[_MATCHES_KEY] = {}
        for span in kept:
            _, rule, m = found[(span.start, span.end, span.label)]
            table[(span.start_char, span.end_char, span.label)] = [rule, m, None]
        doc.spans[TARGETS] = [s for s in kept if s.label_ in self.context_types]
        doc.spans[FIELDS] = [s for s in kept if s.label_ not in self.context_types]
        return doc


@Language.factory("report_audit_targets", default_config={"patterns_dir": str(PATTERNS_DIR), "use_triggers": True})
def make_target_matcher(nlp: Language, name: str, patterns_dir: str, use_triggers: bool) -> TargetMatcher:
    return TargetMatcher(Path(patterns_dir), use_triggers)


_PREFIX = re.compile(r"""^[\[\("'<>=~:;,#*/\u2022\-.&+]""")
_SUFFIX = re.compile(r"""[\]\)"',.;:%!?*]$|(?<=[A-Za-z])-$""")  # (and a shorthand minus: "CP-", "SOB-")
_INFIX = re.compile(
    r"(?<=[A-Za-z])[-/:=(),;+](?=[A-Za-z0-9(])"  # ECG-gated, s/p, LAD:45, T2DM/HTN
    r"|(?<=[0-9])[-/:=;(),](?=[A-Za-z(])"  # 75th-90th, 45/RCA, 12(LAD
    r"|(?<=[0-9])-(?=[0-9])"  # ranges 1-99 (dates with / stay whole)
    r"|(?<=[0-9.%)])[,;](?=\S)"  # lists without spaces
    r"|(?<=\))[-/:=](?=\S)"
    r"|(?<=[A-Za-z0-9)])\.(?=[A-Z][a-z])"  # sentences typed without a space: "palps.Ex-smoker", "(BMI 33.6).Denies"
)


_TEXT_KEY = "report_audit.text"


class ReportTokenizer(Tokenizer):
    """spaCy's tokenizer that also keeps the text it was given in ``doc.user_data``:
    ``doc.text`` joins every token again on each call (~50 µs for a 1 kB report), and
    the pipeline's components each need the text."""

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        doc.user_data[_TEXT_KEY] = text
        return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the tokenizer's copy when there is one (spaCy keeps it equal
    to the input text)."""
    text = doc.user_data.get(_TEXT_KEY)
    return doc.text if text is None else text


def report_tokenizer(nlp: Language) -> Tokenizer:
    """A lean tokenizer: spaCy's English rules split hundreds of special cases that
    reports do not need, at three times the cost. Splits punctuation off words and at
    hyphens/slashes/colons inside words; keeps numbers with decimals, thousands
    separators and dates whole."""
    return ReportTokenizer(nlp.vocab, prefix_search=_PREFIX.search, suffix_search=_SUFFIX.search,
                           infix_finditer=_INFIX.finditer)


def _import_medspacy() -> None:
    """Import medspaCy (registering its medspacy_* factories) without QuickUMLS.

    ``medspacy.util`` imports ``quickumls`` (and with it NLTK) only to register the
    optional UMLS linker, which this tool never uses; that import is 0.4 s of a coder's
    one-second ``check``. A placeholder stands in while medspaCy loads and is removed
    right after, so a later ``import quickumls`` gets the real package.
    """
    if "medspacy" in sys.modules:
        return
    real = sys.modules.get("quickumls")
    if real is None:
        stub = types.ModuleType("quickumls")
        stub.spacy_component = None
        sys.modules["quickumls"] = stub
    try:
        import medspacy  # noqa: F401
    finally:
        if real is None:
            sys.modules.pop("quickumls", None)


_MATCHES_KEY = "report_audit.matches"


def _target_entry(span: Span) -> Optional[list]:
    table = span.doc.user_data.get(_MATCHES_KEY)
    return table.get((span.start_char, span.end_char, span.label)) if table else None


def target_rule_of(span: Span):
    """``span._.target_rule``: the medspaCy ``TargetRule`` whose regex matched the span
    (called directly, it skips spaCy's extension lookup)."""
    entry = _target_entry(span)
    return entry[0] if entry else None


def target_groups_of(span: Span) -> Optional[dict]:
    """``span._.target_groups``: the match's named groups that took part (text), and
    ``_match``: its offsets."""
    entry = _target_entry(span)
    if entry is None:
        return None
    if entry[2] is None:
        m = entry[1]
        text = doc_text(span.doc)  # the original case (lower-cased rules match a lower-cased copy)
        groups = {k: text[m.start(k):m.end(k)] for k, v in m.groupdict().items() if v is not None}
        groups["_match"] = (m.start(), m.end())
        entry[2] = groups
    return entry[2]


def _register_extensions() -> None:
    Span.set_extension("target_groups", getter=target_groups_of, force=True)
    Span.set_extension("target_rule", getter=target_rule_of, force=True)
    for attrs in CONTEXT_ATTRS.values():
        for attr in attrs:
            if not Span.has_extension(attr):
                Span.set_extension(attr, default=False)


@lru_cache(maxsize=4)
def build_nlp(directory: Path = PATTERNS_DIR, plain_medspacy: bool = False) -> Language:
    """The pipeline, built once per process and patterns directory.

    ``plain_medspacy=True`` builds it with medspaCy's own Sectionizer and ConText and the
    token patterns as written, for the tests that show the faster components
    (``medspacy_components``) give the same results."""
    silence_noisy_loggers()
    _import_medspacy()

    from . import _medspacy_fixes
    from .medspacy_components import as_phrases, register_token_section, split_leading_in

    _medspacy_fixes.install()
    register_token_section()
    from medspacy.context import ConTextRule
    from medspacy.section_detection import SectionRule
    _register_extensions()
    nlp = spacy.blank("en")
    nlp.tokenizer = report_tokenizer(nlp)
    nlp.add_pipe("report_audit_sentences")

    nlp.add_pipe("report_audit_targets", config={"patterns_dir": str(directory)})

    if plain_medspacy:
        sectionizer = nlp.add_pipe("medspacy_sectionizer", config={"rules": None, "span_attrs": None})
    else:
        sectionizer = nlp.add_pipe("report_audit_sectionizer")
    sectionizer.add([
        SectionRule(literal=rule.id, category=rule.category, pattern=regex, metadata={"id": rule.id})
        for rule, regex in section_patterns(directory)
    ])

    spec = context_patterns(directory)
    if plain_medspacy:
        context = nlp.add_pipe("medspacy_context", config={
            "rules": None, "span_attrs": CONTEXT_ATTRS, "prune_on_target_overlap": True,
            "input_span_type": "group", "span_group_name": TARGETS})
    else:
        context = nlp.add_pipe("report_audit_context", config={"span_attrs": CONTEXT_ATTRS, "span_group_name": TARGETS})
    def split(tokens: list) -> list:
        if plain_medspacy:
            return [tokens]
        phrases = as_phrases(tokens, nlp.tokenizer)
        return split_leading_in(tokens) if phrases is None else phrases

    context.add([
        ConTextRule(
            literal=phrase if isinstance(phrase, str) else rule.id, category=rule.category,
            pattern=None if isinstance(phrase, str) else phrase,
            direction=rule.direction, max_scope=rule.max_scope, allowed_types=set(rule.types),
            terminated_by=set(rule.terminated_by) or None, metadata={"id": rule.id},
        )
        for rule in spec.rules
        for phrase in [*rule.phrases, *(p for tokens in rule.token_patterns for p in split(tokens))]
    ])
    return nlp
