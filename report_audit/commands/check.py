"""``report-audit check --report PATH [--note PATH] [--claim PATH]``: one case, every
finding of the check catalogue (CONTRACT.md), in JSON, text (for a coder) or HTML.

Exit status: 0 when no finding is at or above ``--fail-on`` (default ``error``), 1 when
one is, 2 for bad usage or an input that cannot be read (one line on stderr).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FAIL_RANK = {"error": 0, "warning": 1, "info": 2}


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("check", help="audit one report (+ ordering note + claim)")
    p.add_argument("--report", required=True, type=Path, help="the radiology report (text or PDF)")
    p.add_argument("--note", type=Path, help="the ordering provider's note")
    p.add_argument("--claim", type=Path, help="the claim (JSON as CONTRACT.md, or a CSV of claim lines)")
    p.add_argument("--format", choices=("json", "text", "html"), default="json")
    p.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                   help="exit 1 when a finding of this severity or worse exists (default: error)")
    p.add_argument("--policies", type=Path, action="append", default=[], metavar="DIR",
                   help="a folder of extra payer policy YAML files (repeatable)")
    p.add_argument("--out", type=Path, help="write the output to this file instead of stdout")
    return p


def run(args) -> int:
    from ..api import audit
    from ..claim import read_claim
    from ..readers import read_document
    from ..writers import format_html, format_text

    report = read_document(args.report)  # unreadable input raises -> one line, exit 2
    note = read_document(args.note) if args.note else None
    claim = read_claim(args.claim) if args.claim else None
    result = audit(report, note, claim, policies_dirs=args.policies)
    if args.format == "json":
        output = json.dumps(result.contract_dict(), indent=2)
    elif args.format == "text":
        output = format_text(result)
    else:
        texts = {"report": report.raw_text, **({"note": note.raw_text} if note else {})}
        output = format_html(result, texts)
    if args.out:
        args.out.write_text(output + ("" if output.endswith("\n") else "\n"), encoding="utf-8")
    else:
        sys.stdout.write(output + ("" if output.endswith("\n") else "\n"))
    if args.fail_on == "never":
        return 0
    worst = min((FAIL_RANK[f.severity] for f in result.findings), default=99)
    return 1 if worst <= FAIL_RANK[args.fail_on] else 0
