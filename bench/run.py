"""Extraction speed: reports/second for text and PDF, ours against the plain medspaCy
default pipeline (``medspacy.load()``: PyRuSH + TargetMatcher with the same target rules
+ default ConText) reading PDFs with pdfplumber, on the same files in the same run.

Also times one ``report-audit check`` on a corpus case, model loading included (the
coder's "about a second"). Run with ``make bench``.
"""
from __future__ import annotations

import gc
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

ROUNDS = 5  # each round times both pipelines on all files; the median round is reported


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


def rates(funcs, files) -> list[tuple[float, ...]]:
    """Files per second of each function, round by round (the functions alternate within a
    round, so that a slow spell of the machine hits both)."""
    for func in funcs:
        for f in files:
            func(f)  # warm up: caches filled, lazy imports done, for both
    out = []
    for _ in range(ROUNDS):
        row = []
        for func in funcs:
            gc.collect()  # neither pipeline pays for the other's garbage
            start = time.perf_counter()
            for f in files:
                func(f)
            row.append(len(files) / (time.perf_counter() - start))
        out.append(tuple(row))
    return out


def stage_times(nlp, files) -> list[tuple[str, float]]:
    """Milliseconds per file in each step of our pipeline (text files)."""
    totals: dict[str, float] = {}
    for path in files:
        t0 = time.perf_counter()
        source = read_document(path)
        t1 = time.perf_counter()
        doc = nlp.make_doc(source.text)
        t2 = time.perf_counter()
        totals["read"] = totals.get("read", 0) + t1 - t0
        totals["tokenizer"] = totals.get("tokenizer", 0) + t2 - t1
        for name, pipe in nlp.pipeline:
            t = time.perf_counter()
            doc = pipe(doc)
            totals[name] = totals.get(name, 0) + time.perf_counter() - t
        t = time.perf_counter()
        extract_facts(doc, source, "report")
        totals["extract"] = totals.get("extract", 0) + time.perf_counter() - t
    return [(name, 1000 * total / len(files)) for name, total in totals.items()]


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
        rounds = rates((run_ours, run_base), files)
        ratios = sorted(a / b for a, b in rounds)
        median = ratios[len(ratios) // 2]
        a, b = next((a, b) for a, b in rounds if a / b == median)
        rows.append((kind, len(files), a, b, median, ratios[0], ratios[-1]))
    print(f"{'input':<6}{'files':>6}{'ours/s':>10}{'medspaCy/s':>12}{'ratio':>8}   (min-max of {ROUNDS} rounds)")
    for kind, n, a, b, ratio, low, high in rows:
        print(f"{kind:<6}{n:>6}{a:>10.1f}{b:>12.1f}{ratio:>7.1f}x   ({low:.1f}-{high:.1f})")
    print("targets: text >= 10x, pdf >= 4x")
    for _ in range(2):
        steps = stage_times(ours, texts)  # the second pass is reported (caches warm)
    print("our text pipeline, ms per file: " + ", ".join(f"{name} {ms:.2f}" for name, ms in steps)
          + f"; total {sum(ms for _, ms in steps):.2f}")

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
