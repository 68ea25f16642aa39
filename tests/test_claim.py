"""Claim input (CONTRACT.md "Claim input"): JSON and CSV, normalisation, one-line errors."""
from __future__ import annotations

import json
from datetime import date

import pytest

from report_audit.claim import Claim, claim_from_dict, normalize_diagnosis, read_claim, read_claims
from report_audit.errors import InvalidClaim

CONTRACT_EXAMPLE = {
    "claim_id": "C-1001",
    "patient": {"name": "DOE, JANE", "mrn": "123456", "dob": "1960-01-02", "sex": "F"},
    "payer": {"name": "Horizon Blue Cross Blue Shield of New Jersey", "type": "commercial",
              "state": "NJ", "benefit_manager": None, "plan_id": None},
    "prior_auth_number": None,
    "abn_on_file": False,
    "diagnoses": ["E78.5", "Z82.49"],
    "lines": [{"code": "75571", "modifiers": ["26"], "units": 1,
               "date_of_service": "2025-03-04", "charge": 150.0}],
    "ordering_provider": {"name": "Smith, Ann", "npi": "1234567893"},
    "rendering_provider": {"name": "Lee, John", "npi": "1245319599"},
}

CSV_HEADER = ("claim_id,payer_name,payer_type,payer_state,benefit_manager,prior_auth_number,abn_on_file,"
              "patient_name,patient_mrn,patient_dob,diagnoses,code,modifiers,units,date_of_service,charge,"
              "ordering_provider_name,ordering_provider_npi,rendering_provider_name,rendering_provider_npi")


def _one_line(err: InvalidClaim) -> str:
    text = str(err)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_claim_contract_example_round_trips(write_file):
    claim = read_claim(write_file("c.json", json.dumps(CONTRACT_EXAMPLE)))
    assert claim.claim_id == "C-1001"
    assert claim.payer.type == "commercial" and claim.payer.state == "NJ"
    assert claim.patient.dob == date(1960, 1, 2)
    assert claim.lines[0].date_of_service == date(2025, 3, 4)
    assert claim.lines[0].modifiers == ["26"] and claim.lines[0].charge == 150.0
    assert claim.primary_diagnosis == "E78.5"
    assert claim.ordering_provider.npi == "1234567893"


def test_claim_minimal_has_only_id_and_lines():
    claim = claim_from_dict({"claim_id": "C-1", "lines": [{"code": "75571"}]})
    assert claim.payer is None and claim.patient is None and claim.diagnoses == []
    assert claim.lines[0].units == 1 and claim.lines[0].modifiers == []


@pytest.mark.parametrize("raw, expected", [
    ("e785", "E78.5"), ("E78.5", "E78.5"), (" z82.49 ", "Z82.49"), ("i10", "I10"),
    ("I2510", "I25.10"), ("z87891", "Z87.891"),
])
def test_claim_normalises_diagnoses(raw, expected):
    assert normalize_diagnosis(raw) == expected
    assert claim_from_dict({"claim_id": "C", "diagnoses": [raw], "lines": [{"code": "75571"}]}).diagnoses == [expected]


def test_claim_keeps_diagnosis_order_and_drops_blanks():
    claim = claim_from_dict({"claim_id": "C", "diagnoses": ["z136", "", "e785"], "lines": [{"code": "75571"}]})
    assert claim.diagnoses == ["Z13.6", "E78.5"]


@pytest.mark.parametrize("raw", ["2025-03-04", "03/04/2025", "3/4/2025", "2025-03-04T09:30:00"])
def test_claim_reads_iso_and_us_dates(raw):
    claim = claim_from_dict({"claim_id": "C", "lines": [{"code": "75571", "date_of_service": raw}]})
    assert claim.lines[0].date_of_service == date(2025, 3, 4)


@pytest.mark.parametrize("raw, expected", [
    (["26", "tc"], ["26", "TC"]), ("26, TC", ["26", "TC"]), ("gA|59", ["GA", "59"]), (26, ["26"]), ("", []),
])
def test_claim_normalises_modifiers(raw, expected):
    claim = claim_from_dict({"claim_id": "C", "lines": [{"code": "75571", "modifiers": raw}]})
    assert claim.lines[0].modifiers == expected


@pytest.mark.parametrize("raw, expected", [
    ("Medicare Advantage", "medicare_advantage"), ("COMMERCIAL", "commercial"), ("self-pay", "self_pay"),
])
def test_claim_payer_type_is_case_tolerant(raw, expected):
    claim = claim_from_dict({"claim_id": "C", "payer": {"type": raw}, "lines": [{"code": "75571"}]})
    assert claim.payer.type == expected


def test_claim_numbers_for_identifiers_and_money_strings():
    claim = claim_from_dict({"claim_id": 1001, "patient": {"mrn": 417733}, "prior_auth_number": "",
                             "abn_on_file": "yes", "lines": [{"code": 75571, "charge": "$1,250.50"}]})
    assert claim.claim_id == "1001" and claim.patient.mrn == "417733"
    assert claim.prior_auth_number is None and claim.abn_on_file is True
    assert claim.lines[0].code == "75571" and claim.lines[0].charge == 1250.5


def test_claim_ignores_unknown_keys():
    claim = claim_from_dict({"claim_id": "C", "lines": [{"code": "75571", "ndc": "x"}], "clearinghouse": "y"})
    assert claim.claim_id == "C"


@pytest.mark.parametrize("data, reason", [
    ({"lines": [{"code": "75571"}]}, "claim_id: missing"),
    ({"claim_id": "C"}, "lines: missing"),
    ({"claim_id": "C", "lines": []}, "lines: no claim lines"),
    ({"claim_id": "C", "lines": [{"modifiers": ["26"]}]}, "lines[0].code: missing"),
    ({"claim_id": "C", "lines": [{"code": "75571", "date_of_service": "2025-13-40"}]},
     "lines[0].date_of_service: not a calendar date"),
    ({"claim_id": "C", "lines": [{"code": "75571", "date_of_service": "yesterday"}]},
     "lines[0].date_of_service: not a date"),
    ({"claim_id": "C", "lines": [{"code": "75571", "date_of_service": "03/04/25"}]},
     "lines[0].date_of_service: two-digit year"),
    ({"claim_id": "C", "patient": {"dob": "1/2/60"}, "lines": [{"code": "75571"}]}, "patient.dob: two-digit year"),
    ({"claim_id": "C", "lines": [{"code": "75571", "charge": "a lot"}]}, "lines[0].charge: not an amount"),
    ({"claim_id": "C", "lines": [{"code": "75571", "charge": -5}]}, "lines[0].charge: must not be negative"),
    ({"claim_id": "C", "lines": [{"code": "75571", "charge": "-$5"}]}, "lines[0].charge: must not be negative"),
    ({"claim_id": "C", "lines": [{"code": "75571", "units": 0}]}, "lines[0].units: must be at least 1"),
    ({"claim_id": "C", "lines": [{"code": "75571", "units": "1.5"}]}, "lines[0].units: must be a whole number"),
    ({"claim_id": "C", "payer": "Aetna", "lines": [{"code": "75571"}]}, "payer: must be an object"),
    ({"claim_id": None, "lines": [{"code": "75571"}]}, "claim_id: must be text"),
    ({"claim_id": "C", "lines": [{"code": "75571", "modifiers": ["26TC"]}]}, "lines[0].modifiers: "),
    ({"claim_id": "C", "payer": {"type": "hmo"}, "lines": [{"code": "75571"}]}, "payer.type: unknown payer type"),
    ({"claim_id": "C", "payer": {"state": "New Jersey"}, "lines": [{"code": "75571"}]}, "payer.state: "),
    ({"claim_id": "C", "abn_on_file": "maybe", "lines": [{"code": "75571"}]}, "abn_on_file: "),
    ({"claim_id": "C", "diagnoses": [785], "lines": [{"code": "75571"}]}, "diagnoses: "),
    ({"claim_id": "C", "lines": "75571"}, "lines: "),
])
def test_claim_malformed_json_names_the_field(write_file, data, reason):
    path = write_file("bad.json", json.dumps(data))
    with pytest.raises(InvalidClaim) as err:
        read_claim(path)
    line = _one_line(err.value)
    assert str(path) in line and reason in line and "[E002]" in line


def test_claim_error_does_not_echo_patient_values(write_file):
    path = write_file("bad.json", json.dumps({"claim_id": "C", "patient": {"dob": "31/12/1961"},
                                              "lines": [{"code": "75571"}]}))
    with pytest.raises(InvalidClaim) as err:
        read_claim(path)
    assert "patient.dob" in str(err.value) and "1961" not in str(err.value)


@pytest.mark.parametrize("text, reason", [
    ("{not json", "not valid JSON (line 1"),
    ("", "empty file"),
    ("[1, 2]", "[0]: a claim must be a JSON object"),
    ('"C-1"', "a claim must be a JSON object"),
    ("[]", "no claims"),
])
def test_claim_unparseable_file(write_file, text, reason):
    with pytest.raises(InvalidClaim) as err:
        read_claim(write_file("c.json", text))
    assert reason in _one_line(err.value)


def test_claim_missing_file(tmp_path):
    with pytest.raises(InvalidClaim, match="file not found"):
        read_claim(tmp_path / "nope.json")


def test_claim_json_list_holds_several(write_file):
    path = write_file("c.json", json.dumps([{"claim_id": "A", "lines": [{"code": "75571"}]},
                                            {"claim_id": "B", "lines": [{"code": "75571"}]}]))
    assert [c.claim_id for c in read_claims(path)] == ["A", "B"]
    with pytest.raises(InvalidClaim, match="holds 2 claims"):
        read_claim(path)


def test_claim_csv_one_claim_two_lines(write_file):
    path = write_file("c.csv", "\n".join([
        CSV_HEADER,
        "C-1001,Horizon BCBSNJ,commercial,NJ,,,false,\"DOE, JANE\",00417733,02/19/1961,E785;z8249,75571,26,1,"
        "03/04/2025,$150.00,\"Smith, Ann\",1234567893,\"Lee, John\",1245319599",
        "C-1001,,,,,,,,,,,75574,26 XU,1,2025-03-04,400,,,,",
    ]))
    claim = read_claim(path)
    assert isinstance(claim, Claim)
    assert claim.payer.name == "Horizon BCBSNJ" and claim.payer.type == "commercial"
    assert claim.abn_on_file is False
    assert claim.patient.name == "DOE, JANE" and claim.patient.mrn == "00417733"
    assert claim.patient.dob == date(1961, 2, 19)
    assert claim.diagnoses == ["E78.5", "Z82.49"]
    assert [line.code for line in claim.lines] == ["75571", "75574"]
    assert claim.lines[1].modifiers == ["26", "XU"] and claim.lines[0].charge == 150.0
    assert claim.ordering_provider.name == "Smith, Ann"


def test_claim_csv_minimal_columns_and_pipe_diagnoses(write_file):
    path = write_file("c.csv", "claim_id,code,diagnoses\nC-9,75571,Z13.6|E78.5\n")
    claim = read_claim(path)
    assert claim.claim_id == "C-9" and claim.diagnoses == ["Z13.6", "E78.5"]


def test_claim_csv_several_claims(write_file):
    path = write_file("c.csv", "claim_id,code,date_of_service\nA,75571,2025-03-04\nB,75571,2025-03-05\n"
                               "A,75574,2025-03-04\n")
    claims = list(read_claims(path))
    assert [(c.claim_id, len(c.lines)) for c in claims] == [("A", 2), ("B", 1)]
    with pytest.raises(InvalidClaim, match="holds 2 claims"):
        read_claim(path)


def test_claim_csv_detected_without_csv_suffix(write_file):
    claim = read_claim(write_file("claim.txt", "claim_id,code\nC-1,75571\n"))
    assert claim.lines[0].code == "75571"


@pytest.mark.parametrize("text, reason", [
    ("payer_name,code\nAetna,75571\n", "CSV header has no claim_id column"),
    ("claim_id,payer_name\nC,Aetna\n", "CSV header has no code column"),
    ("claim_id,code\n", "no claim lines"),
    ("claim_id,code,date_of_service\nC,75571,2025-03-04\nC,75574,2025-02-30\n",
     "row 3, date_of_service: not a calendar date"),
    ("claim_id,code,charge\nC,75571,free\n", "row 2, charge: not an amount"),
    ("claim_id,code,payer_type\nC,75571,hmo\n", "claim C, payer_type: unknown payer type"),
    ("claim_id,code,payer_name\nC,75571,Aetna\nC,75574,Cigna\n", "row 3, payer_name: differs"),
    ("claim_id,code\n,75571\n", "row 2, claim_id: missing"),
    ("claim_id,code\nC,75571,extra\n", "row 2: more fields than header columns"),
    ("claim_id,code\nC,\n", "row 2, code: missing"),
])
def test_claim_malformed_csv_names_row_and_column(write_file, text, reason):
    with pytest.raises(InvalidClaim) as err:
        read_claim(write_file("c.csv", text))
    assert reason in _one_line(err.value)
