"""``report-audit extract PATH... [--format json|text|table] [--as report|note]``.

One document: the ``extract`` object of CONTRACT.md (``--format json``, the default) or
a readable list of fields (``text``). Several documents or folders: a table, one row per
document (``table``), or one JSON object per line. Unreadable input: one line on stderr
naming the file and the reason, exit 2 (in a table, the row says UNREADABLE and the rest
go on). Documents are read as reports unless ``--as note`` is given or they sit in a
folder named ``notes``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DOCUMENT_SUFFIXES = {".txt", ".pdf", ".text"}


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("extract", help="extract the CAC facts of one document (or a table for many)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report or note (text or PDF), or a folder")
    p.add_argument("--format", choices=("json", "text", "table"), default=None,
                   help="json (default for one document), text, or table (default for several)")
    p.add_argument("--as", dest="role", choices=("report", "note"), default="report",
                   help="read the document as a radiology report (default) or an ordering note")
    return p


def _expand(paths: list[Path]) -> list[Path]:
    out = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES
                              and not p.name.endswith(".gold.json")))
        else:
            out.append(path)
    return out


def run(args) -> int:
    from ..api import extract
    from ..errors import UnreadableDocument
    from ..writers import format_extraction_table, format_extraction_text

    paths = _expand(args.paths)
    single = len(paths) == 1 and not args.paths[0].is_dir()
    fmt = args.format or ("json" if single else "table")
    if single:
        result = extract(paths[0], role=args.role)  # UnreadableDocument -> exit 2 in cli
        print(json.dumps(result.contract_dict(with_findings=False), indent=2) if fmt == "json"
              else format_extraction_text(result) if fmt == "text" else format_extraction_table([(str(paths[0]), result, None)]))
        return 0
    items, unreadable = [], 0
    for path in paths:
        role = "note" if args.role == "note" or path.parent.name == "notes" else "report"
        try:
            result = extract(path, role=role)
        except UnreadableDocument as err:
            unreadable += 1
            print(f"report-audit: {err}", file=sys.stderr)
            items.append((str(path), None, err.reason))
            continue
        if fmt == "json":
            print(json.dumps(result.contract_dict(with_findings=False)))
        elif fmt == "text":
            print(format_extraction_text(result) + "\n")
        items.append((str(path), result, None))
    if fmt == "table":
        print(format_extraction_table(items))
    print(f"{len(items) - unreadable} extracted, {unreadable} unreadable, {len(items)} documents", file=sys.stderr)
    return 0
