"""``report-audit rules [--format json|text]``: the check catalogue (CONTRACT.md)."""
from __future__ import annotations

import argparse
import json


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("rules", help="list the check catalogue (codes, severities, CARCs)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return p


def catalogue_dict() -> dict:
    from ..models import SCHEMA_VERSION
    from ..rules import CATALOGUE

    return {
        "schema_version": SCHEMA_VERSION,
        "rules": [
            {"code": e.code, "severity": e.severity, "severities": list(e.severities), "carc": e.carc,
             "summary": e.summary}
            for e in CATALOGUE
        ],
    }


def run(args) -> int:
    data = catalogue_dict()
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    rows = [(r["code"], " / ".join(r["severities"]), r["carc"] or "-", r["summary"]) for r in data["rules"]]
    widths = [max(len(row[i]) for row in rows + [("CODE", "SEVERITY", "CARC", "")]) for i in range(3)]
    print(f"{'CODE':<{widths[0]}}  {'SEVERITY':<{widths[1]}}  {'CARC':<{widths[2]}}  SUMMARY")
    for code, severity, carc, summary in rows:
        print(f"{code:<{widths[0]}}  {severity:<{widths[1]}}  {carc:<{widths[2]}}  {summary}")
    print(f"\n{len(rows)} checks")
    return 0
