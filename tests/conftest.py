"""Shared pytest fixtures (one conftest for the whole suite; append, don't overwrite)."""
from __future__ import annotations

import pytest


# --- rules, claims, policies ---------------------------------------------------------

@pytest.fixture(scope="session")
def shipped_policies():
    """The payer policies in patterns/policies/, loaded once."""
    from report_audit.policies import load_policies

    return load_policies()


@pytest.fixture
def write_file(tmp_path):
    """Write ``text`` to ``tmp_path/name`` and return the path."""

    def write(name: str, text: str):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --- audit-prep sampling (tests/sampling) ---------------------------------------------------
import csv as _sampling_csv
import json as _sampling_json
import sqlite3 as _sampling_sqlite3

import pytest as _sampling_pytest

SAMPLING_PAYERS = ("Aetna", "Horizon BCBS NJ", "Medicare", "BCBS Kansas")
SAMPLING_STORE_SCHEMA = """CREATE TABLE cases (
    case_id TEXT PRIMARY KEY, status TEXT NOT NULL, payer_name TEXT, payer_type TEXT,
    ordering_provider TEXT, rendering_provider TEXT, charge_total REAL, charge_at_risk REAL,
    n_errors INTEGER NOT NULL DEFAULT 0, n_warnings INTEGER NOT NULL DEFAULT 0,
    result_json TEXT NOT NULL DEFAULT '{}')"""


@_sampling_pytest.fixture
def sampling_manifest(tmp_path):
    """A 40-case batch manifest (``case_id,report,note,claim``) with a claim JSON per case:
    payer ``SAMPLING_PAYERS[i % 4]``, one 75571 line charging 150 + i. Case K007's claim
    is not JSON and K008 has no claim (both land in stratum ``unknown``)."""
    folder = tmp_path / "universe"
    (folder / "claims").mkdir(parents=True)
    rows = []
    for i in range(1, 41):
        case_id = f"K{i:03d}"
        claim = {
            "claim_id": f"C-{i}",
            "payer": {"name": SAMPLING_PAYERS[i % 4], "type": "medicare" if i % 4 == 2 else "commercial"},
            "ordering_provider": {"name": f"Ordering {i % 3}"},
            "rendering_provider": {"name": f"Reader {i % 2}"},
            "lines": [{"code": "75571", "modifiers": ["26"], "units": 1, "charge": 150.0 + i}],
        }
        if i == 7:
            (folder / "claims" / f"{case_id}.json").write_text("{not json", encoding="utf-8")
        elif i != 8:
            (folder / "claims" / f"{case_id}.json").write_text(_sampling_json.dumps(claim), encoding="utf-8")
        rows.append([case_id, f"reports/{case_id}.txt", "", "" if i == 8 else f"claims/{case_id}.json"])
    path = folder / "manifest.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = _sampling_csv.writer(handle, lineterminator="\n")
        writer.writerow(["case_id", "report", "note", "claim"])
        writer.writerows(rows)
    return path


@_sampling_pytest.fixture
def sampling_store(tmp_path):
    """Factory: ``make(rows, name="audit.sqlite")`` writes a batch result store whose
    ``cases`` table holds ``rows`` (dicts of column -> value) and returns its path."""

    def make(rows, name="audit.sqlite"):
        path = tmp_path / name
        db = _sampling_sqlite3.connect(path)
        db.execute(SAMPLING_STORE_SCHEMA)
        for row in rows:
            columns = ", ".join(row)
            db.execute(f"INSERT INTO cases ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        db.commit()
        db.close()
        return path

    return make


# --- extraction (tests/extraction) ----------------------------------------------------------

@pytest.fixture(scope="session")
def nlp():
    """The report-audit pipeline, built once."""
    from report_audit.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extraction of a text snippet: ``extract_text("Agatston score: 145")`` -> Extraction."""
    from report_audit.extract import extract_facts
    from report_audit.readers import SourceDocument

    def run(text: str, role: str = "report"):
        source = SourceDocument.from_text(text)
        return extract_facts(nlp(source.text), source, role)

    return run


# --- batch (tests/batch; helpers in tests/batch/batch_helpers.py) -----------------------------

@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """One realistic batch, shared by the output, HTML and browser tests: 14 good cases
    and a few bad rows, 2 workers, a progress line per case and verbose logging."""
    from batch_helpers import CORPUS, build_case_set, run_batch

    folder = tmp_path_factory.mktemp("demo")
    bad = ["BAD-MISSING,docs/no-such-report.txt,,", f"BAD-ENCRYPTED,{CORPUS / 'bad' / 'encrypted.pdf'},,",
           "C00001,docs/r001.txt,,"]
    cases = build_case_set(folder, 14, bad_rows=bad)
    out = folder / "out"
    proc = run_batch(cases.manifest, out, "--workers", "2", "--progress-interval", "0", "-v")
    assert proc.returncode == 0, proc.stderr
    return {"cases": cases, "out": out, "proc": proc, "n_rows": 14 + len(bad)}


@pytest.fixture
def browser(tmp_path):
    """Debian's headless chromium, driven over the DevTools protocol (no extra package)."""
    import os
    import shutil

    from batch_helpers import Browser

    binary = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if binary is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium; `apt-get install chromium`)")
    b = Browser(binary, tmp_path / "chromium-profile")
    yield b
    b.close()
