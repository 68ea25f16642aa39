"""The check catalogue is CONTRACT.md's, rule modules follow the house shape, and
``run_rules`` returns every rule's findings worst first."""
from __future__ import annotations

import json

from report_audit.cli import main
from report_audit.claim import claim_from_dict
from report_audit.models import AuditFacts, Extraction
from report_audit.rules import CATALOGUE, RULES, run_rules

# CONTRACT.md "Check catalogue": code -> (severity, CARC). A stable contract.
CONTRACT = {
    "DOC-AGATSTON-MISSING": ("error", None), "DOC-VOLUME-MISSING": ("warning", None),
    "DOC-MASS-MISSING": ("info", None), "DOC-INTERPRETATION-MISSING": ("error", None),
    "DOC-RISK-CATEGORY-DISCORDANT": ("error", None), "DOC-VESSEL-SUM-MISMATCH": ("warning", None),
    "DOC-SCORE-CONFLICT": ("error", None), "DOC-CONTRAST-DOCUMENTED": ("error", None),
    "DOC-GATING-MISSING": ("warning", None), "DOC-SIGNATURE-MISSING": ("error", None),
    "NOTE-MISSING": ("error", None), "NOTE-INDICATION-MISSING": ("error", None),
    "NOTE-RISK-FACTORS-MISSING": ("warning", None), "XDOC-INDICATION-DISCORDANT": ("warning", None),
    "CLM-BUNDLED-CCTA": ("error", "CO-97"), "CLM-MEDICARE-NONCOVERED": ("error", "CO-96"),
    "CLM-ABN-MISSING": ("error", None), "CLM-MA-VERIFY": ("warning", None),
    "CLM-PRIOR-AUTH-MISSING": ("error", "CO-15"), "CLM-SCREENING-NONCOVERED": ("error", "CO-50"),
    "CLM-INTERMEDIATE-RISK-MISSING": ("error", "CO-50"), "CLM-ICD-INVALID": ("error", None),
    "CLM-ICD-UNSUPPORTED": ("error", None), "CLM-RISK-DX-MISSING": ("warning", "CO-50"),
    "CLM-MODIFIER-CONFLICT": ("error", None), "CLM-MODIFIER-REVIEW": ("warning", None),
    "CLM-DOS-MISMATCH": ("error", None), "CLM-PATIENT-MISMATCH": ("error", None),
}


def test_catalogue_is_the_contract():
    assert [e.code for e in CATALOGUE] == list(CONTRACT)
    for entry in CATALOGUE:
        assert (entry.severity, entry.carc) == CONTRACT[entry.code], entry.code
    unsupported = next(e for e in CATALOGUE if e.code == "CLM-ICD-UNSUPPORTED")
    assert set(unsupported.severities) == {"error", "warning", "info"}


def test_catalogue_rules_have_a_summary_and_cite_a_source():
    for rule in RULES:
        assert rule.summary and not rule.summary.endswith(":"), rule.code
        assert "Fails:" in rule.doc and "Passes:" in rule.doc, rule.code
        assert "(" in rule.doc.split("Fails:")[0], f"{rule.code}: no source cited"


def _facts_with_problems():
    extraction = Extraction.model_validate({
        "agatston_total": {"value": 450}, "risk_category_stated": {"value": "mild"},
        "volume_score": {"value": 300}, "ecg_gated": {"value": True}, "signed": {"value": True},
        "impression": {"value": "x"},
    })
    return AuditFacts(extraction=extraction)


def test_run_rules_worst_first_and_only_evaluable_checks():
    claim = claim_from_dict({"claim_id": "C-1", "payer": {"type": "commercial", "name": "Aetna"},
                             "diagnoses": ["E78.5"],
                             "lines": [{"code": "75571", "date_of_service": "2025-03-04"}]})
    findings = run_rules(_facts_with_problems(), claim, None)
    codes = [f.code for f in findings]
    ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity] for f in findings]
    assert ranks == sorted(ranks)
    assert {"DOC-RISK-CATEGORY-DISCORDANT", "NOTE-MISSING", "CLM-ICD-UNSUPPORTED",
            "DOC-MASS-MISSING"} <= set(codes)
    assert codes.index("DOC-RISK-CATEGORY-DISCORDANT") < codes.index("NOTE-MISSING")  # catalogue order
    # no exam date, no note, no policy: those checks stay silent
    assert not {"CLM-DOS-MISMATCH", "NOTE-INDICATION-MISSING", "CLM-INTERMEDIATE-RISK-MISSING"} & set(codes)


def test_run_rules_without_claim_runs_document_checks_only():
    codes = {f.code for f in run_rules(_facts_with_problems())}
    assert codes == {"DOC-RISK-CATEGORY-DISCORDANT", "DOC-MASS-MISSING"}


def test_rules_command_prints_all_codes(capsys):
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in data["rules"]] == list(CONTRACT)
    assert data["rules"][14] == {"code": "CLM-BUNDLED-CCTA", "severity": "error", "severities": ["error"],
                                 "carc": "CO-97", "summary": CATALOGUE[14].summary}
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    assert all(code in text for code in CONTRACT) and "28 checks" in text
