"""The batch manifest (CONTRACT.md "Commands"): ``case_id,report,note,claim``, read as a
stream.

Rows are yielded one at a time, so a 100,000-row manifest is never held in memory; the
only state kept across rows is the set of case ids already seen (for duplicates).

Every data row becomes exactly one ``ManifestRow`` with a unique ``key`` — the key the
result store files it under:

- ``key`` is the ``case_id``; a repeated ``case_id`` gets ``"<case_id>#row<N>"`` and the
  problem "duplicate case_id"; a row without a ``case_id`` gets ``"#row<N>"``;
- a row that cannot be audited (too few or too many columns, no case id, no report path,
  a duplicated case id) carries a ``problem``: the batch records it as unreadable with
  that reason instead of auditing it.

``N`` (``row``) is the number of the data row: 1 for the first row after the header,
which is line N+1 of a manifest without multi-line cells (row N+1 in a spreadsheet).
Completely blank lines are not rows. Paths are relative to the manifest's folder and
are kept as written (``report`` etc.); ``resolve`` gives the path to open.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from ..errors import InvalidManifest

COLUMNS = ("case_id", "report", "note", "claim")
ROLES = ("report", "note", "claim")


@dataclass(frozen=True)
class ManifestRow:
    row: int
    key: str
    case_id: Optional[str]
    report: Optional[str]
    note: Optional[str] = None
    claim: Optional[str] = None
    problem: Optional[str] = None

    def path(self, role: str) -> Optional[str]:
        """The path of ``role`` as written in the manifest (None when empty)."""
        return getattr(self, role)


class Manifest:
    """A manifest file; iterate it for ``ManifestRow``s (one pass per iteration)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.folder = self.path.resolve().parent
        self._header()  # fail early, before a run starts

    def resolve(self, written: str) -> Path:
        return self.folder / written

    def _open(self):
        try:
            return open(self.path, newline="", encoding="utf-8-sig", errors="replace")
        except FileNotFoundError:
            raise InvalidManifest(self.path, "manifest not found") from None
        except IsADirectoryError:
            raise InvalidManifest(self.path, "is a directory, not a manifest file") from None
        except OSError as err:
            raise InvalidManifest(self.path, f"cannot read manifest ({err.strerror})") from None

    def _header(self) -> list[str]:
        with self._open() as handle:
            try:
                header = next(csv.reader(handle), None)
            except csv.Error as err:
                raise InvalidManifest(self.path, f"not a CSV file ({err})") from None
        if not header:
            raise InvalidManifest(self.path, "empty manifest (expected the header case_id,report,note,claim)")
        names = [h.strip().lower() for h in header]
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise InvalidManifest(
                self.path, f"header lacks column(s) {', '.join(missing)} (expected case_id,report,note,claim)")
        return names

    def count_rows(self) -> int:
        """The number of data rows, by a streaming pass (for progress and ETA)."""
        return sum(1 for _ in self)

    def __iter__(self) -> Iterator[ManifestRow]:
        names = self._header()
        index = {c: names.index(c) for c in COLUMNS}
        width = len(names)
        seen: set[str] = set()
        with self._open() as handle:
            reader = csv.reader(handle)
            next(reader, None)
            row = 0
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as err:  # e.g. a NUL byte or an unterminated quote
                    row += 1
                    yield ManifestRow(row, f"#row{row}", None, None, problem=f"manifest row {row}: {err}")
                    continue
                if not cells or all(not c.strip() for c in cells) and len(cells) <= 1:
                    continue  # a blank line is not a row
                row += 1
                yield _row(row, cells, index, width, seen)


def _row(row: int, cells: list[str], index: dict[str, int], width: int, seen: set[str]) -> ManifestRow:
    def cell(name: str) -> Optional[str]:
        i = index[name]
        value = cells[i].strip() if i < len(cells) else ""
        return value or None

    case_id = cell("case_id")
    values = {role: cell(role) for role in ROLES}
    problem = None
    if len(cells) != width:
        problem = (f"manifest row {row}: {len(cells)} column(s), expected {width} "
                   f"({'too few' if len(cells) < width else 'too many'}; header is case_id,report,note,claim)")
    elif case_id is None:
        problem = f"manifest row {row}: no case_id"
    elif case_id in seen:
        problem = "duplicate case_id"
    elif values["report"] is None:
        problem = f"manifest row {row}: no report path"
    if case_id is None:
        key = f"#row{row}"
    elif case_id in seen:
        key = f"{case_id}#row{row}"
    else:
        key = case_id
    seen.add(key)  # a made-up key is taken too, so keys stay unique
    return ManifestRow(row, key, case_id, values["report"], values["note"], values["claim"], problem)
