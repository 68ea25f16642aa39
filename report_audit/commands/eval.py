"""``report-audit eval CORPUS...``: per-field precision/recall/F1 of the extraction on the
gold-annotated documents, and — where a folder has ``manifest.csv`` and
``cases/expected.jsonl`` — per-code precision/recall of the audit findings; every miss."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("eval", help="extraction accuracy on an annotated corpus")
    p.add_argument("corpus", type=Path, nargs="+", help="folder(s) with documents and their .gold.json files")
    p.add_argument("--no-misses", action="store_true", help="print the table only")
    p.add_argument("--restyle", metavar="STYLE[,STYLE]|all",
                   help="also score the text documents rewritten in these styles (other casing, header names, "
                        "wrapping, encodings...) against the same gold; see report_audit/restyle.py")
    return p


def run(args) -> int:
    from ..evaluate import evaluate_cases, evaluate_corpus, format_restyled, format_scores
    from ..restyle import STYLES

    styles = []
    if args.restyle:
        styles = list(STYLES) if args.restyle == "all" else [s.strip() for s in args.restyle.split(",") if s.strip()]
        unknown = [s for s in styles if s not in STYLES]
        if unknown:
            print(f"report-audit eval: unknown style {', '.join(unknown)} (styles: {', '.join(STYLES)})",
                  file=sys.stderr)
            return 2
    scores, count = evaluate_corpus(*args.corpus)
    print("EXTRACTION (per field)")
    print(format_scores(scores, count, show_misses=not args.no_misses))
    if styles:
        print("\nRESTYLED (the same documents rewritten, scored against the same gold)")
        print(format_restyled(evaluate_corpus(*args.corpus, style="as_written")[0],
                              {s: evaluate_corpus(*args.corpus, style=s) for s in styles},
                              show_misses=not args.no_misses))
    for folder in args.corpus:
        code_scores, cases = evaluate_cases(folder)
        if cases:
            print(f"\nAUDIT FINDINGS (per code) — {folder / 'manifest.csv'}")
            print(format_scores(code_scores, cases, show_misses=not args.no_misses, unit="cases", label="code"))
    return 0
