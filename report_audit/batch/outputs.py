"""The files a batch writes from its store: ``results.jsonl`` and ``summary.csv``.

``results.jsonl``: one ``check`` JSON object per manifest row, in manifest order, with
``case_id`` (the store key: the manifest's case id, or ``"<id>#row<N>"`` for a repeated
one) and ``row`` (the manifest data row) added.

``summary.csv``: one table for auditors, ``section,name,detail,cases,cases_with_error,
errors,warnings,charge_total,charge_at_risk``, with the sections

- ``total``: all cases, audited, unreadable, with an error finding, with only warnings;
- ``finding_code``: per check code (detail = severity): cases with it, its count;
- ``documentation_gap``: the ten most frequent documentation findings (DOC-, NOTE-,
  XDOC- codes), by cases;
- ``payer`` (detail = payer type), ``payer_type``, ``ordering_provider``,
  ``rendering_provider``: cases, cases with an error finding, finding counts, charges;
- ``unreadable_reason``: why cases could not be audited, grouped.

``charge_at_risk`` sums the charges of claim lines with an error finding (see
``store.lines_at_risk``); on a ``finding_code`` row it is the at-risk charge of the cases
that have that finding (a case with two codes counts under both).

Files are written to a temporary name and renamed, readable by the owner only.
"""
from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .store import ResultStore

SUMMARY_COLUMNS = ("section", "name", "detail", "cases", "cases_with_error", "errors", "warnings",
                   "charge_total", "charge_at_risk")
GAP_PREFIXES = ("DOC-", "NOTE-", "XDOC-")
UNKNOWN = "(not stated)"


@contextmanager
def private_output(path: Path, mode: str = "w"):
    """Write ``path`` atomically, created 0600."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, mode, encoding="utf-8", newline="" if path.suffix == ".csv" else None) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_results(store: ResultStore, path: Path) -> int:
    n = 0
    with private_output(path) as handle:
        for key, row, result_json in store.iter_results():
            record = {"case_id": key, "row": row}
            record.update(json.loads(result_json))
            record["case_id"] = key
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def reason_group(error: str) -> str:
    """``reports/x.pdf: encrypted PDF (password required) [E001]`` ->
    ``encrypted PDF (password required)``; numbers become N."""
    text = re.sub(r"\s*\[E\d+\]$", "", error or "unknown")
    text = re.sub(r"^manifest row \d+:\s*", "", text)
    if ": " in text and not text.startswith(("internal error", "timed out", "worker")):
        text = text.split(": ", 1)[1]  # drop the file name
    return re.sub(r"\d+(?:\.\d+)?", "N", text).strip() or "unknown"


def _group() -> dict[str, Any]:
    return {"cases": 0, "cases_with_error": 0, "errors": 0, "warnings": 0, "charge_total": 0.0,
            "charge_at_risk": 0.0, "detail": ""}


def summarize(store: ResultStore) -> dict[str, Any]:
    """Everything the summary shows, computed from the store in one pass."""
    totals = Counter()
    money = {"charge_total": 0.0, "charge_at_risk": 0.0}
    groups: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(_group))
    reasons: Counter = Counter()
    for case in store.iter_cases():
        totals["cases"] += 1
        totals[case["status"]] += 1
        has_error = case["n_errors"] > 0
        totals["with_error"] += has_error
        totals["with_warning_only"] += (not has_error and case["n_warnings"] > 0)
        totals["errors"] += case["n_errors"]
        totals["warnings"] += case["n_warnings"]
        money["charge_total"] += case["charge_total"] or 0.0
        money["charge_at_risk"] += case["charge_at_risk"] or 0.0
        if case["status"] == "unreadable":
            reasons[reason_group(case["error"])] += 1
        for section, name, detail in (
            ("payer", case["payer_name"], case["payer_type"]),
            ("payer_type", case["payer_type"], ""),
            ("ordering_provider", case["ordering_provider"], ""),
            ("rendering_provider", case["rendering_provider"], ""),
        ):
            g = groups[section][name or UNKNOWN]
            g["detail"] = g["detail"] or (detail or "")
            g["cases"] += 1
            g["cases_with_error"] += has_error
            g["errors"] += case["n_errors"]
            g["warnings"] += case["n_warnings"]
            g["charge_total"] += case["charge_total"] or 0.0
            g["charge_at_risk"] += case["charge_at_risk"] or 0.0
    codes: dict[str, dict] = defaultdict(_group)
    for code, severity, n in store.db.execute("SELECT code, severity, COUNT(*) FROM findings GROUP BY 1, 2"):
        g = codes[code]
        g["detail"] = "/".join(sorted(set(filter(None, g["detail"].split("/"))) | {severity}))
        if severity in ("error", "warning"):
            g[severity + "s"] += n
        g["findings"] = g.get("findings", 0) + n
    query = ("SELECT code, COUNT(*), SUM(CASE WHEN n_errors > 0 THEN 1 ELSE 0 END), SUM(charge_total), "
             "SUM(charge_at_risk) FROM (SELECT DISTINCT f.code AS code, c.case_id, c.n_errors, c.charge_total, "
             "c.charge_at_risk FROM findings f JOIN cases c ON c.case_id = f.case_id) GROUP BY code")
    for code, cases, with_error, total, at_risk in store.db.execute(query):
        codes[code].update(cases=cases, cases_with_error=with_error or 0, charge_total=total or 0.0,
                           charge_at_risk=at_risk or 0.0)
    by_code = sorted(({"name": k, **v} for k, v in codes.items()), key=lambda g: (-g["cases"], g["name"]))

    def ranked(section: str) -> list[dict]:
        return sorted(({"name": k, **v} for k, v in groups[section].items()),
                      key=lambda g: (-g["cases_with_error"], -g["cases"], g["name"]))

    return {
        "totals": {"cases": totals["cases"], "audited": totals["audited"], "unreadable": totals["unreadable"],
                   "with_error": totals["with_error"], "with_warning_only": totals["with_warning_only"],
                   "errors": totals["errors"], "warnings": totals["warnings"],
                   "charge_total": round(money["charge_total"], 2),
                   "charge_at_risk": round(money["charge_at_risk"], 2)},
        "by_code": by_code,
        "documentation_gaps": [g for g in by_code if g["name"].startswith(GAP_PREFIXES)][:10],
        "by_payer": ranked("payer"),
        "by_payer_type": ranked("payer_type"),
        "by_ordering_provider": ranked("ordering_provider"),
        "by_rendering_provider": ranked("rendering_provider"),
        "unreadable_reasons": [{"name": k, "cases": v} for k, v in reasons.most_common()],
    }


def _money(value) -> str:
    return f"{value:.2f}" if value is not None else ""


def write_summary(summary: dict[str, Any], path: Path) -> None:
    t = summary["totals"]
    with private_output(path) as handle:
        out = csv.writer(handle)
        out.writerow(SUMMARY_COLUMNS)
        out.writerow(["total", "all cases", "", t["cases"], t["with_error"], t["errors"], t["warnings"],
                      _money(t["charge_total"]), _money(t["charge_at_risk"])])
        out.writerow(["total", "audited", "", t["audited"], "", "", "", "", ""])
        out.writerow(["total", "unreadable", "", t["unreadable"], "", "", "", "", ""])
        out.writerow(["total", "with an error finding", "", t["with_error"], t["with_error"], "", "", "",
                      _money(t["charge_at_risk"])])
        out.writerow(["total", "with warnings only", "", t["with_warning_only"], 0, "", "", "", ""])
        for section, key in (("finding_code", "by_code"), ("documentation_gap", "documentation_gaps"),
                             ("payer", "by_payer"), ("payer_type", "by_payer_type"),
                             ("ordering_provider", "by_ordering_provider"),
                             ("rendering_provider", "by_rendering_provider")):
            for g in summary[key]:
                out.writerow([section, g["name"], g.get("detail", ""), g["cases"], g["cases_with_error"],
                              g.get("errors", 0), g.get("warnings", 0), _money(g["charge_total"]),
                              _money(g["charge_at_risk"])])
        for g in summary["unreadable_reasons"]:
            out.writerow(["unreadable_reason", g["name"], "", g["cases"], "", "", "", "", ""])
