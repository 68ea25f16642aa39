"""One batch worker process: builds the pipeline once, then audits the batches of cases
it is sent, one result message per case.

Messages to the parent (over a ``multiprocessing`` pipe):
``("ready", pid)`` once the pipeline is loaded, ``("fatal", reason)`` if it cannot be,
``("beat", key)`` after each case's files are read (the watchdog's sign of progress),
``("result", payload)`` per case, ``("idle",)`` when a batch is done.

PHI: the worker never logs; its stdout/stderr go to /dev/null (a library's warning or a
traceback could quote report text) unless ``REPORT_AUDIT_DEBUG=1``. Errors are reported
by exception type and code location only.
"""
from __future__ import annotations

import json
import os
import signal
import time
import traceback
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

DEBUG_ENV = "REPORT_AUDIT_DEBUG"


@dataclass
class Task:
    """A case to audit: its store key, manifest row, case id, and its paths as
    ``role -> (as written in the manifest, path to open)``."""

    key: str
    row: int
    case_id: Optional[str]
    paths: dict[str, tuple[str, str]] = field(default_factory=dict)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the batch process dies (even by SIGKILL)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - not Linux
        pass


def _quiet() -> None:
    if os.environ.get(DEBUG_ENV) == "1":
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def internal_error(err: BaseException, what: str) -> str:
    """A PHI-free description of an unexpected exception: type and where it was raised."""
    frames = traceback.extract_tb(err.__traceback__)
    where = ""
    for frame in reversed(frames):
        if "report_audit" in frame.filename:
            where = f" at {Path(frame.filename).name}:{frame.lineno}"
            break
    return f"internal error while {what}: {type(err).__name__}{where}"


def main(conn, policies_dirs: tuple[str, ...] = ()) -> None:
    """Entry point of a worker process (``multiprocessing`` target)."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _quiet()
    try:
        from ..pipeline import build_nlp, silence_noisy_loggers

        silence_noisy_loggers()
        build_nlp()
        from .. import api  # noqa: F401  (import errors surface here, not mid-batch)
    except BaseException as err:
        conn.send(("fatal", internal_error(err, "loading the pipeline") + f" ({str(err)[:300]})"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        try:
            for payload in audit_batch(batch, policies_dirs, beat=lambda key: conn.send(("beat", key))):
                conn.send(("result", payload))
            conn.send(("idle",))
        except (BrokenPipeError, EOFError, OSError):
            return


def _document_row(role: str, written: str) -> dict[str, Any]:
    return {"role": role, "path": written, "sha256": None, "status": "unreadable", "error": None,
            "source": None, "pages": None, "chars": None, "text_z": None}


def read_case(task: Task) -> tuple[dict, list[dict], Optional[dict], Optional[str]]:
    """Read a case's documents and claim. Returns (readable inputs for ``audit_many``,
    document rows for the store, claim summary, first error)."""
    from ..errors import ReportAuditError
    from ..readers import read_document
    from .inputs import file_sha256

    inputs: dict[str, Any] = {}
    rows: list[dict] = []
    error: Optional[str] = None
    claim_summary = None
    for role in ("report", "note", "claim"):
        if role not in task.paths:
            continue
        written, resolved = task.paths[role]
        row = _document_row(role, written)
        rows.append(row)
        try:
            if role == "claim":
                from ..claim import read_claim

                claim = read_claim(resolved)
                row["sha256"] = file_sha256(Path(resolved))[0]
                row["source"] = "claim"
                inputs["claim"] = claim
                claim_summary = summarize_claim(claim)
            else:
                source = read_document(resolved)
                source.path = written  # results name files as the manifest does
                inputs[role] = source
                raw = source.raw_text.encode("utf-8", "surrogatepass")
                row.update(sha256=source.sha256, source=source.source, pages=source.pages,
                           chars=len(source.raw_text), text_z=zlib.compress(raw, 6))
            row["status"] = "read"
        except ReportAuditError as err:
            row["error"] = f"{written}: {err.reason} [{err.code}]"
        except Exception as err:  # a reader bug must cost this case only
            row["error"] = f"{written}: " + internal_error(err, f"reading the {role}")
        if row["error"] and error is None:
            error = row["error"]
    return inputs, rows, claim_summary, error


def summarize_claim(claim) -> dict[str, Any]:
    """The claim fields the summary groups by, read defensively from a ``Claim``."""
    def name_of(obj) -> Optional[str]:
        if obj is None:
            return None
        return getattr(obj, "name", None) if not isinstance(obj, str) else obj

    payer = getattr(claim, "payer", None)
    lines = []
    for line in getattr(claim, "lines", None) or []:
        modifiers = getattr(line, "modifiers", None) or []
        dos = getattr(line, "date_of_service", None)
        charge = getattr(line, "charge", None)
        lines.append({"code": str(getattr(line, "code", "") or ""), "modifiers": [str(m) for m in modifiers],
                      "units": getattr(line, "units", None),
                      "date_of_service": dos.isoformat() if hasattr(dos, "isoformat") else dos,
                      "charge": float(charge) if charge is not None else None})
    payer_type = getattr(payer, "type", None) if payer is not None else None
    return {
        "claim_id": getattr(claim, "claim_id", None),
        "payer_name": name_of(payer),
        "payer_type": getattr(payer_type, "value", payer_type),
        "ordering_provider": name_of(getattr(claim, "ordering_provider", None)),
        "rendering_provider": name_of(getattr(claim, "rendering_provider", None)),
        "lines": lines,
    }


def _unreadable(case_id: Optional[str], error: str) -> str:
    from ..models import AuditResult

    result = AuditResult(claim_id=case_id, status="unreadable", error=error)
    result.extraction = None
    return json.dumps(result.contract_dict(), ensure_ascii=False)


def audit_batch(tasks: list[Task], policies_dirs: tuple[str, ...] = (), beat=lambda key: None):
    """Audit ``tasks``; yields one payload dict per task, in order. The readable cases go
    through one ``audit_many`` call (one ``nlp.pipe`` stream)."""
    from ..api import CaseInput, audit_many

    started = time.perf_counter()
    prepared = []
    for task in tasks:
        inputs, documents, claim_summary, error = read_case(task)
        payload = {"key": task.key, "row": task.row, "case_id": task.case_id, "documents": documents,
                   "claim": claim_summary, "result": None, "error": error}
        prepared.append((task, inputs, payload))
        beat(task.key)
    readable = [(task, inputs, payload) for task, inputs, payload in prepared if payload["error"] is None]
    audited: dict[str, str] = {}

    def run(group):
        cases = [CaseInput(task.case_id, inputs.get("report"), inputs.get("note"), inputs.get("claim"))
                 for task, inputs, _ in group]
        for (task, _, _), result in zip(group, audit_many(cases, policies_dirs=policies_dirs,
                                                          batch_size=max(1, len(cases)))):
            audited[task.key] = json.dumps(result.contract_dict(), ensure_ascii=False)

    try:
        run(readable)
    except Exception:
        for item in readable:  # find the case that fails; the others are audited alone
            if item[0].key in audited:
                continue
            try:
                run([item])
            except Exception as err:
                item[2]["error"] = internal_error(err, "auditing")
    elapsed = (time.perf_counter() - started) / max(1, len(tasks))
    for task, _, payload in prepared:
        if payload["error"] is not None:
            payload["result"] = _unreadable(task.case_id, payload["error"])
        else:
            payload["result"] = audited[task.key]
        payload["seconds"] = round(elapsed, 4)
        yield payload
