"""``report-audit eval CORPUS``: per-field precision/recall/F1 on the gold corpus, every miss."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("eval", help="extraction accuracy on an annotated corpus")
    p.add_argument("corpus", type=Path, nargs="+", help="folder(s) with documents and their .gold.json files")
    p.add_argument("--no-misses", action="store_true", help="print the table only")
    return p


def run(args) -> int:
    from ..evaluate import evaluate_corpus, format_scores

    scores, count = evaluate_corpus(*args.corpus)
    print(format_scores(scores, count, show_misses=not args.no_misses))
    return 0
