"""What a batch leaves in --out: results.jsonl and summary.csv written from the store,
owner-only permissions, and progress/log output free of document text."""
from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time

from batch_helpers import ROOT, build_case_set, read_results, run_batch

from report_audit.readers import read_document

OUTPUTS = ("audit.sqlite", "results.jsonl", "summary.csv", "report.html")


def summary_rows(out):
    with open(out / "summary.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def test_batch_results_are_one_check_object_per_row_in_manifest_order(demo_run):
    results = read_results(demo_run["out"])
    cases = demo_run["cases"]
    assert [r["case_id"] for r in results] == cases.case_ids + ["BAD-MISSING", "BAD-ENCRYPTED", "C00001#row17"]
    assert [r["row"] for r in results] == list(range(1, demo_run["n_rows"] + 1))
    for r in results:
        assert {"schema_version", "claim_id", "status", "error", "documents", "extraction", "findings"} <= set(r)
    audited = [r for r in results if r["status"] == "audited"]
    assert len(audited) == 14
    first = audited[0]
    assert first["documents"]["report"]["path"] == cases.rows[0][1]  # as the manifest writes it
    assert first["claim_id"] == "CLM-00000"
    assert results[-1]["error"] == "duplicate case_id"


def test_batch_summary_totals_add_up(demo_run):
    out = demo_run["out"]
    rows = summary_rows(out)
    totals = {r["name"]: r for r in rows if r["section"] == "total"}
    n = demo_run["n_rows"]
    assert int(totals["all cases"]["cases"]) == n
    assert int(totals["audited"]["cases"]) + int(totals["unreadable"]["cases"]) == n
    for section in ("payer", "payer_type", "ordering_provider", "rendering_provider"):
        assert sum(int(r["cases"]) for r in rows if r["section"] == section) == n, section
        assert round(sum(float(r["charge_at_risk"]) for r in rows if r["section"] == section), 2) == \
            float(totals["all cases"]["charge_at_risk"])
    with sqlite3.connect(out / "audit.sqlite") as db:
        at_risk = db.execute("SELECT ROUND(SUM(charge), 2) FROM claim_lines WHERE at_risk=1").fetchone()[0] or 0.0
        with_error = db.execute("SELECT COUNT(*) FROM cases WHERE n_errors > 0").fetchone()[0]
        per_code = dict(db.execute("SELECT code, COUNT(DISTINCT case_id) FROM findings GROUP BY code"))
    assert float(totals["all cases"]["charge_at_risk"]) == at_risk
    assert int(totals["with an error finding"]["cases"]) == with_error
    assert {r["name"]: int(r["cases"]) for r in rows if r["section"] == "finding_code"} == per_code
    gaps = [r for r in rows if r["section"] == "documentation_gap"]
    assert len(gaps) <= 10 and all(r["name"].startswith(("DOC-", "NOTE-", "XDOC-")) for r in gaps)
    reasons = {r["name"]: int(r["cases"]) for r in rows if r["section"] == "unreadable_reason"}
    assert reasons["file not found"] == 1 and reasons["duplicate case_id"] == 1


def test_batch_claim_fields_are_in_the_store(demo_run):
    with sqlite3.connect(demo_run["out"] / "audit.sqlite") as db:
        payers = {row[0] for row in db.execute("SELECT DISTINCT payer_name FROM cases WHERE status='audited'")}
        charges = db.execute("SELECT MIN(charge_total) FROM cases WHERE status='audited'").fetchone()[0]
    assert "Medicare Part B" in payers and "Aetna" in payers
    assert charges >= 150.0


def test_batch_outputs_are_readable_by_the_owner_only(demo_run):
    out = demo_run["out"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert {p.name for p in out.iterdir()} >= set(OUTPUTS)


def test_batch_existing_output_folder_is_made_owner_only(tmp_path):
    cases = build_case_set(tmp_path / "cases", 1)
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    os.chmod(out, 0o755)
    assert run_batch(cases.manifest, out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())


def document_lines(cases) -> list[str]:
    """Every line of every document of the case set, as the tool reads it."""
    lines = set()
    for path in (cases.folder / "docs").iterdir():
        for line in read_document(path).raw_text.splitlines():
            line = line.strip()
            if len(line) >= 12:
                lines.add(line)
    return sorted(lines)


def test_batch_progress_and_logs_hold_no_document_text(demo_run):
    proc = demo_run["proc"]
    output = proc.stdout + proc.stderr
    assert len(re.findall(r"cases/s", proc.stderr)) >= 10  # a progress line per case was printed
    leaked = [line for line in document_lines(demo_run["cases"]) if line in output]
    assert leaked == []


def test_batch_terminal_progress_bar_holds_no_document_text(tmp_path):
    cases = build_case_set(tmp_path / "cases", 6)
    primary, secondary = os.openpty()
    cmd = [sys.executable, "-m", "report_audit", "batch", str(cases.manifest), "--out", str(tmp_path / "out"), "-v"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=secondary, stdout=secondary, stderr=secondary,
                            env={**os.environ, "COLUMNS": "160", "TERM": "xterm"})
    os.close(secondary)
    chunks = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(30)
    os.close(primary)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, screen
    assert "6/6" in screen and "HTML report:" in screen  # the bar ran to the end
    assert [line for line in document_lines(cases) if line in screen] == []


def test_batch_results_jsonl_is_rewritten_from_the_store(demo_run, tmp_path):
    from report_audit.batch import ResultStore
    from report_audit.batch.outputs import write_results

    store = ResultStore(demo_run["out"] / "audit.sqlite")
    try:
        write_results(store, tmp_path / "again.jsonl")
    finally:
        store.close()
    assert (tmp_path / "again.jsonl").read_text() == (demo_run["out"] / "results.jsonl").read_text()
    assert json.loads((tmp_path / "again.jsonl").read_text().splitlines()[0])["case_id"] == "C00000"
