"""Payer policies for CPT 75571, as data: ``patterns/policies/*.yaml`` (+ the user's).

One YAML file = one ``PayerPolicy``; a user adds a payer by dropping a file in a folder
given with ``--policies DIR`` — no code. Files are validated on load (unknown keys,
wrong types, bad state codes, a policy that matches nothing are rejected with
``InvalidPolicy`` naming the file). A policy in a later folder replaces a shipped one
with the same ``id``; two files with one ``id`` in the same folder are an error.

Example (``patterns/policies/horizon-bcbs-nj.yaml``)::

    id: horizon-bcbs-nj
    name: Horizon Blue Cross Blue Shield of New Jersey
    match:
      payer_types: [commercial]
      names: ["horizon bcbs", "horizon blue", "horizon healthcare services"]
      states: [NJ]
    excludes_screening: true
    notes: Denies 75571 for asymptomatic members when documented as CAD screening.
    sources: ["Horizon BCBSNJ medical policy: cardiac CT / calcium scoring"]

Matching (``match_policy``): every criterion a policy lists must hold.

- ``names`` (payer policies) / ``benefit_managers`` (benefit-manager policies) are the
  policy's identity: the claim's name must contain one of the phrases, and none of
  ``name_excludes``. Names are compared after ``normalize_name``: case, punctuation,
  "&"/"and"/"of"/"the", "Blue Cross (and) Blue Shield"/"BCBS"/"BlueCross BlueShield",
  and US state names vs. codes are all folded, so "Horizon Blue Cross Blue Shield of New
  Jersey", "Horizon BCBSNJ" and "HORIZON BCBS OF NJ" are one name. The claim's
  ``payer.state`` is appended to the name too, so "Blue Cross Blue Shield" in KS
  matches the phrase "bcbs ks".
- ``payer_types`` and ``states`` must hold when the claim states them; a claim that
  does not state them is not excluded. A policy must match at least one criterion
  positively (so the default commercial policy needs ``payer.type: commercial``).
- The most specific payer policy wins: a name match (8) outranks a benefit manager (4),
  a state (2) and a type (1); ties go to the policy id in alphabetical order.
- ``kind: benefit_manager`` policies (AIM/Carelon, EviCore) are overlays: when one
  matches the claim's ``payer.benefit_manager`` its requirements are added to the
  payer's policy (``requires_*``: either; ``covers_75571``: both), and the result's id
  is ``"<payer-id>+<manager-id>"``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import InvalidPolicy
from .patterns import PATTERNS_DIR

if TYPE_CHECKING:  # pragma: no cover
    from .claim import Claim

POLICIES_DIR = PATTERNS_DIR / "policies"

PayerType = Literal["medicare", "medicare_advantage", "medicaid", "commercial", "self_pay"]
RiskScheme = Literal["default", "classic", "mesa", "cac_drs"]

_STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "district columbia": "dc",
    "florida": "fl", "georgia": "ga", "hawaii": "hi", "idaho": "id", "illinois": "il",
    "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky", "louisiana": "la",
    "maine": "me", "maryland": "md", "massachusetts": "ma", "michigan": "mi",
    "minnesota": "mn", "mississippi": "ms", "missouri": "mo", "montana": "mt",
    "nebraska": "ne", "nevada": "nv", "new hampshire": "nh", "new jersey": "nj",
    "new mexico": "nm", "new york": "ny", "north carolina": "nc", "north dakota": "nd",
    "ohio": "oh", "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn",
    "texas": "tx", "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa",
    "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy",
}
_STATE_NAMES = re.compile(r"\b(%s)\b" % "|".join(sorted(_STATES, key=len, reverse=True)))
_STOPWORDS = {"of", "the", "and", "inc", "llc", "co", "corp", "company"}
_WEIGHTS = {"names": 8, "benefit_managers": 4, "states": 2, "payer_types": 1}


def normalize_name(name: str) -> str:
    """Fold a payer or benefit-manager name to comparable tokens:
    ``"Horizon Blue Cross Blue Shield of New Jersey"`` -> ``"horizon bcbs nj"``,
    ``"Horizon BCBSNJ"`` -> ``"horizon bcbs nj"``."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\bbluecross\b", "blue cross", text)
    text = re.sub(r"\bblueshield\b", "blue shield", text)
    text = re.sub(r"\bblue cross (?:and )?blue shield\b|\bbc bs\b|\bbcbs\b", " bcbs ", text)
    text = re.sub(r"\bbcbs([a-z]{2})\b", r"bcbs \1", text)  # BCBSNJ, BCBSKS
    text = re.sub(r"\bof\b", " ", text)
    text = _STATE_NAMES.sub(lambda m: _STATES[m.group(1)], re.sub(r"\s+", " ", text))
    return " ".join(t for t in text.split() if t not in _STOPWORDS)


def _contains(haystack: str, phrase: str) -> bool:
    return re.search(r"(?:^| )%s(?: |$)" % re.escape(phrase), haystack) is not None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PolicyMatch(_Strict):
    """Which claims a policy applies to (see the module docstring)."""

    payer_types: list[PayerType] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    name_excludes: list[str] = Field(default_factory=list)
    states: list[str] = Field(default_factory=list)
    benefit_managers: list[str] = Field(default_factory=list)

    @field_validator("names", "name_excludes", "benefit_managers")
    @classmethod
    def _phrases(cls, value: list[str]) -> list[str]:
        out = [normalize_name(v) for v in value]
        if any(not v for v in out):
            raise ValueError("a name phrase is empty after normalisation")
        return out

    @field_validator("states")
    @classmethod
    def _states(cls, value: list[str]) -> list[str]:
        out = [v.strip().upper() for v in value]
        bad = [v for v in out if v.lower() not in _STATES.values()]
        if bad:
            raise ValueError(f"not a two-letter US state code: {', '.join(bad)}")
        return out


class PayerPolicy(_Strict):
    """What a payer requires before it pays 75571."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*(?:\+[a-z0-9][a-z0-9\-]*)*$")
    name: str
    kind: Literal["payer", "benefit_manager"] = "payer"
    match: PolicyMatch
    covers_75571: bool = True
    requires_abn: bool = False
    verify_supplemental_benefit: bool = False
    requires_prior_auth: bool = False
    excludes_screening: bool = False
    requires_intermediate_risk: bool = False
    risk_category_scheme: Optional[RiskScheme] = None
    notes: str = ""
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _matches_something(self) -> "PayerPolicy":
        m = self.match
        if self.kind == "benefit_manager" and not m.benefit_managers:
            raise ValueError("a benefit_manager policy needs match.benefit_managers")
        if not (m.payer_types or m.names or m.states or m.benefit_managers):
            raise ValueError("match names no criterion (payer_types, names, states, benefit_managers)")
        return self

    def specificity(self, claim: "Claim") -> Optional[int]:
        """The match score for ``claim`` (higher = more specific), or None when the
        policy does not apply to it."""
        payer = claim.payer
        score = 0
        m = self.match
        if m.payer_types and payer is not None and payer.type is not None:
            if payer.type not in m.payer_types:
                return None
            score += _WEIGHTS["payer_types"]
        if m.states and payer is not None and payer.state:
            if payer.state.upper() not in m.states:
                return None
            score += _WEIGHTS["states"]
        if m.names:
            if payer is None or not payer.name:
                return None
            name = normalize_name(payer.name)
            candidates = [name] + ([f"{name} {payer.state.lower()}"] if payer.state else [])
            if not any(_contains(c, p) for c in candidates for p in m.names):
                return None
            if any(_contains(c, p) for c in candidates for p in m.name_excludes):
                return None
            score += _WEIGHTS["names"]
        if m.benefit_managers:
            if payer is None or not payer.benefit_manager:
                return None
            manager = normalize_name(payer.benefit_manager)
            if not any(_contains(manager, p) for p in m.benefit_managers):
                return None
            score += _WEIGHTS["benefit_managers"]
        return score or None


def _load_file(path: Path) -> PayerPolicy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InvalidPolicy(path, f"cannot read ({err.strerror or type(err).__name__})") from None
    except UnicodeDecodeError:
        raise InvalidPolicy(path, "not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise InvalidPolicy(path, f"not valid YAML{where}") from None
    if data is None:
        raise InvalidPolicy(path, "empty policy file")
    if not isinstance(data, dict):
        raise InvalidPolicy(path, "a policy must be a YAML mapping")
    try:
        return PayerPolicy.model_validate(data)
    except ValidationError as err:
        error = err.errors(include_url=False, include_input=False)[0]
        loc = ".".join(str(p) for p in error["loc"]) or "policy"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        elif error["type"] == "missing":
            message = "missing"
        raise InvalidPolicy(path, f"{loc}: {message}") from None


def load_policies(extra_dirs: Iterable[Union[str, Path]] = ()) -> list[PayerPolicy]:
    """The shipped policies, then each folder of ``extra_dirs`` (``*.yaml``/``*.yml``);
    a later policy with the same id replaces an earlier one."""
    by_id: dict[str, PayerPolicy] = {}
    for directory in (POLICIES_DIR, *map(Path, extra_dirs)):
        if not directory.is_dir():
            raise InvalidPolicy(directory, "not a directory of policy YAML files")
        seen: dict[str, Path] = {}
        files = sorted(p for p in directory.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
        for path in files:
            policy = _load_file(path)
            if policy.id in seen:
                raise InvalidPolicy(path, f"id {policy.id!r} is also used by {seen[policy.id].name}")
            seen[policy.id] = path
            by_id.pop(policy.id, None)
            by_id[policy.id] = policy
    return list(by_id.values())


def _overlay(base: PayerPolicy, manager: PayerPolicy) -> PayerPolicy:
    return base.model_copy(update={
        "id": f"{base.id}+{manager.id}",
        "name": f"{base.name} + {manager.name}",
        "covers_75571": base.covers_75571 and manager.covers_75571,
        "requires_abn": base.requires_abn or manager.requires_abn,
        "verify_supplemental_benefit": base.verify_supplemental_benefit or manager.verify_supplemental_benefit,
        "requires_prior_auth": base.requires_prior_auth or manager.requires_prior_auth,
        "excludes_screening": base.excludes_screening or manager.excludes_screening,
        "requires_intermediate_risk": base.requires_intermediate_risk or manager.requires_intermediate_risk,
        "risk_category_scheme": base.risk_category_scheme or manager.risk_category_scheme,
        "notes": " ".join(n for n in (base.notes, manager.notes) if n),
        "sources": base.sources + [s for s in manager.sources if s not in base.sources],
    })


def _best(claim: "Claim", policies: Iterable[PayerPolicy]) -> Optional[PayerPolicy]:
    scored = [(score, p) for p in policies if (score := p.specificity(claim)) is not None]
    if not scored:
        return None
    scored.sort(key=lambda sp: (-sp[0], sp[1].id))
    return scored[0][1]


def match_policy(claim: "Claim", policies: Iterable[PayerPolicy]) -> Optional[PayerPolicy]:
    """The policy that governs ``claim``: the most specific payer policy, with a matching
    benefit-manager policy laid over it; None when nothing applies (e.g. self-pay)."""
    policies = list(policies)
    payer = _best(claim, [p for p in policies if p.kind == "payer"])
    manager = _best(claim, [p for p in policies if p.kind == "benefit_manager"])
    if payer is None or manager is None:
        return payer or manager
    return _overlay(payer, manager)
