"""Accuracy is measured, not assumed: every field's F1 on the annotated corpus >= 0.98."""
from pathlib import Path

import pytest

from report_audit.evaluate import evaluate_corpus

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
# every folder holding gold annotations: reports, notes, holdout and the blind sets
FOLDERS = sorted({gold.parent for gold in CORPUS.rglob("*.gold.json")})


@pytest.fixture(scope="module")
def corpus_scores():
    return evaluate_corpus(*FOLDERS)


def test_corpus_accuracy_covers_the_whole_corpus(corpus_scores):
    _, count = corpus_scores
    assert count == sum(len(list(f.glob("*.gold.json"))) for f in FOLDERS) >= 200
    assert {f.name for f in FOLDERS} >= {"reports", "notes", "holdout", "blind", "blind2", "blind3", "blind4", "blind5"}


def test_corpus_accuracy_every_field_f1_at_least_098(corpus_scores):
    scores, _ = corpus_scores
    low = {name: round(s.f1, 3) for name, s in scores.items() if s.f1 < 0.98}
    misses = [m for name in low for m in scores[name].misses]
    assert not low, f"fields below 0.98: {low}; misses: {misses}"


def test_corpus_accuracy_every_field_is_exercised(corpus_scores):
    scores, _ = corpus_scores
    assert all(s.tp >= 15 for s in scores.values()), {n: s.tp for n, s in scores.items()}


def test_corpus_accuracy_audit_cases_every_code_at_least_098():
    """Per-code precision and recall of the findings on corpus/cases (expected codes
    written from the gold facts and the claims, independently of the tool)."""
    from report_audit.evaluate import evaluate_cases

    scores, count = evaluate_cases(CORPUS)
    assert count >= 45
    from report_audit.rules import CATALOGUE

    assert {e.code for e in CATALOGUE} <= set(scores), "every code is exercised by the cases"
    low = {code: (round(s.precision, 3), round(s.recall, 3)) for code, s in scores.items()
           if s.precision < 0.98 or s.recall < 0.98}
    assert not low, f"{low}: {[m for c in low for m in scores[c].misses]}"
