"""Payer policies as data: the shipped YAML, tolerant matching, user folders, errors."""
from __future__ import annotations

import json

import pytest

from report_audit.claim import claim_from_dict
from report_audit.cli import main
from report_audit.errors import InvalidPolicy
from report_audit.policies import POLICIES_DIR, load_policies, match_policy, normalize_name

SHIPPED_IDS = {"medicare", "medicare-advantage", "horizon-bcbs-nj", "bcbs-kansas", "bcbs-michigan",
               "anthem", "aim-specialty-health", "evicore", "commercial-default"}

USER_POLICY = """\
id: acme-health
name: Acme Health Plan
match:
  payer_types: [commercial]
  names: ["acme health"]
requires_prior_auth: true
excludes_screening: true
risk_category_scheme: cac_drs
notes: Our contract with Acme.
sources: ["Acme provider manual 2025, section 7"]
"""


def _claim(**payer):
    return claim_from_dict({"claim_id": "C-1", "payer": payer, "lines": [{"code": "75571"}]})


def _matched(policies, **payer):
    policy = match_policy(_claim(**payer), policies)
    return policy.id if policy else None


def test_policies_shipped_files_load_and_validate(shipped_policies):
    assert {p.id for p in shipped_policies} == SHIPPED_IDS
    assert len(list(POLICIES_DIR.glob("*.yaml"))) == len(SHIPPED_IDS)
    by_id = {p.id: p for p in shipped_policies}
    assert by_id["medicare"].covers_75571 is False and by_id["medicare"].requires_abn
    assert by_id["medicare-advantage"].verify_supplemental_benefit
    assert by_id["horizon-bcbs-nj"].excludes_screening
    assert by_id["bcbs-kansas"].requires_intermediate_risk
    assert by_id["anthem"].requires_prior_auth and by_id["evicore"].requires_prior_auth
    assert by_id["evicore"].kind == "benefit_manager" and by_id["aim-specialty-health"].kind == "benefit_manager"
    assert all(p.sources for p in shipped_policies)


@pytest.mark.parametrize("name", [
    "Horizon Blue Cross Blue Shield of New Jersey", "Horizon BCBSNJ", "HORIZON BCBS OF NJ",
    "Horizon Blue Cross & Blue Shield of NJ", "horizon bcbs-nj", "Horizon BlueCross BlueShield of New Jersey, Inc.",
])
def test_policies_horizon_name_variants(shipped_policies, name):
    assert _matched(shipped_policies, name=name, type="commercial") == "horizon-bcbs-nj"
    assert _matched(shipped_policies, name=name) == "horizon-bcbs-nj"  # type not stated: name decides


def test_policies_normalize_name():
    assert normalize_name("Horizon Blue Cross Blue Shield of New Jersey") == "horizon bcbs nj"
    assert normalize_name("Horizon BCBSNJ") == normalize_name("HORIZON BCBS OF NJ") == "horizon bcbs nj"
    assert normalize_name("Blue Cross and Blue Shield of Kansas City") == "bcbs ks city"


@pytest.mark.parametrize("payer, expected", [
    ({"name": "Blue Cross and Blue Shield of Kansas", "type": "commercial"}, "bcbs-kansas"),
    ({"name": "BCBSKS", "type": "commercial"}, "bcbs-kansas"),
    ({"name": "Blue Cross Blue Shield", "type": "commercial", "state": "KS"}, "bcbs-kansas"),
    ({"name": "Blue Cross and Blue Shield of Kansas City", "type": "commercial", "state": "MO"}, "commercial-default"),
    ({"name": "Blue Cross and Blue Shield of Kansas City", "type": "commercial", "state": "KS"}, "commercial-default"),
    ({"name": "Blue Cross Blue Shield", "type": "commercial", "state": "NJ"}, "commercial-default"),
    ({"name": "Blue Cross Blue Shield of Michigan", "type": "commercial"}, "bcbs-michigan"),
    ({"name": "BCBSM", "type": "commercial"}, "bcbs-michigan"),
    ({"name": "Blue Care Network", "type": "commercial", "state": "MI"}, "bcbs-michigan"),
    ({"name": "Anthem Blue Cross", "type": "commercial", "state": "CA"}, "anthem"),
    ({"name": "Horizon BCBSNJ", "type": "commercial", "state": "PA"}, "commercial-default"),
    ({"name": "Horizon BCBSNJ", "type": "medicare_advantage"}, "medicare-advantage"),
    ({"name": "Horizon NJ Health", "type": "medicaid"}, None),
    ({"name": "Aetna", "type": "commercial"}, "commercial-default"),
    ({"name": "Aetna"}, None),
    ({"type": "medicare"}, "medicare"),
    ({"name": "Novitas Solutions", "type": "medicare", "benefit_manager": "EviCore"}, "medicare"),
    ({"type": "medicare_advantage"}, "medicare-advantage"),
    ({"type": "self_pay"}, None),
])
def test_policies_most_specific_match_wins(shipped_policies, payer, expected):
    assert _matched(shipped_policies, **payer) == expected


def test_policies_no_payer_matches_nothing(shipped_policies):
    claim = claim_from_dict({"claim_id": "C", "lines": [{"code": "75571"}]})
    assert match_policy(claim, shipped_policies) is None


@pytest.mark.parametrize("manager, overlay", [
    ("EviCore", "evicore"), ("eviCore healthcare", "evicore"), ("AIM Specialty Health", "aim-specialty-health"),
    ("Carelon Medical Benefits Management", "aim-specialty-health"),
])
def test_policies_benefit_manager_overlays_prior_auth(shipped_policies, manager, overlay):
    policy = match_policy(_claim(name="Horizon BCBSNJ", type="commercial", benefit_manager=manager), shipped_policies)
    assert policy.id == f"horizon-bcbs-nj+{overlay}"
    assert policy.requires_prior_auth and policy.excludes_screening  # both policies' requirements
    assert len(policy.sources) >= 2


def test_policies_benefit_manager_alone(shipped_policies):
    policy = match_policy(_claim(name="State Medicaid", type="medicaid", benefit_manager="EviCore"), shipped_policies)
    assert policy.id == "evicore" and policy.requires_prior_auth


def test_policies_user_dir_adds_a_payer(shipped_policies, write_file):
    path = write_file("mine/acme.yaml", USER_POLICY)
    policies = load_policies([path.parent])
    assert {p.id for p in policies} == SHIPPED_IDS | {"acme-health"}
    policy = match_policy(_claim(name="ACME Health, Inc.", type="commercial"), policies)
    assert policy.id == "acme-health" and policy.risk_category_scheme == "cac_drs"
    assert _matched(shipped_policies, name="ACME Health, Inc.", type="commercial") == "commercial-default"


def test_policies_user_dir_replaces_a_shipped_policy(write_file):
    path = write_file("mine/horizon.yml", USER_POLICY.replace("acme-health", "horizon-bcbs-nj")
                      .replace('"acme health"', '"horizon bcbs"'))
    policies = load_policies([path.parent])
    horizon = [p for p in policies if p.id == "horizon-bcbs-nj"]
    assert len(horizon) == 1 and horizon[0].name == "Acme Health Plan"


@pytest.mark.parametrize("text, reason", [
    (USER_POLICY + "requires_referral: true\n", "requires_referral: unknown key"),
    (USER_POLICY.replace("  payer_types: [commercial]\n", "  payer_types: [commercial]\n  plan: x\n"),
     "match.plan: unknown key"),
    (USER_POLICY.replace("sources: [\"Acme provider manual 2025, section 7\"]\n", ""), "sources: missing"),
    (USER_POLICY.replace("requires_prior_auth: true", "requires_prior_auth: sometimes"), "requires_prior_auth: "),
    (USER_POLICY.replace("[commercial]", "[hmo]"), "match.payer_types.0: "),
    (USER_POLICY.replace("cac_drs", "framingham"), "risk_category_scheme: "),
    (USER_POLICY.replace("id: acme-health", "id: Acme Health"), "id: "),
    (USER_POLICY.replace('  names: ["acme health"]\n', '  names: ["acme health"]\n  states: [Jersey]\n'),
     "match.states: not a two-letter US state code"),
    ("id: x\nname: X\nmatch: {}\nsources: [s]\n", "match names no criterion"),
    ("id: x\nname: X\nkind: benefit_manager\nmatch: {payer_types: [commercial]}\nsources: [s]\n",
     "needs match.benefit_managers"),
    ("id: [unclosed\n", "not valid YAML (line"),
    ("", "empty policy file"),
    ("- just\n- a list\n", "a policy must be a YAML mapping"),
])
def test_policies_malformed_yaml_one_line_error(write_file, text, reason):
    path = write_file("bad/policy.yaml", text)
    with pytest.raises(InvalidPolicy) as err:
        load_policies([path.parent])
    message = str(err.value)
    assert "\n" not in message and str(path) in message and reason in message and "[E004]" in message


def test_policies_duplicate_id_in_one_folder(write_file):
    write_file("dup/a.yaml", USER_POLICY)
    path = write_file("dup/b.yaml", USER_POLICY)
    with pytest.raises(InvalidPolicy, match="also used by a.yaml"):
        load_policies([path.parent])


def test_policies_missing_folder(tmp_path):
    with pytest.raises(InvalidPolicy, match="not a directory"):
        load_policies([tmp_path / "nowhere"])


# --- `report-audit policies` -----------------------------------------------------------

def test_policies_command_lists_and_matches(capsys, write_file):
    claim = write_file("c.json", json.dumps({"claim_id": "C-7", "payer": {"name": "Horizon BCBSNJ", "type": "commercial"},
                                             "lines": [{"code": "75571"}]}))
    assert main(["policies", "--claim", str(claim), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {p["id"] for p in data["policies"]} == SHIPPED_IDS
    assert data["matches"] == [{"claim_id": "C-7", "policy": data["matches"][0]["policy"]}]
    assert data["matches"][0]["policy"]["id"] == "horizon-bcbs-nj"

    assert main(["policies", "--claim", str(claim)]) == 0
    out = capsys.readouterr().out
    assert "claim C-7: horizon-bcbs-nj" in out and "excludes_screening" in out


def test_policies_command_with_user_dir(capsys, write_file):
    path = write_file("mine/acme.yaml", USER_POLICY)
    assert main(["policies", "--policies", str(path.parent)]) == 0
    assert "acme-health" in capsys.readouterr().out


def test_policies_command_bad_input_exits_2(capsys, write_file):
    bad = write_file("bad/p.yaml", "id: x\n")
    assert main(["policies", "--policies", str(bad.parent)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "p.yaml" in err and "Traceback" not in err
    claim = write_file("c.json", "{oops")
    assert main(["policies", "--claim", str(claim)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
