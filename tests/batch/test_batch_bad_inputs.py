"""Nothing lost: a manifest full of bad inputs ends with every row audited or unreadable
with a reason, and the run goes on."""
from __future__ import annotations

import csv
import os
import re
import shutil
import sqlite3

from batch_helpers import CORPUS, build_case_set, read_results, run_batch

BAD = CORPUS / "bad"


def test_batch_every_bad_row_is_accounted_for_with_a_reason(tmp_path):
    cases = build_case_set(tmp_path, 3)
    folder = cases.folder
    for name in ("corrupt.pdf", "encrypted.pdf", "scanned.pdf", "empty.pdf", "notapdf.pdf", "empty.txt",
                 "whitespace.txt", "binary.txt"):
        shutil.copyfile(BAD / name, folder / "docs" / name)
    (folder / "claims" / "broken.json").write_text('{"claim_id": "X", "lines": [')
    (folder / "claims" / "nolines.json").write_text('{"claim_id": "X", "lines": []}')
    (folder / "docs" / "a-folder.txt").mkdir()
    os.mkfifo(folder / "docs" / "stalled.txt")  # opening it blocks forever: the time limit must fire
    good = cases.rows[0]
    expected = {  # key -> a phrase its reason must contain
        "MISSING": "file not found", "CORRUPT": "corrupt", "ENCRYPTED": "encrypted", "SCANNED": "no text layer",
        "EMPTYPDF": "no text layer", "NOTAPDF": "not a PDF", "EMPTY": "empty file", "BLANK": "only whitespace",
        "BINARY": "binary", "BADCLAIM": "broken.json", "NOLINES": "nolines.json", "DIR": "directory",
        "STALLED": "timed out after 3 s", "BADNOTE": "encrypted", "C00000#row18": "duplicate case_id",
        "FEW": "too few", "MANY": "too many", "#row21": "no case_id", "NOREPORT": "no report path",
        "QUOTE": "too few",
    }
    bad_rows = [
        "MISSING,docs/does-not-exist.pdf,,",
        "CORRUPT,docs/corrupt.pdf,,",
        "ENCRYPTED,docs/encrypted.pdf,,",
        "SCANNED,docs/scanned.pdf,,",
        "EMPTYPDF,docs/empty.pdf,,",
        "NOTAPDF,docs/notapdf.pdf,,",
        "EMPTY,docs/empty.txt,,",
        "BLANK,docs/whitespace.txt,,",
        "BINARY,docs/binary.txt,,",
        f"BADCLAIM,{good[1]},{good[2]},claims/broken.json",
        f"NOLINES,{good[1]},,claims/nolines.json",
        "DIR,docs/a-folder.txt,,",
        "STALLED,docs/stalled.txt,,",
        f"BADNOTE,{good[1]},docs/encrypted.pdf,",
        f"C00000,{good[1]},,",  # row 18 (after 3 good rows): a repeated case id
        "FEW,docs/x.txt",
        "MANY,a,b,c,d",
        f",{good[1]},,",  # row 21: no case id
        "NOREPORT,,docs/n.txt,",
        f'QUOTE,"{good[1]},,',  # an unterminated quote swallows the rest of the file
    ]
    with open(cases.manifest, "a") as handle:
        handle.write("\n".join(bad_rows) + "\n")
    out = tmp_path / "out"

    proc = run_batch(cases.manifest, out, "--workers", "2", "--time-limit", "3")

    assert proc.returncode == 0, proc.stderr
    n_rows = len(cases.rows) + len(bad_rows)
    results = read_results(out)
    assert len(results) == n_rows
    assert len({r["case_id"] for r in results}) == n_rows
    by_key = {r["case_id"]: r for r in results}
    for key, phrase in expected.items():
        assert by_key[key]["status"] == "unreadable", key
        assert phrase in by_key[key]["error"], (key, by_key[key]["error"])
    for case_id in cases.case_ids:
        assert by_key[case_id]["status"] == "audited", by_key[case_id]["error"]
    m = re.search(r"batch: (\d+) cases: (\d+) audited, (\d+) unreadable", proc.stdout)
    assert m, proc.stdout
    total, audited, unreadable = map(int, m.groups())
    assert (total, audited, unreadable) == (n_rows, len(cases.rows), len(expected))
    with sqlite3.connect(out / "audit.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == n_rows
        assert db.execute("SELECT COUNT(*) FROM cases WHERE status='unreadable' AND (error IS NULL OR error='')"
                          ).fetchone()[0] == 0
        assert db.execute("SELECT retry FROM cases WHERE case_id='STALLED'").fetchone()[0] == 1
        run = db.execute("SELECT status, n_total, n_audited, n_unreadable, n_timed_out FROM runs").fetchone()
        assert run == ("complete", n_rows, len(cases.rows), len(expected), 1)
    with open(out / "summary.csv", newline="") as handle:
        totals = {r["name"]: r for r in csv.DictReader(handle) if r["section"] == "total"}
    assert int(totals["audited"]["cases"]) + int(totals["unreadable"]["cases"]) == int(totals["all cases"]["cases"]) \
        == n_rows


def test_batch_unusable_manifest_exits_2_with_one_line(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("id,file\nA,r.txt\n")
    proc = run_batch(manifest, tmp_path / "out")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "header lacks column(s)" in proc.stderr and "Traceback" not in proc.stderr


def test_batch_empty_manifest_writes_empty_outputs(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("case_id,report,note,claim\n")
    proc = run_batch(manifest, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "batch: 0 cases: 0 audited, 0 unreadable" in proc.stdout
    assert read_results(tmp_path / "out") == []
    assert (tmp_path / "out" / "report.html").exists()
