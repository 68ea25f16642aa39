"""Extraction speed: reports/second for text and PDF, ours against the plain medspaCy
default pipeline (``medspacy.load()``: PyRuSH + TargetMatcher with the same target rules
+ default ConText) reading PDFs with pdfplumber, on the same files in the same run.

Also times one ``report-audit check`` on a corpus case, model loading included (the
coder's "about a second"). Run with ``make bench``.
"""
from __future__ import annotations

import io
import logging
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from report_audit.extract import extract_facts  # noqa: E402
from report_audit.patterns import target_patterns  # noqa: E402
from report_audit.pipeline import build_nlp, silence_noisy_loggers  # noqa: E402
from report_audit.readers import read_document  # noqa: E402

ROUNDS = 3


def _files():
    reports = sorted((ROOT / "corpus" / "reports").glob("*.txt")) + sorted((ROOT / "corpus" / "notes").glob("*.txt"))
    pdfs = sorted((ROOT / "corpus" / "reports").glob("*.pdf"))
    return reports, pdfs


def baseline_pipeline():
    import medspacy
    from medspacy.target_matcher import TargetRule

    nlp = medspacy.load()
    silence_noisy_loggers()  # PyRuSH logs every token at DEBUG otherwise
    nlp.get_pipe("medspacy_target_matcher").add(
        [TargetRule(literal=r.id, category=r.category, pattern=r.pattern) for r in target_patterns()])
    return nlp


def baseline_read(path: Path) -> str:
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            return "\n\n".join(page.extract_text() or "" for page in pdf.pages)
    return read_document(path).text


def rate(func, files) -> float:
    for f in files[:3]:
        func(f)  # warm up
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for f in files:
            func(f)
    return ROUNDS * len(files) / (time.perf_counter() - start)


def main() -> int:
    logging.disable(logging.WARNING)
    texts, pdfs = _files()
    ours = build_nlp()
    base = baseline_pipeline()

    def run_ours(path):
        doc = read_document(path)
        extract_facts(ours(doc.text), doc, "report")

    def run_base(path):
        base(baseline_read(path))

    rows = []
    for kind, files in (("text", texts), ("pdf", pdfs)):
        r_ours, r_base = rate(run_ours, files), rate(run_base, files)
        rows.append((kind, len(files), r_ours, r_base, r_ours / r_base))
    print(f"{'input':<6}{'files':>6}{'ours/s':>10}{'medspaCy/s':>12}{'ratio':>8}")
    for kind, n, a, b, ratio in rows:
        print(f"{kind:<6}{n:>6}{a:>10.1f}{b:>12.1f}{ratio:>7.1f}x")
    print("targets: text >= 10x, pdf >= 4x")

    case = ROOT / "corpus" / "cases"
    manifest = ROOT / "corpus" / "manifest.csv"
    if manifest.exists():
        import csv

        with manifest.open() as fh:
            row = next(csv.DictReader(fh))
        cmd = [sys.executable, "-m", "report_audit", "check", "--report", str(manifest.parent / row["report"])]
        if row.get("note"):
            cmd += ["--note", str(manifest.parent / row["note"])]
        if row.get("claim"):
            cmd += ["--claim", str(manifest.parent / row["claim"])]
        start = time.perf_counter()
        subprocess.run(cmd + ["--format", "text", "--fail-on", "never"], stdout=subprocess.DEVNULL, check=False)
        print(f"single check of case {row['case_id']} (new process, model loading included): "
              f"{time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
