"""The command line as a user meets it: exit codes, one-line errors, no tracebacks."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def run(*args):
    return subprocess.run([sys.executable, "-m", "report_audit", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_extract_json_has_the_contract_shape():
    out = run("extract", str(CORPUS / "reports" / "r003.txt"))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"schema_version", "status", "error", "documents", "extraction"}
    assert data["extraction"]["agatston_total"]["value"] == 145
    assert data["documents"]["report"]["sha256"] and data["documents"]["report"]["source"] == "text"
    for field in ("vessels", "volume_score", "mass_score", "percentile", "cac_drs", "risk_category_stated",
                  "risk_category_expected", "contrast_administered", "ecg_gated", "signed", "exam_date",
                  "indication", "risk_factors", "symptoms", "screening"):
        assert field in data["extraction"]


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "corrupt.pdf", "encrypted.pdf", "scanned.pdf"])
def test_cli_extract_unreadable_exits_2_with_one_line(name):
    out = run("extract", str(CORPUS / "bad" / name))
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in out.stderr


def test_cli_extract_folder_prints_a_table_and_counts_unreadable():
    out = run("extract", str(CORPUS / "bad"), str(CORPUS / "reports" / "r001.txt"))
    assert out.returncode == 0
    assert "UNREADABLE" in out.stdout and "r001.txt" in out.stdout
    assert "1 extracted" in out.stderr and "Traceback" not in out.stderr


def test_cli_logs_carry_no_report_text():
    """PyRuSH logs every token at DEBUG through loguru; the tool silences it, and stderr
    carries no document text."""
    out = run("extract", "--format", "text", str(CORPUS / "reports" / "r001.txt"))
    assert "TESTCASE" in out.stdout  # the user asked for the extraction...
    assert "TESTCASE" not in out.stderr and "Agatston" not in out.stderr  # ...logs carry none of it


def test_cli_eval_prints_per_field_scores_and_restyled_table():
    result = run("eval", "corpus/reports", "--restyle", "upper,crlf", "--no-misses")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "EXTRACTION (per field)" in out and "agatston_total" in out
    assert "RESTYLED" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith(("upper ", "crlf "))}
    assert set(rows) == {"upper", "crlf"} and all(int(r[1]) >= 40 for r in rows.values())  # text documents only


def test_cli_eval_unknown_style_is_a_one_line_error():
    result = run("eval", "corpus/reports", "--restyle", "klingon")
    assert result.returncode == 2 and "unknown style klingon" in result.stderr and "Traceback" not in result.stderr


def test_eval_compares_an_indication_as_written_or_as_spelt_out():
    from report_audit.evaluate import _equal

    assert _equal("indication", "hyperlipidemia w/ family history of premature CAD", "hyperlipdemia")
    assert not _equal("indication", "hypertension", "hyperlipdemia")
