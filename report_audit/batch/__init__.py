"""``report-audit batch``: a manifest of cases audited in parallel into a durable store.

``run_batch`` is what the command calls: it opens (or resumes) ``DIR/audit.sqlite``,
runs every manifest row through the worker pool (``runner``), then writes
``results.jsonl``, ``summary.csv`` and ``report.html`` from the store.
"""
from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .manifest import Manifest
from .outputs import summarize, write_results, write_summary
from .progress import PlainProgress
from .runner import BatchFailed, BatchRunner, Counts, RunOptions
from .store import STORE_NAME, ResultStore, private_file

__all__ = ["run_batch", "write_outputs", "BatchOutcome", "RunOptions", "BatchFailed", "Manifest", "ResultStore"]

RESULTS_NAME = "results.jsonl"
SUMMARY_NAME = "summary.csv"
HTML_NAME = "report.html"


@dataclass
class BatchOutcome:
    counts: Counts
    summary: dict[str, Any]
    out_dir: Path
    stored: int  # cases in the store: equals counts.total, one per manifest row

    @property
    def html(self) -> Path:
        return self.out_dir / HTML_NAME


def private_dir(path: Path) -> None:
    """Create ``path`` (0700) or make an existing output folder owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def _lock(store_path: Path) -> int:
    """One batch at a time per output folder: an exclusive ``flock`` on the store file
    (released when the process ends, however it ends)."""
    if not store_path.exists():
        private_file(store_path)
    fd = os.open(store_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise BatchFailed(store_path.parent, "another batch is writing to this folder") from None
    return fd


def write_outputs(store: ResultStore, out_dir: Path) -> dict[str, Any]:
    from ..report_html import write_report

    write_results(store, out_dir / RESULTS_NAME)
    summary = summarize(store)
    write_summary(summary, out_dir / SUMMARY_NAME)
    write_report(store, summary, out_dir / HTML_NAME)
    return summary


def run_batch(manifest_path: str | Path, out_dir: str | Path, options: RunOptions,
              progress: Optional[PlainProgress] = None) -> BatchOutcome:
    """Audit every row of the manifest into ``out_dir``. Raises ``InvalidManifest`` for a
    manifest that cannot be used and ``BatchFailed`` when no worker can start; lets
    ``KeyboardInterrupt`` through after recording the run as interrupted."""
    manifest = Manifest(manifest_path)
    out = Path(out_dir)
    old_umask = os.umask(0o077)  # everything this run creates is the owner's only
    lock = None
    try:
        private_dir(out)
        lock = _lock(out / STORE_NAME)
        store = ResultStore(out / STORE_NAME)
        try:
            counts = BatchRunner(manifest, store, options, progress).run()
            summary = write_outputs(store, out)
            stored = store.count()
        finally:
            store.close()
    finally:
        if lock is not None:
            os.close(lock)
        os.umask(old_umask)
    return BatchOutcome(counts, summary, out, stored)
