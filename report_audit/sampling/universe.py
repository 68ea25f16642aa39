"""The universe (sampling frame) a sample is drawn from: every claim that could be picked.

Three kinds of file, told apart by their content:

- **batch result store** — an SQLite file (``report-audit batch``'s store); one item per
  row of its ``cases`` table, ordered by ``case_id``. Read read-only with plain
  ``sqlite3``, selecting only the columns of ``STORE_COLUMNS``.
- **batch manifest** — a CSV whose header has ``case_id``, ``report`` and ``claim``
  (CONTRACT.md). Each row's claim JSON, when present and readable, gives the payer,
  the providers and the total charge; a row whose claim is missing or unreadable is
  still an item, with those fields blank (stratum ``unknown``).
- **claims CSV** — any other CSV with a ``case_id`` or ``claim_id`` column (``case_id``
  wins when both exist). Every column can stratify; the first of ``charge``,
  ``charge_total``, ``amount``, ``paid`` is the book amount.

Items keep the file's order (the frame number is the 1-based position). Leading lines
starting with ``#`` are skipped, so a sample file can itself be a universe.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..errors import InvalidManifest

SQLITE_MAGIC = b"SQLite format 3\x00"
STORE_COLUMNS = (
    "case_id", "status", "payer_name", "payer_type", "ordering_provider", "rendering_provider",
    "charge_total", "charge_at_risk", "n_errors", "n_warnings",
)
MANIFEST_COLUMNS = ("case_id", "report", "note", "claim")
MANIFEST_CLAIM_COLUMNS = (
    "claim_id", "claim_status", "payer", "payer_type", "ordering_provider", "rendering_provider", "amount",
)
ID_COLUMNS = ("case_id", "claim_id")
AMOUNT_COLUMNS = ("charge", "charge_total", "amount", "paid")
UNKNOWN_STRATUM = "unknown"

# A strata name the user may type -> the column names it can stand for, in order.
STRATA_ALIASES = {
    "payer": ("payer", "payer_name"),
    "payer_name": ("payer_name", "payer"),
    "provider": ("rendering_provider", "provider"),
    "rendering": ("rendering_provider",),
    "ordering": ("ordering_provider",),
}


@dataclass(frozen=True)
class UniverseItem:
    frame_number: int  # 1-based position in the universe
    case_id: str
    fields: Dict[str, str]  # every column but the id, as text
    amount: Optional[float]  # book amount, when the universe has one


@dataclass(frozen=True)
class Universe:
    path: Path
    kind: str  # "store" | "manifest" | "claims_csv"
    sha256: str
    columns: Tuple[str, ...]  # the names in ``UniverseItem.fields``, in output order
    amount_column: Optional[str]
    items: Tuple[UniverseItem, ...]

    @property
    def size(self) -> int:
        return len(self.items)

    def resolve_column(self, name: str) -> str:
        """The column a ``--strata`` name refers to (exact, then case-insensitive, then
        an alias such as ``payer`` or ``provider``)."""
        available = ("case_id",) + self.columns
        if name in available:
            return name
        folded = [c for c in available if c.lower() == name.lower()]
        if len(folded) == 1:
            return folded[0]
        for candidate in STRATA_ALIASES.get(name.lower(), ()):
            if candidate in available:
                return candidate
        raise InvalidManifest(self.path, f"no column {name!r} to stratify by (columns: {', '.join(available)})")

    def strata_values(self, column: Optional[str]) -> List[str]:
        """Each item's stratum (``all`` without strata; ``unknown`` for a blank value;
        runs of white space are one space)."""
        if column is None:
            return ["all"] * self.size
        if column == "case_id":
            return [" ".join(item.case_id.split()) for item in self.items]
        return [" ".join((item.fields.get(column) or "").split()) or UNKNOWN_STRATUM for item in self.items]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_amount(text: object) -> Optional[float]:
    """``"1,250.00"``, ``"$150"`` -> a float; blank or not a number -> None."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
        return value if math.isfinite(value) else None
    raw = str(text).strip().replace(",", "").replace("$", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def format_amount(value: Optional[float]) -> str:
    return "" if value is None else f"{value:.2f}"


def load_universe(path: Path | str) -> Universe:
    """Read a universe file; raises ``InvalidManifest`` with a one-line reason."""
    path = Path(path)
    if not path.exists():
        raise InvalidManifest(path, "no such file")
    if path.is_dir():
        raise InvalidManifest(path, "is a directory, not a claims CSV, manifest or result store")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise InvalidManifest(path, f"cannot be read ({err.strerror or err})") from None
    if not head:
        raise InvalidManifest(path, "is empty")
    sha = file_sha256(path)
    if head == SQLITE_MAGIC:
        return _load_store(path, sha)
    header, rows = read_csv_table(path)
    if {"case_id", "report", "claim"} <= set(header):
        return _load_manifest(path, sha, header, rows)
    return _load_claims_csv(path, sha, header, rows)


def read_csv_table(path: Path) -> Tuple[List[str], List[Tuple[int, Dict[str, str]]]]:
    """``(header, [(line_number, row), ...])`` of a CSV, skipping leading ``#`` lines.

    Raises ``InvalidManifest`` for text that is not UTF-8, a missing header, a duplicate
    column or a row with more fields than the header.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidManifest(path, "is not a UTF-8 CSV file") from None
    except OSError as err:
        raise InvalidManifest(path, f"cannot be read ({err.strerror or err})") from None
    if "\x00" in text:
        raise InvalidManifest(path, "is binary, not a CSV file")
    lines = text.splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    reader = csv.reader(io.StringIO("".join(lines[skip:]), newline=""))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise InvalidManifest(path, "has no CSV header line")
        header = [h.strip() for h in header]
        duplicates = sorted({h for h in header if header.count(h) > 1})
        if duplicates:
            raise InvalidManifest(path, f"header repeats column {duplicates[0]!r}")
        rows = []
        for record in reader:
            line = skip + reader.line_num
            if not record or not any(field.strip() for field in record):
                continue
            if len(record) > len(header):
                raise InvalidManifest(path, f"line {line}: {len(record)} fields, the header has {len(header)}")
            record = record + [""] * (len(header) - len(record))
            rows.append((line, dict(zip(header, record))))
    except csv.Error as err:
        raise InvalidManifest(path, f"line {skip + reader.line_num}: not valid CSV ({err})") from None
    return header, rows


def _check_ids(path: Path, rows: Sequence[Tuple[int, str]], where: str = "line") -> None:
    seen: Dict[str, int] = {}
    for line, case_id in rows:
        if not case_id:
            raise InvalidManifest(path, f"{where} {line}: empty id")
        if case_id in seen:
            raise InvalidManifest(path, f"{where} {line}: id {case_id!r} repeats {where} {seen[case_id]}")
        seen[case_id] = line
    if not rows:
        raise InvalidManifest(path, "has no items to sample")


def _load_claims_csv(path: Path, sha: str, header: List[str], rows) -> Universe:
    id_column = next((c for c in ID_COLUMNS if c in header), None)
    if id_column is None:
        raise InvalidManifest(path, "has no case_id or claim_id column (a claims CSV, batch manifest or result store is expected)")
    _check_ids(path, [(line, row[id_column].strip()) for line, row in rows])
    columns = tuple(c for c in header if c != id_column)
    amount_column = next((c for c in AMOUNT_COLUMNS if c in header), None)
    items = tuple(
        UniverseItem(
            frame_number=i,
            case_id=row[id_column].strip(),
            fields={c: row[c] for c in columns},
            amount=parse_amount(row[amount_column]) if amount_column else None,
        )
        for i, (_, row) in enumerate(rows, start=1)
    )
    return Universe(path, "claims_csv", sha, columns, amount_column, items)


def _read_claim(claim_path: Path) -> Tuple[str, Dict[str, str], Optional[float]]:
    """``(status, fields, total_charge)`` from one claim JSON; never raises."""
    blank = {c: "" for c in MANIFEST_CLAIM_COLUMNS if c != "claim_status"}
    try:
        claim = json.loads(claim_path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return "missing", blank, None
    except (OSError, UnicodeDecodeError, ValueError):
        return "unreadable", blank, None
    if not isinstance(claim, dict):
        return "unreadable", blank, None

    def name_of(value: object) -> str:
        if isinstance(value, dict):
            value = value.get("name")
        return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""

    payer = claim.get("payer") if isinstance(claim.get("payer"), dict) else {}
    charges = []
    lines = claim.get("lines")
    for line in lines if isinstance(lines, list) else []:
        charge = parse_amount(line.get("charge")) if isinstance(line, dict) else None
        if charge is not None:
            charges.append(charge)
    total = round(sum(charges), 2) if charges else None
    fields = {
        "claim_id": name_of(claim.get("claim_id")),
        "payer": name_of(payer.get("name")),
        "payer_type": name_of(payer.get("type")),
        "ordering_provider": name_of(claim.get("ordering_provider")),
        "rendering_provider": name_of(claim.get("rendering_provider")),
        "amount": format_amount(total),
    }
    return "read", fields, total


def _load_manifest(path: Path, sha: str, header: List[str], rows) -> Universe:
    _check_ids(path, [(line, row["case_id"].strip()) for line, row in rows])
    base = path.parent
    extra = tuple(c for c in header if c not in MANIFEST_COLUMNS)
    columns = tuple(c for c in MANIFEST_COLUMNS[1:] if c in header) + extra + MANIFEST_CLAIM_COLUMNS
    items = []
    for i, (_, row) in enumerate(rows, start=1):
        claim_ref = row.get("claim", "").strip()
        if claim_ref:
            status, claim_fields, total = _read_claim(base / claim_ref)
        else:
            status, claim_fields, total = "none", {c: "" for c in MANIFEST_CLAIM_COLUMNS if c != "claim_status"}, None
        fields = {c: row.get(c, "") for c in columns if c not in MANIFEST_CLAIM_COLUMNS}
        fields.update(claim_fields)
        fields["claim_status"] = status
        items.append(UniverseItem(i, row["case_id"].strip(), fields, total))
    return Universe(path, "manifest", sha, columns, "amount", tuple(items))


def open_store(path: Path) -> sqlite3.Connection:
    """A read-only connection to a batch result store."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        table = connection.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='cases'").fetchone()
    except sqlite3.Error as err:
        raise InvalidManifest(path, f"is not a readable SQLite result store ({err})") from None
    if table is None:
        connection.close()
        raise InvalidManifest(path, "is an SQLite file without a 'cases' table (not a batch result store)")
    present = {row[1] for row in connection.execute("PRAGMA table_info(cases)")}
    missing = [c for c in STORE_COLUMNS if c not in present]
    if missing:
        connection.close()
        raise InvalidManifest(path, f"table 'cases' lacks column(s) {', '.join(missing)}")
    return connection


def read_store_rows(path: Path) -> List[Dict[str, object]]:
    """Every row of the store's ``cases`` table (``STORE_COLUMNS`` only), by case_id."""
    connection = open_store(path)
    try:
        cursor = connection.execute(f"SELECT {', '.join(STORE_COLUMNS)} FROM cases ORDER BY case_id")
        return [dict(zip(STORE_COLUMNS, row)) for row in cursor]
    except sqlite3.Error as err:
        raise InvalidManifest(path, f"cannot read table 'cases' ({err})") from None
    finally:
        connection.close()


def _store_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_amount(value)
    return str(value)


def _load_store(path: Path, sha: str) -> Universe:
    rows = read_store_rows(path)
    _check_ids(path, [(i, str(row["case_id"] or "").strip()) for i, row in enumerate(rows, start=1)], "row")
    columns = STORE_COLUMNS[1:]
    items = tuple(
        UniverseItem(
            frame_number=i,
            case_id=str(row["case_id"]).strip(),
            fields={c: _store_text(row[c]) for c in columns},
            amount=parse_amount(row["charge_total"]),
        )
        for i, row in enumerate(rows, start=1)
    )
    return Universe(path, "store", sha, columns, "charge_total", items)
