"""The data shapes of CONTRACT.md, as pydantic models.

Every extracted value is a ``Fact`` (value + the evidence that states it); a field the
documents do not state is ``None`` (lists are empty). Field names are the contract's and
are never renamed; new fields may be added.
"""
from __future__ import annotations

from typing import Any, Generic, Literal, Optional, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Role = Literal["report", "note", "claim"]
Severity = Literal["error", "warning", "info"]
RiskCategory = Literal["none", "minimal", "mild", "moderate", "severe"]

T = TypeVar("T")


class Evidence(BaseModel):
    """Where a value or finding comes from: document, original character offsets, page,
    section, and the pattern that matched."""

    source: Role
    text: str
    start: Optional[int] = None
    end: Optional[int] = None
    page: Optional[int] = None
    section: Optional[str] = None
    pattern_id: Optional[str] = None


class Fact(BaseModel, Generic[T]):
    value: T
    evidence: Optional[Evidence] = None


class NamedFact(BaseModel):
    """A risk factor or symptom of the patient."""

    name: str
    source: Role
    evidence: Optional[Evidence] = None


class ScoreMention(BaseModel):
    """One statement of a current coronary Agatston total (kept for DOC-SCORE-CONFLICT)."""

    value: float
    in_addendum: bool = False
    evidence: Evidence


class PatientIdentifiers(BaseModel):
    source: Role
    name: Optional[Fact[str]] = None
    mrn: Optional[Fact[str]] = None
    dob: Optional[Fact[str]] = None


class Extraction(BaseModel):
    """The ``extraction`` object of CONTRACT.md, plus documented additions."""

    agatston_total: Optional[Fact[Union[int, float]]] = None  # points: whole numbers stay int
    vessels: dict[str, Fact[Union[int, float]]] = Field(default_factory=dict)
    volume_score: Optional[Fact[float]] = None
    mass_score: Optional[Fact[float]] = None
    percentile: Optional[Fact[Union[int, float, str]]] = None  # 78, 12.5 or "75-90" / ">90"
    cac_drs: Optional[Fact[str]] = None
    risk_category_stated: Optional[Fact[RiskCategory]] = None
    risk_category_expected: Optional[RiskCategory] = None
    contrast_administered: Optional[Fact[bool]] = None
    ecg_gated: Optional[Fact[bool]] = None
    signed: Optional[Fact[bool]] = None
    exam_date: Optional[Fact[str]] = None
    indication: Optional[Fact[str]] = None
    risk_factors: list[NamedFact] = Field(default_factory=list)
    symptoms: list[NamedFact] = Field(default_factory=list)
    screening: Optional[Fact[bool]] = None
    # additions (CONTRACT.md allows new fields)
    impression: Optional[Fact[str]] = None
    agatston_mentions: list[ScoreMention] = Field(default_factory=list)
    addendum_present: bool = False
    indications: list[Fact[str]] = Field(default_factory=list)
    patients: list[PatientIdentifiers] = Field(default_factory=list)
    ordering_provider: Optional[Fact[str]] = None
    ascvd_risk_percent: Optional[Fact[float]] = None
    intermediate_risk: Optional[Fact[bool]] = None
    asymptomatic: Optional[Fact[bool]] = None


class DocumentInfo(BaseModel):
    path: str
    sha256: str
    source: Literal["text", "pdf", "hl7", "fhir"]
    pages: Optional[int] = None
    chars: int
    encoding: Optional[str] = None


class Finding(BaseModel):
    code: str
    severity: Severity
    carc: Optional[str] = None
    message: str
    remedy: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class AuditResult(BaseModel):
    """What ``check`` prints; ``extract`` prints it without findings and claim_id."""

    model_config = ConfigDict(extra="allow")

    schema_version: str = SCHEMA_VERSION
    claim_id: Optional[str] = None
    status: Literal["audited", "unreadable"] = "audited"
    error: Optional[str] = None
    documents: dict[str, DocumentInfo] = Field(default_factory=dict)
    extraction: Optional[Extraction] = None
    findings: list[Finding] = Field(default_factory=list)

    def contract_dict(self, with_findings: bool = True) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if not with_findings:
            data.pop("findings", None)
            data.pop("claim_id", None)
        return data


class AuditFacts(BaseModel):
    """What the audit rules read: the merged contract extraction plus each document's own
    extraction (``report`` / ``note`` are None when that document was not given)."""

    extraction: Extraction
    report: Optional[Extraction] = None
    note: Optional[Extraction] = None
