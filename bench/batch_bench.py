#!/usr/bin/env python3
"""Benchmark of ``report-audit batch``: cases per second with 1 and 2 workers, peak
memory, and the time to ``--resume`` a run that is already complete.

Usage:  python bench/batch_bench.py [--cases 5000] [--workers 1 2] [--regenerate]

Generates the case set into bench/data/ (gitignored): every corpus report (text and
PDF, in corpus order, so about a quarter are PDFs) and note copied under a new name per
case, and a claim per case. Each run is a real ``report-audit batch`` process; memory is
sampled from /proc every 0.1 s over the batch process and its workers (peak of the sum,
and the largest single process).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = ROOT / "bench" / "data"
PAYERS = [("Horizon Blue Cross Blue Shield of New Jersey", "commercial", ["Z13.6"]),
          ("Medicare Part B", "medicare", ["E78.5"]), ("Humana Medicare Advantage", "medicare_advantage", ["E78.5"]),
          ("Aetna", "commercial", ["E78.5", "Z82.49"]), ("Anthem Blue Cross", "commercial", ["E78.2"])]


def generate(n: int, folder: Path) -> Path:
    manifest = folder / "manifest.csv"
    stamp = folder / f".generated-{n}"
    if stamp.exists():
        return manifest
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("reports", "notes", "claims"):
        (folder / sub).mkdir(parents=True)
    reports = sorted(p for p in (CORPUS / "reports").iterdir() if p.suffix in (".txt", ".pdf"))
    notes = sorted((CORPUS / "notes").glob("*.txt"))
    rows = ["case_id,report,note,claim"]
    for i in range(n):
        report, note = reports[i % len(reports)], notes[i % len(notes)]
        gold = report.with_suffix(".gold.json")
        dos = json.loads(gold.read_text()).get("exam_date") if gold.exists() else None
        r = folder / "reports" / f"B{i:06d}{report.suffix}"
        nt = folder / "notes" / f"B{i:06d}.txt"
        shutil.copyfile(report, r)
        shutil.copyfile(note, nt)
        payer, ptype, dx = PAYERS[i % len(PAYERS)]
        claim = {"claim_id": f"BENCH-{i:06d}", "payer": {"name": payer, "type": ptype}, "diagnoses": dx,
                 "lines": [{"code": "75571", "modifiers": ["26"], "units": 1, "date_of_service": dos,
                            "charge": 150.0 + i % 50}],
                 "ordering_provider": {"name": f"Provider {i % 40:02d}"}, "rendering_provider": {"name": "Lee, John"}}
        (folder / "claims" / f"B{i:06d}.json").write_text(json.dumps(claim))
        rows.append(f"B{i:06d},reports/{r.name},notes/{nt.name},claims/B{i:06d}.json")
    manifest.write_text("\n".join(rows) + "\n")
    stamp.touch()
    return manifest


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*") if Path(f"/proc/{p}/task").exists() else []:
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return pids


def timed_run(args: list[str]) -> dict:
    cmd = [sys.executable, "-m", "report_audit", "batch", *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"sum": 0, "single": 0, "processes": 0}

    def sample():
        while proc.poll() is None:
            sizes = [_rss_kb(p) for p in _tree(proc.pid)]
            peak["sum"] = max(peak["sum"], sum(sizes))
            peak["single"] = max(peak["single"], max(sizes, default=0))
            peak["processes"] = max(peak["processes"], len(sizes))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"batch failed ({proc.returncode}):\n{stderr[-2000:]}")
    return {"seconds": elapsed, "peak_sum_mb": peak["sum"] / 1024, "peak_single_mb": peak["single"] / 1024,
            "processes": peak["processes"], "stdout": stdout.strip().splitlines()[0] if stdout.strip() else ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    folder = DATA / f"cases-{args.cases}"
    if args.regenerate:
        shutil.rmtree(folder, ignore_errors=True)
    t = time.perf_counter()
    manifest = generate(args.cases, folder)
    n_pdf = sum(1 for p in (folder / "reports").iterdir() if p.suffix == ".pdf")
    print(f"case set: {args.cases} cases ({args.cases - n_pdf} text + {n_pdf} PDF reports, each with a note and "
          f"a claim) in {folder.relative_to(ROOT)} ({time.perf_counter() - t:.1f} s)")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    rows = []
    for w in args.workers:
        out = folder / f"out-w{w}"
        shutil.rmtree(out, ignore_errors=True)
        r = timed_run([str(manifest), "--out", str(out), "--workers", str(w)])
        rows.append((f"{w} worker{'s' if w > 1 else ''}", r, args.cases / r["seconds"]))
        print(f"  {rows[-1][0]}: {r['stdout']}", flush=True)
    last = folder / f"out-w{args.workers[-1]}"
    r = timed_run([str(manifest), "--out", str(last), "--resume"])
    rows.append(("--resume (complete run)", r, None))
    print(f"  resume: {r['stdout']}\n")
    print(f"{'run':<26}{'wall s':>8}{'cases/s':>9}{'peak RSS (all processes)':>27}{'largest process':>17}")
    for name, r, rate in rows:
        memory = f"{r['peak_sum_mb']:.0f} MB in {r['processes']} processes"
        print(f"{name:<26}{r['seconds']:>8.1f}{(f'{rate:.1f}' if rate else '-'):>9}{memory:>27}"
              f"{r['peak_single_mb']:>14.0f} MB")
    print("\ncases/s = manifest rows / wall time of the whole command (worker start-up, writing results.jsonl, "
          "summary.csv and report.html included).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
