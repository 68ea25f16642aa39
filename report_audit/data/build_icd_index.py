"""Regenerates ``icd10cm_codes.txt.gz`` from the ``simple-icd-10-cm`` package.

The package parses its whole code set at import (about 1.5 s), which is most of a single
``check``'s time. The index keeps what the rules need for every code of the release —
the dotted code and whether it is billable (a leaf) — and loads in about 30 ms;
``tests/test_icd.py`` holds it equal to the package. Run after upgrading the package:

    python -m report_audit.data.build_icd_index
"""
from __future__ import annotations

import gzip
import warnings
from importlib.metadata import version
from pathlib import Path

INDEX = Path(__file__).resolve().parent / "icd10cm_codes.txt.gz"


def build() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as icd

    codes = [c for c in icd.get_all_codes(True) if icd.is_category_or_subcategory(c)]
    lines = [f"# simple-icd-10-cm {version('simple-icd-10-cm')}: code, 1 when billable (leaf)"]
    lines += [f"{c}\t{1 if icd.is_leaf(c) else 0}" for c in codes]
    with gzip.GzipFile(INDEX, "wb", mtime=0) as fh:  # mtime 0: the same bytes every time
        fh.write(("\n".join(lines) + "\n").encode("ascii"))
    return len(codes)


if __name__ == "__main__":
    print(f"{build()} codes written to {INDEX}")
