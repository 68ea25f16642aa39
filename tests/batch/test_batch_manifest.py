"""The manifest is read as a stream, and every data row becomes exactly one row with a
unique key."""
from __future__ import annotations

import tracemalloc

import pytest

from report_audit.batch.manifest import Manifest
from report_audit.errors import InvalidManifest


def write(tmp_path, text: str):
    path = tmp_path / "manifest.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_rows_keep_paths_as_written_and_resolve_against_the_manifest(tmp_path):
    m = Manifest(write(tmp_path, "case_id,report,note,claim\nA,r/a.txt,n/a.txt,c.json\nB,r/b.pdf,,\n"))
    rows = list(m)
    assert [(r.row, r.key, r.report, r.note, r.claim, r.problem) for r in rows] == [
        (1, "A", "r/a.txt", "n/a.txt", "c.json", None), (2, "B", "r/b.pdf", None, None, None)]
    assert m.resolve(rows[0].report) == tmp_path.resolve() / "r/a.txt"


def test_manifest_columns_may_come_in_any_order_with_a_bom(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes("\ufeffreport,claim,case_id,note\nr.txt,,X,n.txt\n".encode("utf-8"))
    (row,) = Manifest(path)
    assert (row.key, row.report, row.note, row.claim) == ("X", "r.txt", "n.txt", None)


@pytest.mark.parametrize("line, key, problem", [
    ("A,r.txt", "A", "manifest row 2: 2 column(s), expected 4 (too few"),
    ("B,r.txt,n.txt,c.json,extra", "B", "manifest row 2: 5 column(s), expected 4 (too many"),
    (",r.txt,,", "#row2", "manifest row 2: no case_id"),
    ("C,,n.txt,", "C", "manifest row 2: no report path"),
    ("FIRST,r2.txt,,", "FIRST#row2", "duplicate case_id"),
])
def test_manifest_bad_row_is_kept_with_its_problem(tmp_path, line, key, problem):
    rows = list(Manifest(write(tmp_path, f"case_id,report,note,claim\nFIRST,r.txt,,\n{line}\n")))
    assert len(rows) == 2
    assert rows[1].key == key
    assert rows[1].problem.startswith(problem)


def test_manifest_keys_are_unique_even_when_a_case_id_looks_like_a_made_up_key(tmp_path):
    rows = list(Manifest(write(tmp_path, "case_id,report,note,claim\n,a,,\n#row1,b,,\nX,c,,\nX,d,,\nX#row4,e,,\n")))
    keys = [r.key for r in rows]
    assert len(set(keys)) == len(keys) == 5


def test_manifest_blank_lines_are_not_rows(tmp_path):
    rows = list(Manifest(write(tmp_path, "case_id,report,note,claim\n\nA,r.txt,,\n   \n\nB,s.txt,,\n")))
    assert [(r.row, r.key) for r in rows] == [(1, "A"), (2, "B")]


@pytest.mark.parametrize("text, reason", [
    ("", "empty manifest"),
    ("id,path\nA,r.txt\n", "header lacks column(s) case_id, report, note, claim"),
    ("case_id,report\nA,r.txt\n", "header lacks column(s) note, claim"),
])
def test_manifest_without_the_contract_header_is_rejected(tmp_path, text, reason):
    with pytest.raises(InvalidManifest) as err:
        Manifest(write(tmp_path, text))
    assert reason in str(err.value)


def test_manifest_missing_file_is_rejected(tmp_path):
    with pytest.raises(InvalidManifest, match="manifest not found"):
        Manifest(tmp_path / "nope.csv")


def test_manifest_of_100000_rows_is_streamed_not_held_in_memory(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w") as handle:
        handle.write("case_id,report,note,claim\n")
        for i in range(100_000):
            handle.write(f"CASE-{i:06d},reports/report-{i:06d}.pdf,notes/note-{i:06d}.txt,claims/claim-{i:06d}.json\n")
    manifest = Manifest(path)
    tracemalloc.start()
    n = 0
    for row in manifest:  # the only per-row state kept is the set of case ids
        n += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 100_000 == manifest.count_rows()
    rows_in_memory = 100_000 * 4 * 60  # what holding every row's cells would take, at least
    assert peak < rows_in_memory / 2, f"peak {peak / 1e6:.1f} MB"
