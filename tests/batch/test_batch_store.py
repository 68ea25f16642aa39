"""The result store: its fixed columns (other tools read them with plain sqlite3), the
dollars-at-risk rule, and replacing a case in one transaction."""
from __future__ import annotations

import sqlite3
import stat

import pytest

from report_audit.batch.store import ResultStore, lines_at_risk

LINES = [{"code": "75571", "date_of_service": "2025-03-04", "charge": 150.0},
         {"code": "75574", "date_of_service": "2025-03-04", "charge": 400.0},
         {"code": "71250", "date_of_service": "2025-03-04", "charge": 90.0}]


def claim_ev(text, **kw):
    return {"source": "claim", "text": text, **kw}


@pytest.mark.parametrize("findings, expected", [
    # a bundling edit cites both lines; the 75571 line is the one denied
    ([{"severity": "error", "evidence": [claim_ev("lines[0] = 75571 on 2025-03-04"),
                                         claim_ev("lines[1] = 75574 on 2025-03-04")]}], [True, False, False]),
    # an error that points at a non-75571 line only
    ([{"severity": "error", "evidence": [claim_ev("lines[2].modifiers = 26, TC")]}], [False, False, True]),
    # pointing by section / 1-based line number, or by the code named in the text
    ([{"severity": "error", "evidence": [claim_ev("modifier 26+TC", section="line 3")]}], [False, False, True]),
    ([{"severity": "error", "evidence": [claim_ev("71250 billed with modifier 59")]}], [False, False, True]),
    # an error that points at no line (a documentation gap, a payer rule): every 75571 line
    ([{"severity": "error", "evidence": [{"source": "report", "text": "score", "start": 1, "end": 6}]}],
     [True, False, False]),
    ([{"severity": "error", "evidence": []}], [True, False, False]),
    # warnings and info never put money at risk
    ([{"severity": "warning", "evidence": [claim_ev("lines[1]")]}, {"severity": "info", "evidence": []}],
     [False, False, False]),
    ([], [False, False, False]),
])
def test_store_lines_at_risk(findings, expected):
    assert lines_at_risk(findings, LINES) == expected


def result(findings=(), status="audited"):
    return {"schema_version": "1.0", "claim_id": "CLM-1", "status": status, "error": None, "documents": {},
            "extraction": {"agatston_total": {"value": 145.0, "evidence": {"source": "report", "text": "145",
                                                                          "start": 3, "end": 6}},
                           "vessels": {"LAD": {"value": 45.0, "evidence": None}},
                           "risk_factors": [{"name": "hyperlipidemia", "source": "note", "evidence": None}]},
            "findings": list(findings)}


CLAIM = {"claim_id": "CLM-1", "payer_name": "Aetna", "payer_type": "commercial", "ordering_provider": "Smith, Ann",
         "rendering_provider": "Lee, John", "lines": LINES}


def test_store_cases_table_has_the_columns_other_tools_read(tmp_path):
    store = ResultStore(tmp_path / "audit.sqlite")
    columns = {row[1]: row[2] for row in store.db.execute("PRAGMA table_info(cases)")}
    pk = [row[1] for row in store.db.execute("PRAGMA table_info(cases)") if row[5]]
    assert pk == ["case_id"]
    required = {"case_id": "TEXT", "status": "TEXT", "error": "TEXT", "payer_name": "TEXT", "payer_type": "TEXT",
                "ordering_provider": "TEXT", "rendering_provider": "TEXT", "charge_total": "REAL",
                "charge_at_risk": "REAL", "n_errors": "INTEGER", "n_warnings": "INTEGER"}
    assert {k: columns.get(k) for k in required} == required
    assert stat.S_IMODE((tmp_path / "audit.sqlite").stat().st_mode) == 0o600


def test_store_save_fills_the_summary_columns_and_replaces_a_case(tmp_path):
    store = ResultStore(tmp_path / "audit.sqlite")
    store.start_run(tool_version="t", rules_hash="r", manifest="m.csv", resume=False, workers=1, time_limit=1)
    error = {"code": "CLM-BUNDLED-CCTA", "severity": "error", "message": "m",
             "evidence": [claim_ev("lines[0] = 75571"), claim_ev("lines[1] = 75574")]}
    warning = {"code": "DOC-VOLUME-MISSING", "severity": "warning", "message": "m", "evidence": []}
    store.save(key="A", row=1, case_id="A", result=result([error, warning]), claim=CLAIM)
    store.save(key="A", row=1, case_id="A", result=result([error, warning]), claim=CLAIM)  # re-audited
    db = sqlite3.connect(tmp_path / "audit.sqlite")
    assert db.execute("SELECT status, payer_name, payer_type, ordering_provider, rendering_provider, charge_total, "
                      "charge_at_risk, n_errors, n_warnings, finding_codes FROM cases").fetchall() == [
        ("audited", "Aetna", "commercial", "Smith, Ann", "Lee, John", 640.0, 150.0, 1, 1,
         "CLM-BUNDLED-CCTA DOC-VOLUME-MISSING")]
    assert db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM claim_lines WHERE at_risk=1").fetchone()[0] == 1
    assert sorted(db.execute("SELECT field, value FROM extractions")) == [
        ("agatston_total", "145.0"), ("risk_factors", '"hyperlipidemia"'), ("vessels.LAD", "45.0")]


def test_store_unreadable_case_without_claim_has_no_charges(tmp_path):
    store = ResultStore(tmp_path / "audit.sqlite")
    store.start_run(tool_version="t", rules_hash="r", manifest="m.csv", resume=False, workers=1, time_limit=1)
    case = store.save(key="B#row2", row=2, case_id="B", result=dict(result(), status="unreadable",
                                                                     error="duplicate case_id", extraction=None))
    assert (case["status"], case["error"], case["charge_total"], case["charge_at_risk"]) == (
        "unreadable", "duplicate case_id", None, None)
