"""What every rule module is built from: ``@register`` turns a pure check function into a
``Rule`` with its stable code, severity and CARC; the function yields ``Flag``s (message,
remedy, evidence) and the ``Rule`` stamps them into ``Finding``s.

Helpers here read the facts the same way in every rule (which extraction holds the
report's facts, which claim lines are 75571, evidence for a claim field).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

from ..models import AuditFacts, Evidence, Extraction, Fact, Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..claim import Claim, ClaimLine
    from ..policies import PayerPolicy

CAC_CODE = "75571"
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Flag:
    """One problem a check found; ``severity`` overrides the rule's default."""

    message: str
    remedy: str
    evidence: Sequence[Evidence] = ()
    severity: Optional[Severity] = None


CheckFunction = Callable[[AuditFacts, "Optional[Claim]", "Optional[PayerPolicy]"], Iterable[Flag]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    carc: Optional[str]
    check: CheckFunction
    severities: tuple[Severity, ...] = field(default=())

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        """The docstring's first line: what the finding says."""
        return self.doc.split("\n", 1)[0].strip()

    def __call__(self, facts: AuditFacts, claim: "Optional[Claim]" = None,
                 policy: "Optional[PayerPolicy]" = None) -> list[Finding]:
        findings = []
        for flag in self.check(facts, claim, policy):
            severity = flag.severity or self.severity
            if severity not in self.severities:
                raise ValueError(f"{self.code}: severity {severity!r} is not one of {self.severities}")
            findings.append(Finding(code=self.code, severity=severity, carc=self.carc, message=flag.message,
                                    remedy=flag.remedy, evidence=[e for e in flag.evidence if e is not None]))
        return findings


def register(code: str, severity: Severity, carc: Optional[str] = None,
             also: tuple[Severity, ...] = ()) -> Callable[[CheckFunction], Rule]:
    """Make ``check`` the rule ``code``; ``also`` lists severities a flag may override to."""

    def wrap(check: CheckFunction) -> Rule:
        if not (inspect.getdoc(check) or "").strip():
            raise TypeError(f"rule {code} needs a docstring")
        return Rule(code=code, severity=severity, carc=carc, check=check, severities=(severity, *also))

    return wrap


# --- reading the facts ---------------------------------------------------------------

def report_extraction(facts: AuditFacts) -> Optional[Extraction]:
    """The report's own facts: ``facts.report``; the merged extraction when no per-document
    extraction was given; None when only a note was audited (no report to judge)."""
    if facts.report is not None:
        return facts.report
    if facts.note is None:
        return facts.extraction
    return None


def all_extractions(facts: AuditFacts) -> list[Extraction]:
    """Every extraction available (merged, report, note) for "does any document say…"."""
    return [x for x in (facts.extraction, facts.report, facts.note) if x is not None]


def documented_names(facts: AuditFacts) -> dict[str, list[Evidence]]:
    """Risk factor and symptom names any document states, with their evidence."""
    out: dict[str, list[Evidence]] = {}
    for extraction in all_extractions(facts):
        for item in (*extraction.risk_factors, *extraction.symptoms):
            bucket = out.setdefault(item.name, [])
            if item.evidence is not None and item.evidence not in bucket:
                bucket.append(item.evidence)
    return out


def screening_fact(facts: AuditFacts) -> Optional[Fact[bool]]:
    """The first ``screening: true`` any document states."""
    return next((x.screening for x in all_extractions(facts) if x.screening and x.screening.value), None)


def evidence_of(*facts: Optional[Fact]) -> list[Evidence]:
    return [f.evidence for f in facts if f is not None and f.evidence is not None]


def claim_evidence(text: str) -> Evidence:
    """Evidence for a claim field: ``claim_evidence("lines[0].modifiers = ['26', 'TC']")``."""
    return Evidence(source="claim", text=text)


def cac_lines(claim: "Optional[Claim]") -> list[tuple[int, "ClaimLine"]]:
    """(index, line) of every 75571 line."""
    if claim is None:
        return []
    return [(i, line) for i, line in enumerate(claim.lines) if line.code == CAC_CODE]


def payer_type(claim: "Optional[Claim]") -> Optional[str]:
    return claim.payer.type if claim is not None and claim.payer is not None else None


def parse_iso(value: Optional[str]) -> Optional[date]:
    """An extraction's ISO date string as a date (None if absent or not ISO)."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def fmt_number(value: float) -> str:
    """145.0 -> "145", 12.5 -> "12.5"."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
