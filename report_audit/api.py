"""The Python API: ``audit(report, note=None, claim=None) -> AuditResult``.

``audit_many`` is the batch form: it reads each case, runs every document through one
``nlp.pipe`` stream, and yields one ``AuditResult`` per case, in order. Neither raises for
an unreadable document or claim: the result has ``status="unreadable"`` and ``error``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .errors import ReportAuditError
from .models import AuditFacts, AuditResult
from .readers import SourceDocument, read_document

PathLike = Union[str, Path]
DocumentInput = Union[PathLike, SourceDocument]


@dataclass
class CaseInput:
    case_id: Optional[str]
    report: Optional[DocumentInput]
    note: Optional[DocumentInput] = None
    claim: Optional[Union[PathLike, dict]] = None


def _read(doc: Optional[DocumentInput]) -> Optional[SourceDocument]:
    if doc is None or isinstance(doc, SourceDocument):
        return doc
    return read_document(doc)


def _load_claim(claim):
    if claim is None:
        return None
    from .claim import Claim, read_claim

    if isinstance(claim, Claim):
        return claim
    if isinstance(claim, dict):
        from .claim import claim_from_dict

        return claim_from_dict(claim, "<claim>")
    return read_claim(claim)


def audit_many(cases: Iterable[CaseInput], policies_dirs: Iterable[PathLike] = (),
               batch_size: int = 32) -> Iterator[AuditResult]:
    """Audit cases in order; documents go through ``nlp.pipe`` in batches."""
    from .extract import extract_facts, merge_facts
    from .pipeline import build_nlp
    from .policies import load_policies, match_policy
    from .rules import run_rules

    nlp = build_nlp()
    policies = load_policies(tuple(Path(p) for p in policies_dirs))
    batch: list[tuple[CaseInput, Optional[str], dict]] = []

    def flush():
        texts, slots = [], []
        for _, error, docs in batch:
            if error is None:
                for role in ("report", "note"):
                    if docs.get(role) is not None:
                        texts.append(docs[role].text)
                        slots.append(docs[role])
        parsed = dict(zip(map(id, slots), nlp.pipe(texts)))
        for case, error, docs in batch:
            result = AuditResult(claim_id=case.case_id)
            if error is not None:
                result.status, result.error = "unreadable", error
                result.extraction = None
                yield result
                continue
            per_role = {}
            for role in ("report", "note"):
                source = docs.get(role)
                if source is not None:
                    result.documents[role] = source.info()
                    per_role[role] = extract_facts(parsed[id(source)], source, role)
            facts = AuditFacts(extraction=merge_facts(per_role.get("report"), per_role.get("note")),
                               report=per_role.get("report"), note=per_role.get("note"))
            claim = docs.get("claim")
            if claim is not None:
                result.claim_id = claim.claim_id
            policy = match_policy(claim, policies) if claim is not None else None
            result.extraction = facts.extraction
            result.findings = run_rules(facts, claim, policy)
            yield result
        batch.clear()

    for case in cases:
        docs: dict = {}
        error = None
        try:
            docs["report"] = _read(case.report)
            docs["note"] = _read(case.note)
            docs["claim"] = _load_claim(case.claim)
        except ReportAuditError as err:
            error = str(err)
        batch.append((case, error, docs))
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


def audit(report: DocumentInput, note: Optional[DocumentInput] = None,
          claim=None,
          policies_dirs: Iterable[PathLike] = ()) -> AuditResult:
    """Audit one report (with its ordering note and claim, when given). ``report`` and
    ``note`` are paths or ``SourceDocument``s; ``claim`` a path, a dict or a ``Claim``."""
    return next(audit_many([CaseInput(None, report, note, claim)], policies_dirs))


def extract(document: DocumentInput, role: str = "report") -> AuditResult:
    """Extraction only: one document in, the contract's ``extract`` object out.
    Raises ``UnreadableDocument`` for unreadable input."""
    from .extract import extract_facts, merge_facts
    from .pipeline import build_nlp

    source = _read(document)
    facts = extract_facts(build_nlp()(source.text), source, role)
    result = AuditResult(documents={role: source.info()})
    result.extraction = merge_facts(facts if role == "report" else None, facts if role == "note" else None)
    return result
