"""The one generic loader: every case of ``fixtures/<CODE>.yml`` becomes a test.

A fixture file::

    rule: CLM-BUNDLED-CCTA
    cases:
      - name: ccta_same_day              # test id: CLM-BUNDLED-CCTA::ccta_same_day
        extraction: {...}                # merged Extraction (contract schema), partial
        report: {...}                    # optional: the report's own Extraction
        note: {...}                      # optional: the note's own Extraction
        claim: {...}                     # optional: a claim (CONTRACT.md format)
        policy: horizon-bcbs-nj          # optional: a shipped policy id, an inline policy
                                         #   mapping, or null; absent = match_policy(claim)
        expect:                          # the findings of THIS rule, worst first; [] = none
          - severity: error
            message_contains: ["75574", "2025-03-04"]
            evidence: [claim, claim]     # sources of the finding's evidence, in order

Every finding is also checked against the catalogue (code, CARC) and for PHI: its
message must not contain any document evidence text of the case.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from report_audit.claim import claim_from_dict
from report_audit.models import AuditFacts, Extraction
from report_audit.policies import PayerPolicy, match_policy
from report_audit.rules import CATALOGUE, RULES_BY_CODE, run_rules
from report_audit.rules._base import SEVERITY_RANK

FIXTURES = Path(__file__).parent / "fixtures"
CASE_KEYS = {"name", "extraction", "report", "note", "claim", "policy", "expect", "why"}
EXPECT_KEYS = {"severity", "message_contains", "evidence"}


def _load_cases():
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, path, id=f"{data['rule']}::{case['name']}")


CASES = list(_load_cases())


def _document_texts(value) -> set[str]:
    """Every evidence text of report/note origin in a fixture's plain data."""
    found = set()
    if isinstance(value, dict):
        if value.get("source") in ("report", "note") and isinstance(value.get("text"), str):
            found.add(value["text"])
        for item in value.values():
            found |= _document_texts(item)
    elif isinstance(value, list):
        for item in value:
            found |= _document_texts(item)
    return found


def _policy(case, claim, shipped):
    if "policy" not in case:
        return match_policy(claim, shipped) if claim is not None else None
    spec = case["policy"]
    if spec is None:
        return None
    if isinstance(spec, dict):
        return PayerPolicy.model_validate(spec)
    by_id = {p.id: p for p in shipped}
    assert spec in by_id, f"unknown shipped policy {spec!r}"
    return by_id[spec]


@pytest.mark.parametrize("code, case, path", CASES)
def test_rule_fixture(code, case, path, shipped_policies):
    assert path.stem == code, f"{path.name} holds cases for {code}"
    assert not set(case) - CASE_KEYS, f"unknown case keys {set(case) - CASE_KEYS}"
    facts = AuditFacts(
        extraction=Extraction.model_validate(case.get("extraction") or {}),
        report=Extraction.model_validate(case["report"]) if "report" in case else None,
        note=Extraction.model_validate(case["note"]) if "note" in case else None,
    )
    claim = claim_from_dict(case["claim"]) if "claim" in case else None
    policy = _policy(case, claim, shipped_policies)

    findings = [f for f in run_rules(facts, claim, policy) if f.code == code]
    direct = RULES_BY_CODE[code](facts, claim, policy)
    assert findings == sorted(direct, key=lambda f: SEVERITY_RANK[f.severity])  # run_rules: worst first

    expected = case["expect"]
    described = [f"{f.severity}: {f.message}" for f in findings]
    assert len(findings) == len(expected), f"expected {len(expected)} finding(s), got {described}"
    entry = next(e for e in CATALOGUE if e.code == code)
    document_texts = _document_texts({k: case.get(k) for k in ("extraction", "report", "note")})
    for finding, want in zip(findings, expected):
        assert not set(want) - EXPECT_KEYS, f"unknown expect keys {set(want) - EXPECT_KEYS}"
        assert finding.severity == want["severity"], described
        assert finding.severity in entry.severities
        assert finding.carc == entry.carc
        assert finding.message.strip() and finding.remedy.strip()
        contains = want.get("message_contains", [])
        for fragment in [contains] if isinstance(contains, str) else contains:
            assert fragment in finding.message, f"{fragment!r} not in {finding.message!r}"
        if "evidence" in want:
            assert [e.source for e in finding.evidence] == want["evidence"]
        for text in document_texts:
            assert text not in finding.message, "report/note text leaked into the message"


def test_every_catalogue_code_has_fixtures_that_fire_and_pass():
    files = {p.stem for p in FIXTURES.glob("*.yml")}
    codes = {e.code for e in CATALOGUE}
    assert files == codes
    for code in sorted(codes):
        cases = [c for c, *_ in (p.values for p in CASES) if c == code]
        expects = [case["expect"] for c, case, _ in (p.values for p in CASES) if c == code]
        assert cases, code
        assert any(expects), f"{code}: no case that fires"
        assert any(not e for e in expects), f"{code}: no case that passes"


def test_case_names_are_unique():
    ids = [p.id for p in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
