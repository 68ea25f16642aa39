"""What a stored result depends on, as hashes: the case's files and the rules.

``--resume`` keeps a stored case only when both are unchanged:

- ``inputs_hash``: the case id, the manifest's paths as written and the sha256 of each
  file's bytes. A file that is missing or is not a regular file hashes as that fact
  (it is never opened here: a FIFO or a stalled mount must not block the batch);
- ``rules_hash``: the tool version, every file under ``patterns/`` (target rules,
  sections, ConText, and the payer policies in ``patterns/policies/``) and any extra
  policy folder given with ``--policies``: a changed pattern or policy re-audits every
  case. Code is covered by the version: a new release re-audits; while developing rule
  code, run without ``--resume``.
"""
from __future__ import annotations

import hashlib
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from .manifest import ROLES, Manifest, ManifestRow

_CHUNK = 1 << 20


def file_sha256(path: Path) -> tuple[Optional[str], Optional[str]]:
    """(sha256, None) for a readable regular file, else (None, why not)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None, "missing"
    except OSError as err:
        return None, f"stat failed: {err.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return None, "not a regular file"
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as err:
        return None, f"read failed: {err.strerror}"
    return digest.hexdigest(), None


def inputs_hash(row: ManifestRow, manifest: Manifest) -> str:
    digest = hashlib.sha256()
    digest.update(f"case_id={row.case_id!r}\n".encode())
    for role in ROLES:
        written = row.path(role)
        if written is None:
            digest.update(f"{role}=\n".encode())
            continue
        sha, why = file_sha256(manifest.resolve(written))
        digest.update(f"{role}={written!r} {sha or why}\n".encode())
    return digest.hexdigest()


def _hash_tree(digest, root: Path, files: Iterable[Path]) -> None:
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


@lru_cache(maxsize=None)
def rules_hash(extra_policy_dirs: tuple[str, ...] = ()) -> str:
    from .. import __version__
    from ..patterns import PATTERNS_DIR

    digest = hashlib.sha256(f"report-audit {__version__}\n".encode())
    _hash_tree(digest, PATTERNS_DIR, (p for p in PATTERNS_DIR.rglob("*") if p.is_file()))
    for name in extra_policy_dirs:
        root = Path(name).resolve()
        digest.update(f"policies {root}\n".encode())
        if root.is_dir():
            _hash_tree(digest, root, (p for p in root.rglob("*") if p.is_file()))
    return digest.hexdigest()
