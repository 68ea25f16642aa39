"""The audit rules: one module per catalogue code (CONTRACT.md "Check catalogue").

Each module ``<code in snake case>.py`` holds one ``check`` made a ``Rule`` by
``@register(code, severity, carc)``: a pure function of ``(AuditFacts, Claim | None,
PayerPolicy | None)`` whose docstring's first line is the finding's idea and whose body
cites the source. Adding a rule = a module here, its name in ``RULE_MODULES``, a
fixture file ``tests/rules/fixtures/<CODE>.yml`` and a CONTRACT.md row.

A check that cannot be evaluated (no claim, no note, no exam date, no total…) does not
fire; NOTE-MISSING is the one rule about a missing document.

Usage::

    policy = match_policy(claim, load_policies()) if claim else None
    findings = run_rules(facts, claim, policy)
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple, Optional

from ..models import AuditFacts, Finding, Severity
from ._base import SEVERITY_RANK, Rule

if TYPE_CHECKING:  # pragma: no cover
    from ..claim import Claim
    from ..policies import PayerPolicy

# In CONTRACT.md order (the order of the catalogue and of findings of equal severity).
RULE_MODULES = (
    "doc_agatston_missing", "doc_volume_missing", "doc_mass_missing", "doc_interpretation_missing",
    "doc_risk_category_discordant", "doc_vessel_sum_mismatch", "doc_score_conflict",
    "doc_contrast_documented", "doc_gating_missing", "doc_signature_missing",
    "note_missing", "note_indication_missing", "note_risk_factors_missing",
    "xdoc_indication_discordant",
    "clm_bundled_ccta", "clm_medicare_noncovered", "clm_abn_missing", "clm_ma_verify",
    "clm_prior_auth_missing", "clm_screening_noncovered", "clm_intermediate_risk_missing",
    "clm_icd_invalid", "clm_icd_unsupported", "clm_risk_dx_missing", "clm_modifier_conflict",
    "clm_modifier_review", "clm_dos_mismatch", "clm_patient_mismatch",
)


def _load() -> tuple[Rule, ...]:
    rules = []
    for name in RULE_MODULES:
        rule = importlib.import_module(f"{__name__}.{name}").check
        if not isinstance(rule, Rule) or rule.code != name.upper().replace("_", "-"):
            raise ImportError(f"report_audit.rules.{name}: check must be the @register-ed rule {name}")
        rules.append(rule)
    return tuple(rules)


RULES: tuple[Rule, ...] = _load()
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


class CatalogueEntry(NamedTuple):
    code: str
    severity: Severity
    carc: Optional[str]
    summary: str
    severities: tuple[Severity, ...]


CATALOGUE: tuple[CatalogueEntry, ...] = tuple(
    CatalogueEntry(r.code, r.severity, r.carc, r.summary, r.severities) for r in RULES
)


def run_rules(facts: AuditFacts, claim: "Optional[Claim]" = None,
              policy: "Optional[PayerPolicy]" = None) -> list[Finding]:
    """Every rule's findings, worst first (error, warning, info; then catalogue order)."""
    findings: list[tuple[int, int, int, Finding]] = []
    for order, rule in enumerate(RULES):
        for n, finding in enumerate(rule(facts, claim, policy)):
            findings.append((SEVERITY_RANK[finding.severity], order, n, finding))
    findings.sort(key=lambda item: item[:3])
    return [f for *_, f in findings]


__all__ = ["CATALOGUE", "RULES", "RULES_BY_CODE", "CatalogueEntry", "Rule", "run_rules"]
