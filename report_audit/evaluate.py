"""Accuracy against the annotated corpus (``corpus/README.md`` describes the gold files).

Per field: precision, recall, F1 and every miss. Scalars: a predicted value equal to gold
is a true positive; a predicted value that differs or that gold does not state is a false
positive; a gold value not predicted exactly is a false negative. ``risk_factors``,
``symptoms`` and ``vessels`` are scored item by item.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .models import Extraction

SCALAR_FIELDS = ("agatston_total", "volume_score", "mass_score", "percentile", "cac_drs",
                 "risk_category_stated", "contrast_administered", "ecg_gated", "signed", "exam_date",
                 "indication", "screening", "patient_name", "patient_mrn", "patient_dob",
                 "ordering_provider", "ascvd_risk_percent", "intermediate_risk")
ITEM_FIELDS = ("vessels", "risk_factors", "symptoms")
FIELDS = SCALAR_FIELDS[:1] + ("vessels",) + SCALAR_FIELDS[1:] + ("risk_factors", "symptoms")


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, predicted: Any, gold: Any, equal: bool, miss: str) -> None:
        """Count one comparison: both stated and equal -> tp; otherwise a stated
        prediction is a fp and a stated gold value a fn (a wrong value is both)."""
        if predicted is None and gold is None:
            return
        if equal:
            self.tp += 1
            return
        self.fp += predicted is not None
        self.fn += gold is not None
        self.misses.append(miss)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm_name(text: str) -> list[str]:
    return sorted(w for w in re.findall(r"[a-z][a-z'\-]+", text.lower()) if len(w) > 1)


_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def _plain(value: Any) -> str:
    """Lower case, typographic characters as ASCII, whitespace runs as one space."""
    return " ".join(str(value).translate(_TYPOGRAPHIC).lower().split())


def _spelt(text: str) -> str:
    """The text with its misspelt words spelt out, as the reader does (``transcription.misspellings``)."""
    from .readers.transcription import misspellings

    done = misspellings(text)
    return done[0] if done else text


def predicted_value(ex: Extraction, name: str, role: str) -> Any:
    if name.startswith("patient_"):
        attr = name.split("_", 1)[1]
        for ids in ex.patients:
            fact = getattr(ids, attr)
            if fact is not None:
                return fact.value
        return None
    fact = getattr(ex, name)
    return None if fact is None else fact.value


def _equal(name: str, pred: Any, gold: Any) -> bool:
    if isinstance(gold, bool) or isinstance(pred, bool):
        return pred is gold
    if isinstance(gold, (int, float)) and isinstance(pred, (int, float)):
        return abs(float(pred) - float(gold)) <= 0.05
    if name in ("indication", "ordering_provider"):
        # the phrase as the document wrote it, or as the reader spelt it out ("hyperlipdemia")
        return _plain(gold) in _plain(pred) or _spelt(_plain(gold)) in _plain(pred)
    if name == "patient_name":
        return _norm_name(str(gold)) == _norm_name(str(pred)) or set(_norm_name(str(gold))) <= set(_norm_name(str(pred)))
    return str(pred).strip().lower() == str(gold).strip().lower()


TRUE_ONLY_FIELDS = ("screening", "intermediate_risk")  # the gold format defines only true


def score_document(ex: Extraction, gold: dict, doc_id: str, scores: dict[str, FieldScore]) -> None:
    role = gold.get("role", "report")
    gold = {k: (None if k in TRUE_ONLY_FIELDS and v is False else v) for k, v in gold.items()}
    for name in SCALAR_FIELDS:
        g, p = gold.get(name), predicted_value(ex, name, role)
        scores.setdefault(name, FieldScore()).add(
            p, g, g is not None and p is not None and _equal(name, p, g), f"{doc_id}: {name} predicted {p!r}, gold {g!r}")
    items = {
        "vessels": ({k: v.value for k, v in ex.vessels.items()}, gold.get("vessels") or {}),
        "risk_factors": ({f.name: True for f in ex.risk_factors}, {n: True for n in gold.get("risk_factors") or []}),
        "symptoms": ({f.name: True for f in ex.symptoms}, {n: True for n in gold.get("symptoms") or []}),
    }
    for name, (pred, gold_items) in items.items():
        s = scores.setdefault(name, FieldScore())
        for key in sorted(set(pred) | set(gold_items)):
            p, g = pred.get(key), gold_items.get(key)
            s.add(p, g, p is not None and g is not None and _equal(name, p, g),
                  f"{doc_id}: {name}[{key}] predicted {p!r}, gold {g!r}")


def gold_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.gold.json"))


def document_for(gold_path: Path) -> Optional[Path]:
    stem = gold_path.name[: -len(".gold.json")]
    for candidate in sorted(gold_path.parent.glob(stem + ".*")):
        if not candidate.name.endswith(".gold.json"):
            return candidate
    return None


def evaluate_corpus(*folders: Path, style: Optional[str] = None) -> tuple[dict[str, FieldScore], int]:
    """Score every gold-annotated document; with ``style`` (``restyle.STYLES``), score the
    text documents rewritten in that style against the same gold (PDFs are left out)."""
    from .api import extract
    from .readers import document_from_bytes, read_document
    from .restyle import restyle

    scores: dict[str, FieldScore] = {name: FieldScore() for name in FIELDS}
    count = 0
    for corpus, gold_path in ((c, g) for c in folders for g in gold_files(c)):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        document = document_for(gold_path)
        if document is None:
            continue
        doc_id = str(document.relative_to(corpus))
        if style is not None:
            source = read_document(document)
            if source.source != "text":
                continue
            document = document_from_bytes(restyle(source.raw_text, style, doc_id), f"{document}[{style}]")
        result = extract(document, role=gold.get("role", "report"))
        score_document(result.extraction, gold, doc_id, scores)
        count += 1
    return scores, count


def format_restyled(baseline: dict[str, FieldScore], by_style: dict[str, tuple[dict[str, FieldScore], int]],
                    show_misses: bool = True) -> str:
    """One line per style: documents, misses, misses not made on the documents as written,
    and the fields whose F1 fell; then (``show_misses``) those new misses."""
    known = {m for s in baseline.values() for m in s.misses}
    lines = [f"{'style':<14}{'docs':>6}{'misses':>8}{'new':>6}  F1 below the documents as written"]
    new_misses = []
    for style, (scores, count) in by_style.items():
        misses = [m for s in scores.values() for m in s.misses]
        new = sorted(m for m in misses if m not in known)
        new_misses.extend(f"[{style}] {m}" for m in new)
        fell = ", ".join(f"{name} {s.f1:.3f}" for name, s in scores.items() if s.f1 < baseline[name].f1 - 1e-9)
        lines.append(f"{style:<14}{count:>6}{len(misses):>8}{len(new):>6}  {fell or '-'}")
    if show_misses:
        lines.append(f"\n{len(new_misses)} new misses" + (":" if new_misses else ""))
        lines.extend("  " + m for m in new_misses)
    return "\n".join(lines)


def format_scores(scores: dict[str, FieldScore], count: int, show_misses: bool = True,
                  unit: str = "documents", label: str = "field") -> str:
    lines = [f"{count} {unit}", f"{label:<30}{'prec':>7}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for name, s in scores.items():
        lines.append(f"{name:<30}{s.precision:>7.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
    if show_misses:
        misses = [m for s in scores.values() for m in s.misses]
        lines.append(f"\n{len(misses)} misses" + (":" if misses else ""))
        lines.extend("  " + m for m in sorted(misses))
    return "\n".join(lines)


# --- audit cases: per-code precision / recall ---------------------------------------------

def load_cases(corpus: Path) -> tuple[list, dict[str, dict]]:
    """The manifest's cases and their expected findings (corpus/cases/expected.jsonl)."""
    import csv

    from .api import CaseInput

    manifest, expected_path = corpus / "manifest.csv", corpus / "cases" / "expected.jsonl"
    if not manifest.exists() or not expected_path.exists():
        return [], {}
    expected = {}
    for line in expected_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            expected[item["case_id"]] = item
    cases = []
    with manifest.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["case_id"] in expected:
                cases.append(CaseInput(row["case_id"], *[corpus / row[k] if row.get(k) else None
                                                         for k in ("report", "note", "claim")]))
    return cases, expected


def evaluate_cases(corpus: Path) -> tuple[dict[str, FieldScore], int]:
    """Per finding code: a case where the code is expected and fires is a true positive;
    fires but not expected, a false positive; expected but silent, a false negative.
    Unreadable rows must come out unreadable."""
    from .api import audit_many

    cases, expected = load_cases(corpus)
    scores: dict[str, FieldScore] = {}
    status = scores.setdefault("(status)", FieldScore())
    for case, result in zip(cases, audit_many(cases)):
        want = expected[case.case_id]
        want_status = want.get("status", "audited")
        if result.status != want_status:
            status.fn += 1
            status.misses.append(f"{case.case_id}: status {result.status} ({result.error}), expected {want_status}")
            continue
        status.tp += 1
        if want_status != "audited":
            continue
        got, wanted = {f.code for f in result.findings}, set(want.get("expected", []))
        for code in sorted(got | wanted):
            scores.setdefault(code, FieldScore()).add(
                code in got or None, code in wanted or None, code in got and code in wanted,
                f"{case.case_id}: {code} " + ("fired, not expected" if code in got else "expected, did not fire"))
    return dict(sorted(scores.items())), len(cases)
