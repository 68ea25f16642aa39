"""Helpers for the batch tests: case sets built in tmp dirs from corpus/ documents, the
``batch`` command run as a real subprocess, and headless Chromium driven over the
DevTools protocol (``--remote-debugging-pipe``: no websocket, no extra package)."""
from __future__ import annotations

import itertools
import json
import os
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"

CLAIMS = [  # payer, type, extra claim fields, extra lines
    ("Horizon Blue Cross Blue Shield of New Jersey", "commercial", {"diagnoses": ["Z13.6"]},
     [{"code": "75574", "charge": 420.0}]),
    ("Medicare Part B", "medicare", {"diagnoses": ["E78.5"], "abn_on_file": False}, []),
    ("Humana Medicare Advantage", "medicare_advantage", {"diagnoses": ["E78.5", "Z82.49"]}, []),
    ("Aetna", "commercial", {"diagnoses": ["E78.5", "Z82.49"]}, []),
    ("Anthem Blue Cross", "commercial", {"diagnoses": ["E78.2"], "payer_extra": {"benefit_manager": "AIM"}}, []),
]
ORDERING = ["Smith, Ann", "Kettering, Ann", "Patel, Raj"]
RENDERING = ["Lee, John", "Nguyen, Mai"]


def corpus_reports() -> list[Path]:
    return sorted(p for p in (CORPUS / "reports").iterdir() if p.suffix in (".txt", ".pdf"))


def corpus_notes() -> list[Path]:
    return sorted((CORPUS / "notes").glob("*.txt"))


def exam_date(report: Path) -> Optional[str]:
    gold = report.with_suffix(".gold.json")
    if gold.exists():
        return json.loads(gold.read_text()).get("exam_date")
    return None


@dataclass
class CaseSet:
    folder: Path
    manifest: Path
    rows: list[list[str]] = field(default_factory=list)  # data rows as written

    @property
    def case_ids(self) -> list[str]:
        return [r[0] for r in self.rows]


def write_claim(path: Path, claim_id: str, index: int, dos: Optional[str]) -> None:
    payer, ptype, extra, more_lines = CLAIMS[index % len(CLAIMS)]
    extra = dict(extra)
    payer_obj = {"name": payer, "type": ptype, **extra.pop("payer_extra", {})}
    lines = [{"code": "75571", "modifiers": ["26"], "units": 1, "date_of_service": dos, "charge": 150.0 + index % 7}]
    lines += [dict(line, date_of_service=dos) for line in more_lines]
    claim = {"claim_id": claim_id, "payer": payer_obj, "lines": lines,
             "ordering_provider": {"name": ORDERING[index % len(ORDERING)]},
             "rendering_provider": {"name": RENDERING[index % len(RENDERING)]}, **extra}
    path.write_text(json.dumps(claim, indent=1))


def build_case_set(folder: Path, n: int, *, copy: bool = True, start: int = 0, bad_rows: list[str] = ()) -> CaseSet:
    """``n`` good cases (corpus reports, text and PDF, with a note and a claim each),
    then ``bad_rows`` as raw manifest lines."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = folder / "docs"
    docs.mkdir(exist_ok=True)
    reports, notes = corpus_reports(), corpus_notes()
    rows = []
    for i in range(start, start + n):
        report, note = reports[i % len(reports)], notes[i % len(notes)]
        for src in (report, note):
            target = docs / src.name
            if not target.exists():
                shutil.copyfile(src, target) if copy else target.symlink_to(src)
        case_id = f"C{i:05d}"
        claim = folder / "claims" / f"{case_id}.json"
        claim.parent.mkdir(exist_ok=True)
        write_claim(claim, f"CLM-{i:05d}", i, exam_date(report))
        rows.append([case_id, f"docs/{report.name}", f"docs/{note.name}", f"claims/{case_id}.json"])
    manifest = folder / "manifest.csv"
    lines = ["case_id,report,note,claim"] + [",".join(r) for r in rows] + list(bad_rows)
    manifest.write_text("\n".join(lines) + "\n")
    return CaseSet(folder, manifest, rows)


def run_batch(manifest: Path, out: Path, *args: str, timeout: float = 300, env: Optional[dict] = None,
              **kwargs) -> subprocess.CompletedProcess:
    """``report-audit batch`` as a real process (workers, signals and all)."""
    cmd = [sys.executable, "-m", "report_audit", "batch", str(manifest), "--out", str(out), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, **(env or {})}, **kwargs)


def read_results(out: Path) -> list[dict]:
    with open(out / "results.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


# --- headless Chromium over the DevTools protocol --------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio"]


class Browser:
    """Chromium with ``--remote-debugging-pipe``: CDP messages are NUL-terminated JSON on
    fds 3 (to the browser) and 4 (from it)."""

    def __init__(self, binary: str, profile: Path):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends, clear of fds 3 and 4 (which the child needs for the protocol);
        # inheritable, and only these: Python's other fds are not (PEP 446)
        to_r = os.dup2(to_browser_r, 103)
        from_w = os.dup2(from_browser_w, 104)
        os.close(to_browser_r)
        os.close(from_browser_w)

        def child_fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self.proc = subprocess.Popen([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                                      "about:blank"], preexec_fn=child_fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self._ids = itertools.count(1)
        self._buffer = b""
        self.events: list[dict] = []
        self.session: Optional[str] = None

    def _read_message(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise ConnectionError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: Optional[dict] = None, session: bool = True, timeout: float = 30) -> dict:
        msg_id = next(self._ids)
        message = {"id": msg_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message(timeout)
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        for event in self.events:
            if event.get("method") == method:
                self.events.remove(event)
                return event
        deadline = time.monotonic() + timeout
        while True:
            event = self._read_message(max(0.01, deadline - time.monotonic()))
            if event.get("method") == method:
                return event
            self.events.append(event)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        """Uncaught exceptions, console.error calls and browser-logged errors so far."""
        try:
            self.eval("0")  # collect pending events
        except Exception:
            pass
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(json.dumps(params.get("exceptionDetails", {}))[:500])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(json.dumps(params.get("args", []))[:500])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                errors.append(params["entry"].get("text", "")[:500])
        return errors

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
