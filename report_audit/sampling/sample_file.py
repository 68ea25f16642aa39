"""The sample file ``report-audit sample`` writes, and reading it back.

A CSV preceded by ``# key: value`` lines (no timestamps, so the same universe file and
seed give the same bytes)::

    # report-audit sample
    # format: 1
    # tool_version: 0.1.0
    # generator: numpy.random.Generator(PCG64) numpy 1.26.4
    # seed: 20250301
    # method: stratified random sampling without replacement
    # selection: random-number order (the n_h smallest of one uniform number per item in frame order)
    # allocation: proportional
    # strata_column: payer
    # universe_file: manifest.csv
    # universe_kind: manifest
    # universe_sha256: 3f5c…
    # universe_size: 40
    # sample_size: 12
    # size_basis: given (--size)
    # stratum: universe_size=10 sample_size=3 book_total=5400.00 name=Aetna
    order,random_number,case_id,stratum,frame_number,…universe columns…,in_error,book_amount,audited_amount,error_amount

A sample drawn from a sample-size design adds ``confidence``, ``precision``,
``expected_rate``, ``sample_size_normal`` and ``sample_size_exact``. There is one
``stratum`` line per stratum; its ``name`` runs to the end of the line. ``book_total`` is
the sum of the stratum's book amounts (``none`` when an item has none). The header
lines hold no comma, semicolon, tab or double quote (``%2C``, ``%3B``, ``%09``, ``%22``;
``%`` is ``%25``), so a spreadsheet that opens and saves the file keeps them as they
are; trailing separators a spreadsheet adds are ignored. A universe column whose name
is one of the sample's own columns is written as ``universe_<name>``.

The last four columns are the review columns, blank except ``book_amount`` (the item's
book amount, when the universe has one): a reviewer fills ``in_error`` (yes/no) and the
amounts, and the file is then a review-decision CSV for ``report-audit estimate``.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from urllib.parse import unquote

import numpy as np

from ..errors import InvalidManifest
from .draw import Sample, StratumPlan
from .universe import format_amount, read_csv_table

MAGIC = "# report-audit sample"
FORMAT = "1"
LEAD_COLUMNS = ("order", "random_number", "case_id", "stratum", "frame_number")
REVIEW_COLUMNS = ("in_error", "book_amount", "audited_amount", "error_amount")


def tool_version() -> str:
    try:
        return metadata.version("report-audit")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


_ESCAPES = {"%": "%25", ",": "%2C", ";": "%3B", "\t": "%09", '"': "%22"}


def encode_value(value: object) -> str:
    """One header value on one line, free of CSV separators and quotes."""
    text = " ".join(str(value).split())
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def decode_value(text: str) -> str:
    return unquote(text)


def render_sample(sample: Sample) -> str:
    """The sample file's text (deterministic for the same sample)."""
    universe = sample.universe
    meta: List[Tuple[str, object]] = [
        ("format", FORMAT),
        ("tool_version", tool_version()),
        ("generator", f"numpy.random.Generator(PCG64) numpy {np.__version__}"),
        ("seed", sample.seed),
        ("method", sample.method),
        ("selection", "random-number order (the n_h smallest of one uniform number per item in frame order)"),
        ("allocation", sample.allocation or "none"),
        ("strata_column", sample.strata_column or "none"),
        ("universe_file", universe.path.name),
        ("universe_kind", universe.kind),
        ("universe_sha256", universe.sha256),
        ("universe_size", universe.size),
        ("sample_size", sample.size),
    ]
    if sample.sizes is None:
        meta.append(("size_basis", "given (--size)"))
    else:
        s = sample.sizes
        meta += [
            ("size_basis", f"exact {s.exact_distribution} attribute sample size"),
            ("confidence", s.confidence),
            ("precision", s.precision),
            ("expected_rate", s.expected_rate),
            ("sample_size_normal", s.normal),
            ("sample_size_exact", s.exact),
        ]
    out = io.StringIO()
    out.write(MAGIC + "\n")
    for key, value in meta:
        out.write(f"# {key}: {encode_value(value)}\n")
    for plan in sample.strata:
        book = "none" if plan.book_total is None else format_amount(plan.book_total)
        out.write(f"# stratum: universe_size={plan.universe_size} sample_size={plan.sample_size} "
                  f"book_total={book} name={encode_value(plan.name)}\n")

    reserved = set(LEAD_COLUMNS) | set(REVIEW_COLUMNS)
    names = [f"universe_{c}" if c in reserved else c for c in universe.columns]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(LEAD_COLUMNS) + names + list(REVIEW_COLUMNS))
    for picked in sample.items:
        item = picked.item
        writer.writerow(
            [picked.order, repr(picked.random_number), item.case_id, picked.stratum, item.frame_number]
            + [item.fields.get(c, "") for c in universe.columns]
            + ["", format_amount(item.amount), "", ""]
        )
    return out.getvalue()


def write_sample(sample: Sample, path: Path | str) -> Path:
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(render_sample(sample))
    return path


@dataclass(frozen=True)
class SampleFile:
    """A sample file read back: its metadata, strata and rows (which may be filled in)."""

    path: Path
    meta: Dict[str, str]
    strata: Tuple[StratumPlan, ...]
    header: Tuple[str, ...]
    rows: Tuple[Tuple[int, Dict[str, str]], ...]  # (line number, row)

    def stratum_of(self) -> Dict[str, str]:
        return {row["case_id"].strip(): row.get("stratum", "").strip() for _, row in self.rows}


def _parse_stratum(path: Path, number: int, value: str) -> StratumPlan:
    """``universe_size=10 sample_size=3 book_total=5400.00 name=Aetna`` -> a plan."""
    head, sep, name = value.partition("name=")
    fields = dict(part.split("=", 1) for part in head.split() if "=" in part)
    try:
        if not sep:
            raise ValueError("no name")
        book = fields.get("book_total", "none")
        return StratumPlan(decode_value(name.strip()), int(fields["universe_size"]), int(fields["sample_size"]),
                           None if book == "none" else float(book))
    except (ValueError, KeyError):
        raise InvalidManifest(path, f"line {number}: stratum line is not valid") from None


def read_metadata(path: Path) -> Optional[Tuple[Dict[str, str], Tuple[StratumPlan, ...]]]:
    """The ``# key: value`` block of a sample file, or None when the file has none."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            first = handle.readline()
            if first.strip().rstrip(",;\t").strip() != MAGIC:
                return None
            meta: Dict[str, str] = {}
            strata: List[StratumPlan] = []
            for number, line in enumerate(handle, start=2):
                if not line.startswith("#"):
                    break
                key, sep, value = line[1:].rstrip().rstrip(",;\t").strip().partition(":")
                if not sep:
                    continue
                key, value = key.strip(), value.strip()
                if key == "stratum":
                    strata.append(_parse_stratum(path, number, value))
                else:
                    meta[key] = decode_value(value)
    except UnicodeDecodeError:
        return None
    except OSError as err:
        raise InvalidManifest(path, f"cannot be read ({err.strerror or err})") from None
    return meta, tuple(strata)


def read_sample(path: Path | str) -> SampleFile:
    """Read a file written by ``write_sample`` (possibly with review columns filled in)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidManifest(path, "no such file" if not path.exists() else "is not a file")
    found = read_metadata(path)
    if found is None:
        raise InvalidManifest(path, "is not a sample file (it does not start with '# report-audit sample')")
    meta, strata = found
    if not strata:
        raise InvalidManifest(path, "sample file lists no strata")
    header, rows = read_csv_table(path)
    if "case_id" not in header:
        raise InvalidManifest(path, "sample file has no case_id column")
    return SampleFile(path, meta, strata, tuple(header), tuple(rows))
