"""``report-audit policies [--policies DIR] [--claim CLAIM] [--format json|text]``: the
payer policies in force (shipped + ``--policies`` folders) and, with ``--claim``, which
one governs that claim."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

FLAGS = ("covers_75571", "requires_abn", "verify_supplemental_benefit", "requires_prior_auth",
         "excludes_screening", "requires_intermediate_risk")


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("policies", help="list payer policies; with --claim, show which one matches")
    p.add_argument("--policies", type=Path, action="append", default=[], metavar="DIR",
                   help="a folder of extra policy YAML files (repeatable; same id replaces a shipped policy)")
    p.add_argument("--claim", type=Path, metavar="CLAIM", help="a claim file (JSON or CSV) to match")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return p


def _requirements(policy) -> list[str]:
    out = [flag for flag in FLAGS[1:] if getattr(policy, flag)]
    if not policy.covers_75571:
        out.insert(0, "not covered")
    if policy.risk_category_scheme:
        out.append(f"risk scheme {policy.risk_category_scheme}")
    return out


def run(args) -> int:
    from ..claim import read_claims
    from ..policies import load_policies, match_policy

    policies = load_policies(args.policies)
    claims = list(read_claims(args.claim)) if args.claim else []
    matches = [(claim.claim_id, match_policy(claim, policies)) for claim in claims]
    if args.format == "json":
        data = {"policies": [p.model_dump(mode="json") for p in policies]}
        if args.claim:
            data["matches"] = [{"claim_id": cid, "policy": p.model_dump(mode="json") if p else None}
                               for cid, p in matches]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    width = max(len(p.id) for p in policies)
    for policy in policies:
        kind = " (benefit manager)" if policy.kind == "benefit_manager" else ""
        needs = ", ".join(_requirements(policy)) or "no special requirements"
        print(f"{policy.id:<{width}}  {policy.name}{kind}: {needs}")
    for claim_id, policy in matches:
        if policy is None:
            print(f"\nclaim {claim_id}: no policy applies")
        else:
            needs = ", ".join(_requirements(policy)) or "no special requirements"
            print(f"\nclaim {claim_id}: {policy.id} ({policy.name}): {needs}")
    return 0
