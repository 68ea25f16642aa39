"""The pipeline's speed-ups change nothing but speed."""
from pathlib import Path

from report_audit.readers import read_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _documents():
    """Every corpus report and note, the held-out and blind sets included."""
    return [read_document(p) for p in sorted(CORPUS.rglob("*"))
            if p.suffix in (".txt", ".pdf") and p.parent.name != "bad" and p.parent.name != "cases"]


def _spans(doc):
    return [(s.start_char, s.end_char, s.label_, s._.target_rule.metadata["id"])
            for group in ("targets", "fields") for s in doc.spans[group]]


def test_pipeline_trigger_windows_find_what_a_full_scan_finds(nlp):
    from report_audit.pipeline import TargetMatcher
    from report_audit.patterns import PATTERNS_DIR

    full = TargetMatcher(PATTERNS_DIR, use_triggers=False)
    windowed = nlp.get_pipe("report_audit_targets")
    for source in _documents():
        assert _spans(windowed(nlp.make_doc(source.text))) == _spans(full(nlp.make_doc(source.text))), source.path


def test_pipeline_regex_matcher_speedup_gives_medspacy_results(nlp):
    from report_audit import _medspacy_fixes

    docs = [source.text for source in _documents()[:20]]

    def context_state(text):
        doc = nlp(text)
        return [(s.start_char, s.label_, s._.is_negated, s._.is_historical, s._.is_hypothetical, s._.is_family)
                for s in doc.spans["targets"]], [(s.category, s.title_start) for s in doc._.sections]

    fast = [context_state(t) for t in docs]
    _medspacy_fixes.uninstall_speedup()
    try:
        slow = [context_state(t) for t in docs]
    finally:
        _medspacy_fixes.install()
    assert fast == slow


def test_pipeline_single_sentence_document(nlp):
    doc = nlp("No syncope.")
    assert [s.text for s in doc.sents] == ["No syncope."]
    assert doc.spans["targets"][0]._.is_negated


def test_pipeline_terminate_ends_a_scope_shortened_by_max_scope(nlp):
    """medspaCy 1.3.1's overlap test misses containment; _medspacy_fixes corrects it."""
    doc = nlp("His pooled cohort estimate is not high, but I consider him intermediate risk.")
    assert not [s for s in doc.spans["targets"] if s.label_ == "INTERMEDIATE_RISK"][0]._.is_negated


def _analysis(doc):
    """What the Sectionizer and ConText leave on a document."""
    sections = [(s.category, s.title_start, s.title_end, s.body_end) for s in doc._.sections]
    targets = [(s.start_char, s.label_, s._.is_negated, s._.is_historical, s._.is_hypothetical, s._.is_family,
                s._.is_reference, s._.is_other_anatomy, sorted(m.category for m in s._.modifiers))
               for s in doc.spans["targets"]]
    return sections, targets


def test_pipeline_report_components_give_plain_medspacy_results(nlp):
    """ReportSectionizer / ReportConText / split token patterns: same sections, same
    ConText attributes and modifiers on every target of every corpus document."""
    from report_audit.pipeline import build_nlp

    plain = build_nlp(plain_medspacy=True)
    assert "medspacy_context" in plain.pipe_names and "report_audit_context" in nlp.pipe_names
    documents = _documents()
    assert len(documents) > 120
    for source in documents:
        assert _analysis(nlp(source.text)) == _analysis(plain(source.text)), source.path


def test_pipeline_token_section_getter_matches_medspacy(nlp):
    from report_audit.pipeline import build_nlp

    plain = build_nlp(plain_medspacy=True)
    text = "INDICATION: screening\nTECHNIQUE: non-contrast CT\nIMPRESSION: CAC score 0."
    fast, slow = nlp(text), plain(text)
    assert [t._.section.category if t._.section else None for t in fast] == \
        [t._.section.category if t._.section else None for t in slow]
    assert fast[0]._.section.category == "indication" and fast[-2]._.section.category == "impression"


def test_pipeline_context_skips_target_free_sentences_only(nlp):
    """Modifiers in a sentence without a target ("No prior studies") are not built; the
    one beside a target is."""
    from report_audit.pipeline import build_nlp

    text = "No prior studies available.\nNo chest pain."
    doc = nlp(text)
    [target] = [s for s in doc.spans["targets"] if s.label_ == "SYMPTOM"]
    assert target._.is_negated
    assert [m._start for m in doc._.context_graph.modifiers] == [6]
    assert [m._start for m in build_nlp(plain_medspacy=True)(text)._.context_graph.modifiers] == [0, 1, 6]


def test_pipeline_context_of_equals_the_span_attributes(nlp):
    """context_of reads span._.modifiers once; it must agree with ConText's attributes."""
    from report_audit.pipeline import context_of

    seen = set()
    for source in _documents():
        doc = nlp(source.text)
        for span in doc.spans["targets"]:
            got = context_of(span)
            assert tuple(got) == (span._.is_negated, span._.is_historical, span._.is_hypothetical, span._.is_family,
                                  span._.is_reference, span._.is_other_anatomy, span._.is_other_person), (
                source.path, span.text)
            seen.update(name for name, value in got._asdict().items() if value)
    assert seen == {"negated", "historical", "hypothetical", "family", "reference", "other_anatomy", "other_person"}


def test_pipeline_hoisted_word_boundaries_match_what_the_patterns_match():
    """hoist_word_boundaries rewrites '\\bsmoker' as 'smoker(?<!\\wsmoker)' for speed; on every
    corpus document each target pattern finds the same spans either way."""
    import re

    from report_audit.patterns import hoist_word_boundaries, lowercase_regex, target_patterns

    texts = [source.text.lower() for source in _documents()]
    changed = 0
    for rule in target_patterns():
        low = lowercase_regex(rule.pattern)
        if low is None or hoist_word_boundaries(low) == low:
            continue
        changed += 1
        plain, hoisted = re.compile(low), re.compile(hoist_word_boundaries(low))
        for text in texts:
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in hoisted.finditer(text)], rule.id
    assert changed >= 5


def test_pipeline_word_start_trigger_skips_pieces_of_words(nlp):
    """The vessel rules' trigger "\\bom" (obtuse marginal) opens a window at "OM 12" but
    not inside "from"; "rca" has no such mark and is found anywhere."""
    positions = nlp.get_pipe("report_audit_targets")._trigger_positions("from om 12, (om 3) xrca")
    assert positions["\\bom"] == [5, 13]
    assert "om" not in positions  # no rule asks for "om" anywhere
    assert positions["rca"] == [20]


def test_patterns_bad_trigger_or_regex_is_an_error_naming_file_and_rule(tmp_path):
    import shutil

    import pytest

    from report_audit.patterns import PATTERNS_DIR, InvalidPatterns, target_patterns

    for i, (bad, reason) in enumerate((('"triggers": ["\\\\b"]', "triggers must be non-empty lower-case"),
                        ('"triggers": ["LAD"]', "triggers must be non-empty lower-case"),
                        ('"pattern": "agatston(", "triggers": ["agat"]', "bad regex"))):
        directory = tmp_path / str(i)
        shutil.copytree(PATTERNS_DIR, directory)
        with (directory / "targets.jsonl").open("a") as f:
            f.write('{"id": "x-bad", "category": "X", ' + (bad if "pattern" in bad else '"pattern": "x", ' + bad) + "}\n")
        with pytest.raises(InvalidPatterns) as err:
            target_patterns(directory)
        assert "targets.jsonl" in str(err.value) and reason in str(err.value)


def test_patterns_a_bad_spelling_list_is_an_error_naming_the_file(tmp_path):
    import pytest

    from report_audit.patterns import InvalidPatterns, spellings

    (tmp_path / "spelling.json").write_text('{"words": {"Agatsen": "agatston"}}', encoding="utf-8")
    with pytest.raises(InvalidPatterns) as err:
        spellings(tmp_path)
    assert "spelling.json" in str(err.value) and "lower-case" in str(err.value)


def test_patterns_bad_redaction_tags_or_packet_words_are_errors_naming_the_file(tmp_path):
    import json

    import pytest

    from report_audit.patterns import PATTERNS_DIR, InvalidPatterns, packet_words, redaction_tags

    (tmp_path / "redaction.json").write_text('{"tags": ["PATIENT"]}', encoding="utf-8")
    with pytest.raises(InvalidPatterns) as err:
        redaction_tags(tmp_path)
    assert "redaction.json" in str(err.value)
    words = json.loads((PATTERNS_DIR / "packets.json").read_text(encoding="utf-8"))
    for broken in ({**words, "banners": ["superbill("]}, {**words, "attachments": {"report": ["x-ray"]}}):
        (tmp_path / "packets.json").write_text(json.dumps(broken), encoding="utf-8")
        packet_words.cache_clear()
        with pytest.raises(InvalidPatterns) as err:
            packet_words(tmp_path)
        assert "packets.json" in str(err.value)
    packet_words.cache_clear()


def test_pipeline_word_patterns_become_the_phrases_they_stand_for(nlp):
    from report_audit.medspacy_components import as_phrases

    pattern = [{"LOWER": "by"}, {"LOWER": {"IN": ["his", "her"]}, "OP": "?"}, {"LOWER": {"IN": ["father", "co-worker"]}}]
    # "co-worker" is three tokens in a document: the pattern never matched it, the phrase must not
    assert sorted(as_phrases(pattern, nlp.tokenizer)) == ["by father", "by her father", "by his father"]
    assert as_phrases([{"LOWER": "wife"}, {"TEXT": ":"}], nlp.tokenizer) == ["wife :"]
    assert as_phrases([{"TEXT": "No"}], nlp.tokenizer) is None  # case-sensitive text
    assert as_phrases([{"TEXT": ":"}, {"IS_SPACE": True, "OP": "?"}], nlp.tokenizer) is None
    assert as_phrases([{"LOWER": "in"}, {"LOWER": {"IN": ["a"] * 50}}, {"LOWER": {"IN": ["b"] * 50}}], nlp.tokenizer) is None


def test_pipeline_header_rules_in_their_fast_form_match_as_written():
    import re

    from report_audit._medspacy_fixes import _finditer
    from report_audit.patterns import section_patterns

    text = "FINDINGS:\n  Impression: ok\nIMPRESSION\nrisk factors: htn\n1. Indication: screening\nNO HEADER HERE\n"
    for _, regex in section_patterns():
        pattern = re.compile(regex, re.IGNORECASE)
        assert list(_finditer(pattern, text, "\n" + text.lower())) == [m.span() for m in pattern.finditer(text)]
