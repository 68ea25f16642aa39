"""The claim being audited (CONTRACT.md "Claim input"): a pydantic ``Claim`` and its readers.

A claim comes as JSON (one object, or a list of objects for ``read_claims``) or as a CSV
with one row per claim line. ``claim_id`` and ``lines`` are required; every other field
may be missing. Values are normalised on the way in:

- ``diagnoses``: upper-case, dotted ICD-10-CM form (``"e785"`` -> ``"E78.5"``), claim
  order kept (the first is primary), blanks dropped. Validity is *not* checked here — a
  claim with an invalid code is still a claim; CLM-ICD-INVALID reports it.
- dates (``patient.dob``, ``lines[].date_of_service``): ISO ``2025-03-04`` or US
  ``03/04/2025`` (also ``3/4/2025``) -> ``datetime.date``; two-digit years are rejected
  as ambiguous.
- ``lines[].modifiers``: upper-case strings; a JSON list, or one string separated by
  commas, semicolons, ``|`` or spaces (``"26, TC"``).
- ``lines[].charge``: a number, or a string such as ``"$1,250.00"``; never negative.
- ``payer.type``: one of ``medicare`` (traditional Part B), ``medicare_advantage``,
  ``medicaid``, ``commercial``, ``self_pay`` (case and ``-``/space tolerant:
  ``"Medicare Advantage"`` -> ``medicare_advantage``).
- ``abn_on_file``: a boolean, or ``true/false/yes/no/y/n/1/0`` text.

Unknown keys are ignored (claim files come from other systems that add their own).

CSV columns (header row required; only ``claim_id`` and ``code`` are mandatory)::

    claim_id, payer_name, payer_type, payer_state, payer_plan_id, benefit_manager,
    prior_auth_number, abn_on_file, patient_name, patient_mrn, patient_dob, patient_sex,
    diagnoses (separated by ; or |), code, modifiers (separated by , ; | or space),
    units, date_of_service, charge, ordering_provider_name, ordering_provider_npi,
    rendering_provider_name, rendering_provider_npi

Rows with the same ``claim_id`` are lines of one claim, in file order. Claim-level
columns may be repeated on every row or given once; two rows of one claim that give
different non-empty values are an error.

Every problem raises ``InvalidClaim(path, "<field>: <problem>")`` — one line naming the
field (and CSV row), never a traceback and never a patient value.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InvalidClaim

PayerType = Literal["medicare", "medicare_advantage", "medicaid", "commercial", "self_pay"]
PAYER_TYPES: tuple[str, ...] = PayerType.__args__  # type: ignore[attr-defined]

_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_SPLIT_MODIFIERS = re.compile(r"[\s,;|]+")
_SPLIT_DIAGNOSES = re.compile(r"[;|]")
_MONEY = re.compile(r"-?\$?\s*-?[\d,]*\.?\d+")
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}


def normalize_diagnosis(code: str) -> str:
    """``"e785"`` / ``" E78.5 "`` -> ``"E78.5"``: upper-case, spaces removed, a dot after
    the three-character category when there is more."""
    flat = re.sub(r"[\s.]", "", str(code)).upper()
    return flat if len(flat) <= 3 else f"{flat[:3]}.{flat[3:]}"


def parse_date(value: Any) -> Optional[date]:
    """ISO ``YYYY-MM-DD`` (a time part is ignored) or US ``MM/DD/YYYY``; raises
    ``ValueError`` with a reason that does not echo the value."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    if not text:
        return None
    iso = _ISO_DATE.fullmatch(text)
    us = _US_DATE.fullmatch(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if us:
            if len(us.group(3)) != 4:
                raise ValueError("two-digit year is ambiguous; use YYYY-MM-DD or MM/DD/YYYY")
            return date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
    except ValueError as err:
        if "ambiguous" in str(err):
            raise
        raise ValueError("not a calendar date") from None
    raise ValueError("not a date; use YYYY-MM-DD or MM/DD/YYYY")


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _to_text(value: Any) -> Any:
    """Numbers given for identifiers (MRN, NPI, prior auth) become strings."""
    value = _blank_to_none(value)
    if isinstance(value, bool):
        raise ValueError("must be text, not true/false")
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value.strip() if isinstance(value, str) else value


class _ClaimPart(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Patient(_ClaimPart):
    name: Optional[str] = None
    mrn: Optional[str] = None
    dob: Optional[date] = None
    sex: Optional[str] = None

    _text = field_validator("name", "mrn", "sex", mode="before")(_to_text)

    @field_validator("dob", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Optional[date]:
        return parse_date(value)


class Payer(_ClaimPart):
    name: Optional[str] = None
    type: Optional[PayerType] = None
    state: Optional[str] = None
    benefit_manager: Optional[str] = None
    plan_id: Optional[str] = None

    _text = field_validator("name", "benefit_manager", "plan_id", mode="before")(_to_text)

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if isinstance(value, str):
            key = re.sub(r"[\s\-]+", "_", value.strip().lower())
            if key not in PAYER_TYPES:
                raise ValueError(f"unknown payer type; use one of {', '.join(PAYER_TYPES)}")
            return key
        return value

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if isinstance(value, str):
            value = value.strip().upper()
            if not re.fullmatch(r"[A-Z]{2}", value):
                raise ValueError("use the two-letter state code (e.g. NJ)")
        return value


class Provider(_ClaimPart):
    name: Optional[str] = None
    npi: Optional[str] = None

    _text = field_validator("name", "npi", mode="before")(_to_text)


class ClaimLine(_ClaimPart):
    code: str
    modifiers: list[str] = Field(default_factory=list)
    units: int = Field(default=1, ge=1)
    date_of_service: Optional[date] = None
    charge: Optional[float] = Field(default=None, ge=0)

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        value = _to_text(value)
        if value is None:
            raise ValueError("missing procedure code")
        return value.upper() if isinstance(value, str) else value

    @field_validator("modifiers", mode="before")
    @classmethod
    def _modifiers(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return []
        if isinstance(value, (str, int)):
            value = _SPLIT_MODIFIERS.split(str(value))
        if isinstance(value, list):
            out = []
            for item in value:
                if not isinstance(item, (str, int)) or isinstance(item, bool):
                    raise ValueError("each modifier must be a 2-character code")
                text = str(item).strip().upper()
                if text:
                    if not re.fullmatch(r"[A-Z0-9]{2}", text):
                        raise ValueError("each modifier must be a 2-character code")
                    out.append(text)
            return out
        return value

    @field_validator("units", mode="before")
    @classmethod
    def _units(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        return 1 if value is None else value

    @field_validator("date_of_service", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Optional[date]:
        return parse_date(value)

    @field_validator("charge", mode="before")
    @classmethod
    def _charge(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if isinstance(value, bool):
            raise ValueError("not an amount")
        if isinstance(value, str):
            text = value.strip()
            if not _MONEY.fullmatch(text):
                raise ValueError("not an amount")
            return float(text.replace("$", "").replace(",", "").replace(" ", ""))
        return value


class Claim(_ClaimPart):
    """One professional or facility claim for the study, as CONTRACT.md describes it."""

    claim_id: str = Field(min_length=1)
    patient: Optional[Patient] = None
    payer: Optional[Payer] = None
    prior_auth_number: Optional[str] = None
    abn_on_file: Optional[bool] = None
    diagnoses: list[str] = Field(default_factory=list)
    lines: list[ClaimLine] = Field(min_length=1)
    ordering_provider: Optional[Provider] = None
    rendering_provider: Optional[Provider] = None

    _text = field_validator("claim_id", "prior_auth_number", mode="before")(_to_text)

    @field_validator("abn_on_file", mode="before")
    @classmethod
    def _abn(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return None if text == "" else False
            raise ValueError("use true or false")
        return value

    @field_validator("diagnoses", mode="before")
    @classmethod
    def _diagnoses(cls, value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            return []
        if isinstance(value, str):
            value = _SPLIT_DIAGNOSES.split(value)
        if isinstance(value, list):
            out = []
            for item in value:
                if not isinstance(item, str):
                    raise ValueError("each diagnosis must be an ICD-10-CM code as text")
                if item.strip():
                    out.append(normalize_diagnosis(item))
            return out
        return value

    @property
    def primary_diagnosis(self) -> Optional[str]:
        return self.diagnoses[0] if self.diagnoses else None


# --- errors -------------------------------------------------------------------------

def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "claim"


def _problem(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "missing"
    if kind == "literal_error" and error.get("loc", ())[-1:] == ("type",):
        return f"unknown payer type; use one of {', '.join(PAYER_TYPES)}"
    if kind in ("too_short",) and error.get("loc") == ("lines",):
        return "no claim lines"
    if kind == "string_type":
        return "must be text"
    if kind == "greater_than_equal":
        bound = (error.get("ctx") or {}).get("ge")
        return "must not be negative" if bound == 0 else f"must be at least {bound}"
    if kind.startswith("int_"):
        return "must be a whole number"
    if kind.startswith("float_"):
        return "must be a number"
    if kind.startswith("bool_"):
        return "must be true or false"
    if kind in ("model_type", "dict_type"):
        return "must be an object"
    if kind == "list_type":
        return "must be a list"
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


def _first_error(err: ValidationError, loc_prefix: tuple = ()) -> str:
    error = err.errors(include_url=False, include_input=False)[0]
    return f"{_where(loc_prefix + tuple(error['loc']))}: {_problem(error)}"


def claim_from_dict(data: Any, path: Union[str, Path] = "<claim>") -> Claim:
    """A ``Claim`` from parsed JSON; ``InvalidClaim`` naming the field on any problem."""
    if not isinstance(data, dict):
        raise InvalidClaim(path, "a claim must be a JSON object")
    try:
        return Claim.model_validate(data)
    except ValidationError as err:
        raise InvalidClaim(path, _first_error(err)) from None


# --- readers ------------------------------------------------------------------------

def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidClaim(path, "file not found") from None
    except IsADirectoryError:
        raise InvalidClaim(path, "is a directory, not a claim file") from None
    except UnicodeDecodeError:
        raise InvalidClaim(path, "not UTF-8 text") from None
    except OSError as err:
        raise InvalidClaim(path, f"cannot read ({err.strerror or type(err).__name__})") from None


def _json_claims(path: Path, text: str) -> Iterator[Claim]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidClaim(path, f"not valid JSON (line {err.lineno}, column {err.colno})") from None
    if isinstance(data, list):
        if not data:
            raise InvalidClaim(path, "no claims in the file")
        for index, item in enumerate(data):
            if not isinstance(item, dict):
                raise InvalidClaim(path, f"[{index}]: a claim must be a JSON object")
            try:
                yield Claim.model_validate(item)
            except ValidationError as err:
                raise InvalidClaim(path, _first_error(err, (index,))) from None
        return
    yield claim_from_dict(data, path)


_CLAIM_COLUMNS = {
    "payer_name": ("payer", "name"),
    "payer_type": ("payer", "type"),
    "payer_state": ("payer", "state"),
    "payer_plan_id": ("payer", "plan_id"),
    "benefit_manager": ("payer", "benefit_manager"),
    "prior_auth_number": ("prior_auth_number",),
    "abn_on_file": ("abn_on_file",),
    "patient_name": ("patient", "name"),
    "patient_mrn": ("patient", "mrn"),
    "patient_dob": ("patient", "dob"),
    "patient_sex": ("patient", "sex"),
    "diagnoses": ("diagnoses",),
    "ordering_provider_name": ("ordering_provider", "name"),
    "ordering_provider_npi": ("ordering_provider", "npi"),
    "rendering_provider_name": ("rendering_provider", "name"),
    "rendering_provider_npi": ("rendering_provider", "npi"),
}
_LINE_COLUMNS = ("code", "modifiers", "units", "date_of_service", "charge")


def _csv_claims(path: Path, text: str) -> Iterator[Claim]:
    try:
        reader = csv.DictReader(text.splitlines())
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        rows = list(reader)
    except csv.Error as err:
        raise InvalidClaim(path, f"not valid CSV ({err})") from None
    for required in ("claim_id", "code"):
        if required not in header:
            raise InvalidClaim(path, f"CSV header has no {required} column")
    if not rows:
        raise InvalidClaim(path, "no claim lines in the CSV")
    claims: dict[str, dict] = {}
    line_rows: dict[str, list[int]] = {}
    for rowno, raw in enumerate(rows, start=2):  # row 1 is the header
        if None in raw:
            raise InvalidClaim(path, f"row {rowno}: more fields than header columns")
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        claim_id = row.get("claim_id", "")
        if not claim_id:
            raise InvalidClaim(path, f"row {rowno}, claim_id: missing")
        claim = claims.setdefault(claim_id, {"claim_id": claim_id, "lines": []})
        line_rows.setdefault(claim_id, []).append(rowno)
        for column, target in _CLAIM_COLUMNS.items():
            value = row.get(column, "")
            if not value:
                continue
            holder = claim
            for key in target[:-1]:
                holder = holder.setdefault(key, {})
            previous = holder.get(target[-1])
            if previous is not None and previous != value:
                raise InvalidClaim(path, f"row {rowno}, {column}: differs from an earlier row of claim {claim_id}")
            holder[target[-1]] = value
        claim["lines"].append({k: row[k] for k in _LINE_COLUMNS if row.get(k)})
    for claim_id, data in claims.items():
        try:
            yield Claim.model_validate(data)
        except ValidationError as err:
            error = err.errors(include_url=False, include_input=False)[0]
            loc = tuple(error["loc"])
            if loc[:1] == ("lines",) and len(loc) > 1 and isinstance(loc[1], int):
                column = loc[2] if len(loc) > 2 else "code"
                where = f"row {line_rows[claim_id][loc[1]]}, {column}"
            else:
                column = next((c for c, t in _CLAIM_COLUMNS.items() if t == loc[:len(t)]), _where(loc))
                where = f"claim {claim_id}, {column}"
            raise InvalidClaim(path, f"{where}: {_problem(error)}") from None


def read_claims(path: Union[str, Path]) -> Iterator[Claim]:
    """Every claim in a JSON file (an object or a list of objects) or a claim-line CSV."""
    path = Path(path)
    text = _read_text(path)
    if not text.strip():
        raise InvalidClaim(path, "empty file")
    first_line = text.lstrip().split("\n", 1)[0].lower()
    if path.suffix.lower() == ".csv" or (not first_line.startswith(("{", "["))
                                         and "claim_id" in first_line and "," in first_line):
        yield from _csv_claims(path, text)
    else:
        yield from _json_claims(path, text)


def read_claim(path: Union[str, Path]) -> Claim:
    """The one claim in a JSON or CSV file; ``InvalidClaim`` if it holds none or several."""
    claims = list(read_claims(path))
    if len(claims) != 1:
        raise InvalidClaim(path, f"holds {len(claims)} claims; expected one (use read_claims)")
    return claims[0]
