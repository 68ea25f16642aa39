"""The audited sample: which sampled cases are in error, and by how many dollars.

Two sources:

- a **batch result store** (SQLite) of the audited cases: a case is in error when it has
  an error finding (``n_errors > 0``); book amount = ``charge_total``; error amount =
  ``charge_at_risk`` (the charges on lines with an error finding) for a case in error,
  0 otherwise; audited amount = book - error. A case the batch could not read
  (``status = 'unreadable'``) is left out of the appraisal by default and listed;
  ``unreadable="error"`` counts it in error for its whole charge instead (documentation
  that cannot be produced does not support the claim).
- a **review-decision CSV** — a person's decisions, one row per sampled case:

  | column | required | meaning |
  |---|---|---|
  | ``case_id`` (or ``claim_id``) | yes | the sampled case |
  | ``in_error`` | yes | yes/no, y/n, 1/0, true/false; blank = not reviewed yet |
  | ``stratum`` | no | the case's stratum (taken from the sample file when absent) |
  | ``book_amount`` | no | the amount billed/paid as recorded |
  | ``audited_amount`` | no | the amount the documentation supports |
  | ``error_amount`` | no | the dollars in error |

  A blank ``error_amount`` is 0 for a case not in error and book - audited for one in
  error; a blank ``audited_amount`` is the book amount for a case not in error and
  book - error for one in error. The file ``report-audit sample`` writes has exactly
  these columns, so it can be filled in and passed back as it is.

The design (strata, universe sizes, book totals) comes from the sample file: the one
given with ``--sample``, else the results file itself when it is a filled-in sample
file. With a design, only the sampled cases count: a store's other cases are ignored,
a sampled case that has no result is *not reviewed*.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ..errors import InvalidManifest
from .draw import StratumPlan
from .sample_file import SampleFile, read_metadata, read_sample
from .universe import SQLITE_MAGIC, parse_amount, read_csv_table, read_store_rows

TRUE_WORDS = {"yes", "y", "1", "true", "t"}
FALSE_WORDS = {"no", "n", "0", "false", "f"}
UNREADABLE_POLICIES = ("exclude", "error")


@dataclass(frozen=True)
class ReviewedCase:
    case_id: str
    stratum: str
    in_error: bool
    book_amount: Optional[float]
    audited_amount: Optional[float]
    error_amount: Optional[float]


@dataclass(frozen=True)
class SampleResults:
    path: Path
    kind: str  # "store" | "review_csv"
    cases: Tuple[ReviewedCase, ...]
    strata: Tuple[StratumPlan, ...]  # design: universe size per stratum (None when unknown)
    design_source: Optional[Path]  # the sample file the design came from
    design_meta: Dict[str, str] = field(default_factory=dict)
    not_reviewed: Tuple[str, ...] = ()  # sampled case ids without a decision
    unreadable: Tuple[str, ...] = ()  # store cases left out because they could not be read


def parse_decision(text: str) -> Optional[bool]:
    word = text.strip().lower()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(word)


def _complete(in_error: bool, book: Optional[float], audited: Optional[float],
              error: Optional[float]) -> Tuple[Optional[float], Optional[float]]:
    """Fill a blank audited or error amount from the others (see the module docstring)."""
    if error is None:
        if not in_error:
            error = 0.0
        elif book is not None and audited is not None:
            error = round(book - audited, 2)
    if audited is None and book is not None:
        if not in_error:
            audited = book
        elif error is not None:
            audited = round(book - error, 2)
    return audited, error


def _store_cases(path: Path, unreadable: str) -> Tuple[Dict[str, ReviewedCase], List[str]]:
    cases: Dict[str, ReviewedCase] = {}
    left_out: List[str] = []
    for row in read_store_rows(path):
        case_id = str(row["case_id"]).strip()
        book = parse_amount(row["charge_total"])
        if str(row["status"] or "").strip().lower() == "unreadable":
            if unreadable == "exclude":
                left_out.append(case_id)
                continue
            cases[case_id] = ReviewedCase(case_id, "all", True, book, 0.0 if book is not None else None, book)
            continue
        n_errors = row["n_errors"] or 0
        in_error = int(n_errors) > 0
        at_risk = parse_amount(row["charge_at_risk"])
        error = at_risk if in_error else 0.0
        audited, error = _complete(in_error, book, None, error)
        cases[case_id] = ReviewedCase(case_id, "all", in_error, book, audited, error)
    return cases, left_out


def _review_cases(path: Path) -> Tuple[Dict[str, ReviewedCase], List[str], Dict[str, str]]:
    """``(decided cases, undecided case ids, case -> stratum column value)``."""
    header, rows = read_csv_table(path)
    id_column = next((c for c in ("case_id", "claim_id") if c in header), None)
    if id_column is None:
        raise InvalidManifest(path, "review CSV has no case_id column")
    if "in_error" not in header:
        raise InvalidManifest(path, "review CSV has no in_error column (yes/no per case)")
    cases: Dict[str, ReviewedCase] = {}
    undecided: List[str] = []
    strata: Dict[str, str] = {}
    seen: Dict[str, int] = {}
    for line, row in rows:
        case_id = row[id_column].strip()
        if not case_id:
            raise InvalidManifest(path, f"line {line}: empty {id_column}")
        if case_id in seen:
            raise InvalidManifest(path, f"line {line}: case {case_id!r} repeats line {seen[case_id]}")
        seen[case_id] = line
        if "stratum" in header and row["stratum"].strip():
            strata[case_id] = row["stratum"].strip()
        try:
            decision = parse_decision(row["in_error"])
        except ValueError as err:
            raise InvalidManifest(path, f"line {line}: in_error must be yes/no/1/0/true/false, not {str(err)!r}") from None
        if decision is None:
            undecided.append(case_id)
            continue
        amounts = {}
        for name in ("book_amount", "audited_amount", "error_amount"):
            raw = row.get(name, "").strip()
            value = parse_amount(raw)
            if raw and value is None:
                raise InvalidManifest(path, f"line {line}: {name} is not a number")
            amounts[name] = value
        audited, error = _complete(decision, amounts["book_amount"], amounts["audited_amount"], amounts["error_amount"])
        cases[case_id] = ReviewedCase(case_id, "all", decision, amounts["book_amount"], audited, error)
    return cases, undecided, strata


def load_results(path: Path | str, sample_path: Path | str | None = None, universe_size: Optional[int] = None,
                 unreadable: str = "exclude") -> SampleResults:
    """Read the audited sample and attach its design; raises ``InvalidManifest``."""
    path = Path(path)
    if not path.exists():
        raise InvalidManifest(path, "no such file")
    if path.is_dir():
        raise InvalidManifest(path, "is a directory, not a result store or review CSV")
    if unreadable not in UNREADABLE_POLICIES:
        raise ValueError(f"unreadable must be one of {UNREADABLE_POLICIES}")
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if not head:
        raise InvalidManifest(path, "is empty")

    unreadable_ids: List[str] = []
    column_strata: Dict[str, str] = {}
    undecided: List[str] = []
    if head == SQLITE_MAGIC:
        kind = "store"
        cases, unreadable_ids = _store_cases(path, unreadable)
    else:
        kind = "review_csv"
        cases, undecided, column_strata = _review_cases(path)

    design: Optional[SampleFile] = None
    if sample_path is not None:
        design = read_sample(sample_path)
    elif kind == "review_csv" and read_metadata(path) is not None:
        design = read_sample(path)

    if design is None:
        return _without_design(path, kind, cases, undecided, unreadable_ids, column_strata, universe_size)
    return _with_design(path, kind, cases, undecided, unreadable_ids, column_strata, universe_size, design)


def _without_design(path, kind, cases, undecided, unreadable_ids, column_strata, universe_size) -> SampleResults:
    names = sorted(set(column_strata.get(c, "all") for c in list(cases) + undecided)) or ["all"]
    if universe_size is not None and len(names) > 1:
        raise InvalidManifest(path, "--universe-size fits an unstratified sample; for strata pass the sample file with --sample")
    reviewed = tuple(
        ReviewedCase(c.case_id, column_strata.get(c.case_id, "all"), c.in_error, c.book_amount,
                     c.audited_amount, c.error_amount)
        for c in cases.values()
    )
    counts = {h: sum(1 for c in reviewed if c.stratum == h) for h in names}
    plans = tuple(StratumPlan(h, universe_size, counts[h], None) for h in names)
    if universe_size is not None and universe_size < len(reviewed):
        raise InvalidManifest(path, f"--universe-size {universe_size} is smaller than the {len(reviewed)} reviewed cases")
    return SampleResults(path, kind, reviewed, plans, None, {}, tuple(undecided), tuple(unreadable_ids))


def _with_design(path, kind, cases, undecided, unreadable_ids, column_strata, universe_size,
                 design: SampleFile) -> SampleResults:
    stratum_of = design.stratum_of()
    plans = design.strata
    if universe_size is not None:
        if len(plans) == 1:
            plans = (StratumPlan(plans[0].name, universe_size, plans[0].sample_size, plans[0].book_total),)
        elif universe_size != sum(p.universe_size for p in plans):
            raise InvalidManifest(path, "--universe-size differs from the stratified sample file's universe; leave it out")
    for plan in plans:
        if plan.universe_size is not None and plan.universe_size < plan.sample_size:
            raise InvalidManifest(design.path, f"stratum {plan.name!r}: universe size {plan.universe_size} "
                                               f"is below its sample size {plan.sample_size}")
    known = {p.name for p in plans}
    reviewed: List[ReviewedCase] = []
    for case_id, case in cases.items():
        if case_id not in stratum_of:
            if kind == "store":
                continue  # the store holds more than the sample
            raise InvalidManifest(path, f"case {case_id!r} is not in the sample {design.path.name}")
        stratum = stratum_of[case_id]
        given = column_strata.get(case_id)
        if given is not None and given != stratum:
            raise InvalidManifest(path, f"case {case_id!r} is in stratum {stratum!r} of the sample, not {given!r}")
        if stratum not in known:
            raise InvalidManifest(design.path, f"case {case_id!r}: stratum {stratum!r} is not among the file's strata")
        reviewed.append(ReviewedCase(case_id, stratum, case.in_error, case.book_amount,
                                     case.audited_amount, case.error_amount))
    decided = {c.case_id for c in reviewed}
    unreadable_in_sample = tuple(c for c in unreadable_ids if c in stratum_of)
    not_reviewed = tuple(c for c in stratum_of if c not in decided and c not in unreadable_in_sample)
    return SampleResults(path, kind, tuple(reviewed), plans, design.path, dict(design.meta),
                         not_reviewed, unreadable_in_sample)

