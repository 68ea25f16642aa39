"""The pipeline's speed-ups change nothing but speed."""
from pathlib import Path

from report_audit.readers import read_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _documents():
    return [read_document(p) for p in sorted((CORPUS / "reports").glob("*")) + sorted((CORPUS / "notes").glob("*"))
            if not p.name.endswith(".gold.json")]


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
