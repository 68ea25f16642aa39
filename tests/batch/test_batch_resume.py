"""A durable store: a batch killed mid-run and resumed finds every case exactly once,
with the results of an uninterrupted run; --resume re-audits only what changed."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from batch_helpers import ROOT, build_case_set, read_results, run_batch


def stored_count(out: Path) -> int:
    path = out / "audit.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    except sqlite3.OperationalError:  # created but no tables yet
        return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def workers_of(pid: int) -> list[int]:
    """The worker processes of a batch (not multiprocessing's resource tracker)."""
    found = []
    for child in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_batch(manifest: Path, out: Path, *args: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "report_audit", "batch", str(manifest), "--out", str(out), *args]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_stored(proc: subprocess.Popen, out: Path, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while stored_count(out) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the batch stored nothing in time"
        time.sleep(0.02)


def runs(out: Path) -> list[tuple]:
    with sqlite3.connect(out / "audit.sqlite") as db:
        return db.execute("SELECT status, n_total, n_audited, n_unreadable, n_resumed FROM runs ORDER BY run_id").fetchall()


def test_batch_sigkill_then_resume_stores_every_case_once_with_uninterrupted_results(tmp_path):
    cases = build_case_set(tmp_path / "cases", 240, bad_rows=["BAD,docs/missing.txt,,"])
    n = len(cases.rows) + 1
    out = tmp_path / "killed"
    proc = start_batch(cases.manifest, out, "--workers", "2", "--batch-size", "4")
    wait_for_stored(proc, out, 12)
    workers = workers_of(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    kept = stored_count(out)
    assert 12 <= kept < n, "the batch was not killed mid-run; make the case set larger"
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers), "workers outlived the killed batch"

    resumed = run_batch(cases.manifest, out, "--workers", "2", "--resume")
    reference = tmp_path / "uninterrupted"
    assert run_batch(cases.manifest, reference, "--workers", "2").returncode == 0

    assert resumed.returncode == 0, resumed.stderr
    results = read_results(out)
    assert [r["case_id"] for r in results] == cases.case_ids + ["BAD"]
    assert (out / "results.jsonl").read_text() == (reference / "results.jsonl").read_text()
    status, total, audited, unreadable, n_resumed = runs(out)[-1]
    assert (status, total, audited + unreadable) == ("complete", n, n)
    assert n_resumed >= kept - 1  # the bad row is recorded again; every stored case is kept
    assert runs(out)[0][0] == "interrupted"


def test_batch_resume_reaudits_only_cases_whose_files_or_rules_changed(tmp_path):
    cases = build_case_set(tmp_path / "cases", 6)
    out = tmp_path / "out"
    assert run_batch(cases.manifest, out, "--workers", "1").returncode == 0
    changed_note = cases.folder / cases.rows[1][2]
    changed_note.write_text(changed_note.read_text() + "\nAddendum: patient reports exertional chest pain.\n")
    claim = cases.folder / cases.rows[2][3]
    claim.write_text(claim.read_text().replace("150.0", "175.0").replace("151.0", "175.0").replace("152.0", "175.0"))
    with sqlite3.connect(out / "audit.sqlite") as db:
        db.execute("UPDATE cases SET rules_hash='an older rule set' WHERE case_id=?", (cases.case_ids[3],))
        db.execute("UPDATE cases SET retry=1, status='unreadable', error='timed out after 60 s' WHERE case_id=?",
                   (cases.case_ids[4],))

    proc = run_batch(cases.manifest, out, "--workers", "1", "--resume")

    assert proc.returncode == 0, proc.stderr
    with sqlite3.connect(out / "audit.sqlite") as db:
        run_of = dict(db.execute("SELECT case_id, run_id FROM cases"))
        claim_total = db.execute("SELECT charge_total FROM cases WHERE case_id=?", (cases.case_ids[2],)).fetchone()[0]
    reaudited = {key for key, run in run_of.items() if run == 2}
    assert reaudited == set(cases.case_ids[1:5])
    assert claim_total >= 175.0
    assert "4 audited" not in proc.stdout and "(2 kept from an earlier run)" in proc.stdout
    assert [r["status"] for r in read_results(out)] == ["audited"] * 6


def test_batch_resume_of_a_complete_run_takes_seconds_and_starts_no_worker(tmp_path):
    cases = build_case_set(tmp_path / "cases", 20)
    out = tmp_path / "out"
    assert run_batch(cases.manifest, out).returncode == 0
    before = (out / "results.jsonl").read_text()
    started = time.monotonic()
    proc = start_batch(cases.manifest, out, "--resume")
    spawned = set()
    while proc.poll() is None:
        spawned.update(children(proc.pid))
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    stdout, stderr = proc.communicate()
    assert proc.returncode == 0, stderr
    assert "(20 kept from an earlier run)" in stdout
    assert not spawned, "a resume with nothing to do started worker processes"
    assert elapsed < 15
    assert (out / "results.jsonl").read_text() == before


def test_batch_without_resume_audits_everything_again(tmp_path):
    cases = build_case_set(tmp_path / "cases", 3)
    out = tmp_path / "out"
    assert run_batch(cases.manifest, out).returncode == 0
    proc = run_batch(cases.manifest, out)
    assert proc.returncode == 0
    assert "kept from an earlier run" not in proc.stdout
    with sqlite3.connect(out / "audit.sqlite") as db:
        assert {run for (run,) in db.execute("SELECT run_id FROM cases")} == {2}


def test_batch_resume_drops_cases_no_longer_in_the_manifest(tmp_path):
    cases = build_case_set(tmp_path / "cases", 4)
    out = tmp_path / "out"
    assert run_batch(cases.manifest, out).returncode == 0
    lines = cases.manifest.read_text().splitlines()
    cases.manifest.write_text("\n".join(lines[:3]) + "\n")  # header + 2 rows
    assert run_batch(cases.manifest, out, "--resume").returncode == 0
    assert [r["case_id"] for r in read_results(out)] == cases.case_ids[:2]


def test_batch_ctrl_c_stops_and_records_an_interrupted_run(tmp_path):
    cases = build_case_set(tmp_path / "cases", 200)
    out = tmp_path / "out"
    proc = start_batch(cases.manifest, out, "--workers", "2", "--batch-size", "2")
    wait_for_stored(proc, out, 4)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "--resume" in stderr and "Traceback" not in stderr
    assert runs(out)[-1][0] == "interrupted"
    assert run_batch(cases.manifest, out, "--resume").returncode == 0
    assert [r["case_id"] for r in read_results(out)] == cases.case_ids


def test_batch_worker_killed_mid_batch_costs_no_case(tmp_path):
    cases = build_case_set(tmp_path / "cases", 60)
    out = tmp_path / "out"
    proc = start_batch(cases.manifest, out, "--workers", "2", "--batch-size", "8")
    wait_for_stored(proc, out, 2)
    victims = [pid for pid in workers_of(proc.pid) if alive(pid)]
    assert victims
    os.kill(victims[0], signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr
    results = read_results(out)
    assert [r["case_id"] for r in results] == cases.case_ids
    assert all(r["status"] == "audited" for r in results), [r["error"] for r in results if r["error"]]


def test_batch_refuses_a_second_batch_on_the_same_folder(tmp_path):
    cases = build_case_set(tmp_path / "cases", 60)
    out = tmp_path / "out"
    first = start_batch(cases.manifest, out, "--workers", "1", "--batch-size", "2")
    wait_for_stored(first, out, 1)
    second = run_batch(cases.manifest, out, "--resume")
    first.communicate(timeout=180)
    assert second.returncode == 2
    assert "another batch is writing to this folder" in second.stderr
    assert first.returncode == 0
    assert [r["case_id"] for r in read_results(out)] == cases.case_ids


def test_batch_worker_is_replaced_after_its_share_of_cases(tmp_path):
    from report_audit.batch import RunOptions
    from report_audit.batch import run_batch as run_in_process
    from report_audit.batch.progress import PlainProgress

    cases = build_case_set(tmp_path / "cases", 12)
    outcome = run_in_process(cases.manifest, tmp_path / "out",
                             RunOptions(workers=1, batch_size=2, cases_per_worker=4), PlainProgress(interval=1e9))
    assert (outcome.counts.audited, outcome.counts.workers_started) == (12, 3)
    assert [r["case_id"] for r in read_results(tmp_path / "out")] == cases.case_ids
