"""The batch result store: one SQLite file, ``DIR/audit.sqlite``, in WAL mode.

Each case is written in its own transaction the moment its result arrives, so a crash
or Ctrl-C loses only the cases in flight, and ``--resume`` finds the rest. Other tools
read the store with plain ``sqlite3``; the tables and the columns below are an interface
(add columns, never rename or remove one).

``runs``        one row per ``batch`` invocation: tool version, rules hash, start/end,
                status (running|complete|interrupted|failed) and counts.
``cases``       one row per manifest row, keyed by ``case_id`` (a repeated id is filed as
                ``"<case_id>#row<N>"``, a missing one as ``"#row<N>"``): status
                ('audited'|'unreadable'), error, payer/provider, charges, finding counts,
                ``result_json`` (the ``check`` JSON), ``inputs_hash``/``rules_hash``
                (what ``--resume`` compares) and ``seen_run`` (the last run whose manifest
                listed the case).
``documents``   one row per document of a case (report, note, claim): path as written in
                the manifest, sha256, read/unreadable and why, and the extracted text
                (zlib-compressed UTF-8, for the HTML report's evidence highlighting).
``extractions`` one row per extracted value: field (``vessels.LAD``, ``risk_factors``…),
                value (JSON) and its evidence location.
``findings``    one row per finding, with its evidence (JSON).
``claim_lines`` one row per claim line, with ``at_risk`` (see ``lines_at_risk``).

``charge_at_risk`` = the sum of the charges of the claim lines at risk. A line is at risk
when an *error* finding points at it: a claim evidence that names ``lines[i]`` (0-based,
in its text, section or pattern id) or ``line N`` (1-based, section or pattern id), or,
failing that, whose text names the line's code (and its date of service when the code
is billed on several dates). When a finding points at several lines and some are 75571
lines, only those are at risk (a bundling edit cites the CCTA line, but the 75571 line
is the one denied). When the case has an error finding that points at no line (a
documentation gap, a payer rule), every 75571 line is at risk.

The file and its WAL/SHM companions are created readable by the owner only (0600).
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

STORE_NAME = "audit.sqlite"
SCHEMA_VERSION = "1"
BILLED_CODE = "75571"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
    run_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    tool_version  TEXT NOT NULL,
    rules_hash    TEXT NOT NULL,
    manifest      TEXT NOT NULL,
    resume        INTEGER NOT NULL,
    workers       INTEGER NOT NULL,
    time_limit    REAL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL,
    n_total       INTEGER,
    n_audited     INTEGER,
    n_unreadable  INTEGER,
    n_resumed     INTEGER,
    n_timed_out   INTEGER,
    n_crashed     INTEGER
);
CREATE TABLE IF NOT EXISTS cases (
    case_id            TEXT PRIMARY KEY,
    manifest_case_id   TEXT,
    row                INTEGER NOT NULL,
    claim_id           TEXT,
    status             TEXT NOT NULL CHECK (status IN ('audited', 'unreadable')),
    error              TEXT,
    payer_name         TEXT,
    payer_type         TEXT,
    ordering_provider  TEXT,
    rendering_provider TEXT,
    charge_total       REAL,
    charge_at_risk     REAL,
    n_errors           INTEGER NOT NULL DEFAULT 0,
    n_warnings         INTEGER NOT NULL DEFAULT 0,
    n_info             INTEGER NOT NULL DEFAULT 0,
    finding_codes      TEXT NOT NULL DEFAULT '',
    procedure_codes    TEXT NOT NULL DEFAULT '',
    inputs_hash        TEXT,
    rules_hash         TEXT,
    retry              INTEGER NOT NULL DEFAULT 0,
    run_id             INTEGER,
    seen_run           INTEGER,
    audited_at         TEXT,
    seconds            REAL,
    result_json        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_row ON cases (row);
CREATE TABLE IF NOT EXISTS documents (
    case_id  TEXT NOT NULL,
    role     TEXT NOT NULL,
    path     TEXT,
    sha256   TEXT,
    status   TEXT NOT NULL,
    error    TEXT,
    source   TEXT,
    pages    INTEGER,
    chars    INTEGER,
    text_z   BLOB,
    PRIMARY KEY (case_id, role)
);
CREATE TABLE IF NOT EXISTS extractions (
    case_id    TEXT NOT NULL,
    field      TEXT NOT NULL,
    item       INTEGER NOT NULL,
    value      TEXT,
    source     TEXT,
    start      INTEGER,
    "end"      INTEGER,
    page       INTEGER,
    section    TEXT,
    pattern_id TEXT,
    PRIMARY KEY (case_id, field, item)
);
CREATE TABLE IF NOT EXISTS findings (
    case_id   TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    code      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    carc      TEXT,
    message   TEXT,
    remedy    TEXT,
    evidence  TEXT,
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX IF NOT EXISTS findings_code ON findings (code);
CREATE TABLE IF NOT EXISTS claim_lines (
    case_id          TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    code             TEXT,
    modifiers        TEXT,
    units            REAL,
    date_of_service  TEXT,
    charge           REAL,
    at_risk          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, seq)
);
"""
_CASE_TABLES = ("documents", "extractions", "findings", "claim_lines")
_LINE_REF = (re.compile(r"lines?\s*\[\s*(\d+)\s*\]", re.I), re.compile(r"\bline\s*#?\s*(\d+)\b", re.I))


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def private_file(path: Path) -> None:
    """Create ``path`` (if missing) readable and writable by the owner only."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def lines_at_risk(findings: list[dict], lines: list[dict]) -> list[bool]:
    """Which claim lines an error finding puts at risk (module docstring)."""
    at_risk = [False] * len(lines)
    unpointed_error = False
    billed = {i for i, line in enumerate(lines) if str(line.get("code") or "").strip() == BILLED_CODE}
    for finding in findings:
        if finding.get("severity") != "error":
            continue
        pointed: set[int] = set()
        for ev in finding.get("evidence") or []:
            if ev.get("source") == "claim":
                pointed.update(_line_indexes(ev, lines))
        if pointed & billed:
            pointed &= billed  # e.g. a bundling edit cites the CCTA line; the 75571 line is denied
        for i in pointed:
            at_risk[i] = True
        unpointed_error = unpointed_error or not pointed
    if unpointed_error:
        for i in billed:
            at_risk[i] = True
    return at_risk


def _line_indexes(ev: dict, lines: list[dict]) -> list[int]:
    """The claim lines one evidence names: ``lines[i]`` in its section, pattern id or text
    (``"lines[0] = 75571 on 2025-03-04"``), ``line N`` in its section or pattern id, else
    the lines whose code (and date of service, when codes repeat) its text names."""
    text = ev.get("text") or ""
    for value in (ev.get("section") or "", ev.get("pattern_id") or "", text):
        found = [int(m) for m in _LINE_REF[0].findall(value) if int(m) < len(lines)]
        if found:
            return found
    for value in (ev.get("section") or "", ev.get("pattern_id") or ""):
        m = _LINE_REF[1].search(value)
        if m and 1 <= int(m.group(1)) <= len(lines):
            return [int(m.group(1)) - 1]
    found = []
    for i, line in enumerate(lines):
        code = str(line.get("code") or "").strip()
        if not code or not re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text):
            continue
        dos = line.get("date_of_service")
        if dos and any(str(other.get("code")) == code and other.get("date_of_service") != dos for other in lines) \
                and str(dos) not in text:
            continue
        found.append(i)
    return found


def _extraction_rows(extraction: Optional[dict]) -> Iterator[tuple]:
    if not extraction:
        return

    def row(name, item, value, ev):
        ev = ev or {}
        return (name, item, json.dumps(value, ensure_ascii=False), ev.get("source"), ev.get("start"),
                ev.get("end"), ev.get("page"), ev.get("section"), ev.get("pattern_id"))

    for name, value in extraction.items():
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, dict) and "value" in value:
            yield row(name, 0, value["value"], value.get("evidence"))
        elif name == "vessels" and isinstance(value, dict):
            for vessel, fact in value.items():
                if isinstance(fact, dict):
                    yield row(f"vessels.{vessel}", 0, fact.get("value"), fact.get("evidence"))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    shown = item.get("name", item.get("value", {k: v for k, v in item.items() if k != "evidence"}))
                    yield row(name, i, shown, item.get("evidence"))
        elif not isinstance(value, dict):
            yield row(name, 0, value, None)


class ResultStore:
    """``DIR/audit.sqlite``. One writer (the batch parent); readers may come and go."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            private_file(self.path)
        os.chmod(self.path, 0o600)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: survives a process crash
        for suffix in ("-wal", "-shm"):
            companion = Path(str(self.path) + suffix)
            if companion.exists():
                os.chmod(companion, 0o600)
        self.db.executescript(_SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        self.run_id: Optional[int] = None
        self._pending_seen = 0

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # runs ----------------------------------------------------------------------------
    def start_run(self, *, tool_version: str, rules_hash: str, manifest: str, resume: bool,
                  workers: int, time_limit: Optional[float]) -> int:
        with self.transaction() as db:
            if not resume:  # a fresh run: forget the cases of earlier runs
                for table in ("cases",) + _CASE_TABLES:
                    db.execute(f"DELETE FROM {table}")
            db.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
            cur = db.execute(
                "INSERT INTO runs (tool_version, rules_hash, manifest, resume, workers, time_limit, started_at, "
                "status) VALUES (?, ?, ?, ?, ?, ?, ?, 'running')",
                (tool_version, rules_hash, manifest, int(resume), workers, time_limit, now()))
            self.run_id = cur.lastrowid
        return self.run_id

    def finish_run(self, status: str, counts: dict[str, int]) -> None:
        self.flush_seen()
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at=?, status=?, n_total=?, n_audited=?, n_unreadable=?, n_resumed=?, "
                "n_timed_out=?, n_crashed=? WHERE run_id=?",
                (now(), status, counts.get("total"), counts.get("audited"), counts.get("unreadable"),
                 counts.get("resumed"), counts.get("timed_out"), counts.get("crashed"), self.run_id))

    def drop_unseen(self) -> int:
        """After a complete run: drop cases the manifest no longer lists."""
        with self.transaction() as db:
            keys = "SELECT case_id FROM cases WHERE seen_run IS NOT ?"
            for table in _CASE_TABLES:
                db.execute(f"DELETE FROM {table} WHERE case_id IN ({keys})", (self.run_id,))
            return db.execute("DELETE FROM cases WHERE seen_run IS NOT ?", (self.run_id,)).rowcount

    # cases ---------------------------------------------------------------------------
    def stored(self, key: str) -> Optional[tuple[str, str, int, str]]:
        """(inputs_hash, rules_hash, retry, status) of a stored case, or None."""
        return self.db.execute("SELECT inputs_hash, rules_hash, retry, status FROM cases WHERE case_id=?",
                               (key,)).fetchone()

    def mark_seen(self, key: str, row: int) -> None:
        """A case kept from an earlier run (``--resume``): listed again at ``row``."""
        if not self._pending_seen:
            self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("UPDATE cases SET seen_run=?, row=? WHERE case_id=?", (self.run_id, row, key))
        self._pending_seen += 1
        if self._pending_seen >= 2000:
            self.flush_seen()

    def flush_seen(self) -> None:
        if self._pending_seen:
            self.db.execute("COMMIT")
            self._pending_seen = 0

    def save(self, *, key: str, row: int, case_id: Optional[str], result: dict[str, Any],
             documents: list[dict] = (), claim: Optional[dict] = None, inputs_hash: Optional[str] = None,
             rules_hash: Optional[str] = None, retry: bool = False, seconds: Optional[float] = None,
             result_json: Optional[str] = None) -> dict[str, Any]:
        """Replace the stored case ``key`` with this result, in one transaction."""
        self.flush_seen()
        findings = result.get("findings") or []
        lines = (claim or {}).get("lines") or []
        risk = lines_at_risk(findings, lines)
        charges = [line.get("charge") or 0.0 for line in lines]
        severities = [f.get("severity") for f in findings]
        codes = sorted({f.get("code") for f in findings if f.get("code")})
        case = {
            "case_id": key, "manifest_case_id": case_id, "row": row,
            "claim_id": (claim or {}).get("claim_id") or result.get("claim_id"),
            "status": result.get("status") or "unreadable", "error": result.get("error"),
            "payer_name": (claim or {}).get("payer_name"), "payer_type": (claim or {}).get("payer_type"),
            "ordering_provider": (claim or {}).get("ordering_provider"),
            "rendering_provider": (claim or {}).get("rendering_provider"),
            "charge_total": round(sum(charges), 2) if claim else None,
            "charge_at_risk": round(sum(c for c, r in zip(charges, risk) if r), 2) if claim else None,
            "n_errors": severities.count("error"), "n_warnings": severities.count("warning"),
            "n_info": severities.count("info"), "finding_codes": " ".join(codes),
            "procedure_codes": " ".join(sorted({str(line.get("code")) for line in lines if line.get("code")})),
            "inputs_hash": inputs_hash, "rules_hash": rules_hash, "retry": int(retry), "run_id": self.run_id,
            "seen_run": self.run_id, "audited_at": now(), "seconds": seconds,
            "result_json": result_json or json.dumps(result, ensure_ascii=False),
        }
        with self.transaction() as db:
            for table in _CASE_TABLES:
                db.execute(f"DELETE FROM {table} WHERE case_id=?", (key,))
            db.execute(f"INSERT OR REPLACE INTO cases ({', '.join(case)}) VALUES ({', '.join('?' * len(case))})",
                       tuple(case.values()))
            for doc in documents:
                db.execute(
                    "INSERT OR REPLACE INTO documents (case_id, role, path, sha256, status, error, source, pages, "
                    "chars, text_z) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (key, doc["role"], doc.get("path"), doc.get("sha256"), doc.get("status"), doc.get("error"),
                     doc.get("source"), doc.get("pages"), doc.get("chars"), doc.get("text_z")))
            db.executemany(
                'INSERT OR REPLACE INTO extractions (case_id, field, item, value, source, start, "end", page, '
                "section, pattern_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((key,) + r for r in _extraction_rows(result.get("extraction"))))
            db.executemany(
                "INSERT INTO findings (case_id, seq, code, severity, carc, message, remedy, evidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((key, i, f.get("code"), f.get("severity"), f.get("carc"), f.get("message"), f.get("remedy"),
                  json.dumps(f.get("evidence") or [], ensure_ascii=False)) for i, f in enumerate(findings)))
            db.executemany(
                "INSERT INTO claim_lines (case_id, seq, code, modifiers, units, date_of_service, charge, at_risk) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((key, i, line.get("code"), " ".join(line.get("modifiers") or []), line.get("units"),
                  line.get("date_of_service"), line.get("charge"), int(r))
                 for i, (line, r) in enumerate(zip(lines, risk))))
        return case

    # reading -------------------------------------------------------------------------
    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]

    def iter_results(self) -> Iterator[tuple[str, int, str]]:
        """(case key, manifest row, check JSON) in manifest order, streamed."""
        yield from self.db.execute("SELECT case_id, row, result_json FROM cases ORDER BY row, case_id")

    def iter_cases(self) -> Iterator[sqlite3.Row]:
        cur = self.db.cursor()
        cur.row_factory = sqlite3.Row
        yield from cur.execute("SELECT * FROM cases ORDER BY row, case_id")

    def documents(self, key: str) -> list[sqlite3.Row]:
        cur = self.db.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute("SELECT * FROM documents WHERE case_id=? ORDER BY CASE role WHEN 'report' THEN 0 "
                           "WHEN 'note' THEN 1 ELSE 2 END", (key,)).fetchall()

    def claim_lines(self, key: str) -> list[sqlite3.Row]:
        cur = self.db.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute("SELECT * FROM claim_lines WHERE case_id=? ORDER BY seq", (key,)).fetchall()
