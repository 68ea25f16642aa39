"""``report-audit check`` as a coder runs it: verdicts, exit codes, the three formats."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "corpus" / "reports"


def run(*args):
    return subprocess.run([sys.executable, "-m", "report_audit", "check", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.fixture
def bundled_claim(tmp_path):
    """75571 with 75574 on the report's exam date (p002: 2025-03-04)."""
    claim = {"claim_id": "T-1", "payer": {"name": "Aetna", "type": "commercial"}, "diagnoses": ["E78.00"],
             "lines": [{"code": "75571", "modifiers": ["26"], "date_of_service": "2025-03-04", "charge": 150.0},
                       {"code": "75574", "date_of_service": "2025-03-04", "charge": 450.0}]}
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(claim))
    return path


def test_cli_check_text_verdict_and_exit_status(bundled_claim):
    out = run("--report", REPORTS / "p002.pdf", "--claim", bundled_claim, "--format", "text")
    assert out.returncode == 1
    first = out.stdout.splitlines()[0]
    assert first.startswith("T-1  HOLD:") and "error" in first
    bundled = [line for line in out.stdout.splitlines() if "CLM-BUNDLED-CCTA" in line]
    assert bundled and bundled[0].startswith("ERROR") and "(CO-97)" in bundled[0]


def test_cli_check_json_is_the_contract_object(bundled_claim):
    out = run("--report", REPORTS / "p002.pdf", "--claim", bundled_claim, "--fail-on", "never")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["claim_id"] == "T-1" and data["status"] == "audited" and data["schema_version"] == "1.0"
    finding = next(f for f in data["findings"] if f["code"] == "CLM-BUNDLED-CCTA")
    assert finding["severity"] == "error" and finding["carc"] == "CO-97" and finding["evidence"]
    assert {"code", "severity", "carc", "message", "remedy", "evidence"} <= set(finding)


def test_cli_check_clean_report_without_claim_is_ready(tmp_path):
    """A complete report alone: no claim or note rules fire; only documentation rules."""
    out = run("--report", REPORTS / "p002.pdf", "--format", "text")
    assert out.returncode == 0, out.stdout
    assert out.stdout.splitlines()[0].endswith("READY TO RELEASE")


def test_cli_check_html_highlights_the_evidence(tmp_path, bundled_claim):
    page = tmp_path / "case.html"
    out = run("--report", REPORTS / "r008.txt", "--format", "html", "--out", page, "--fail-on", "never")
    assert out.returncode == 0
    html = page.read_text()
    assert "DOC-SCORE-CONFLICT" in html and "<mark" in html and "http" not in html.split("<body>")[1].split("<main>")[0]


def test_cli_check_unreadable_report_exits_2_with_one_line():
    out = run("--report", ROOT / "corpus" / "bad" / "scanned.pdf")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "scanned.pdf" in out.stderr and "no text layer" in out.stderr


def test_cli_check_malformed_claim_exits_2_naming_the_field(tmp_path):
    claim = tmp_path / "claim.json"
    claim.write_text(json.dumps({"claim_id": "X", "lines": [{"code": "75571", "date_of_service": "31/31/2025"}]}))
    out = run("--report", REPORTS / "p002.pdf", "--claim", claim)
    assert out.returncode == 2 and "date_of_service" in out.stderr and "Traceback" not in out.stderr
