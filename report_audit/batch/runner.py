"""Runs a manifest through a pool of worker processes, storing each case as it finishes.

- The manifest is read as a stream: rows are pulled only when a worker needs a batch.
- Each worker process builds the pipeline once and audits a batch of cases through one
  ``audit_many`` (``nlp.pipe``) call.
- Watchdog: a busy worker must show progress (a case read, a result) within the time
  limit, else it is killed and replaced. A crash or a time-out in a batch re-runs the
  batch's unfinished cases one by one; a case that fails alone is recorded as unreadable
  ("timed out after N s" / "worker crashed") and marked for retry by ``--resume``.
- Every manifest row ends in the store exactly once: audited, or unreadable with a reason.
"""
from __future__ import annotations

import logging
import math
import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterator, Optional

from .. import __version__
from ..errors import ReportAuditError
from . import worker as worker_module
from .inputs import inputs_hash, rules_hash
from .manifest import ROLES, Manifest, ManifestRow
from .progress import PlainProgress
from .store import ResultStore

log = logging.getLogger("report_audit.batch")


class BatchFailed(ReportAuditError):
    """The batch cannot run at all (e.g. the pipeline does not load in a worker)."""

    code = "E006"


@dataclass
class RunOptions:
    workers: int = 0  # 0: one per core
    time_limit: float = 60.0  # seconds a worker may go without progress on a case
    batch_size: int = 16  # cases per nlp.pipe batch
    resume: bool = False
    policies_dirs: tuple[str, ...] = ()
    startup_timeout: float = 300.0
    cases_per_worker: int = 10000  # then the worker is replaced, bounding its memory over long runs

    def worker_count(self) -> int:
        if self.workers and self.workers > 0:
            return self.workers
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover
            return max(1, os.cpu_count() or 1)


@dataclass
class Counts:
    total: int = 0
    audited: int = 0
    unreadable: int = 0
    resumed: int = 0
    timed_out: int = 0
    crashed: int = 0
    workers_started: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    state: str = "starting"  # starting | idle | busy | dead
    batch: list = field(default_factory=list)  # tasks in flight, in order
    batch_size: int = 0
    deadline: float = 0.0
    pid: Optional[int] = None
    cases_done: int = 0


class BatchRunner:
    def __init__(self, manifest: Manifest, store: ResultStore, options: RunOptions,
                 progress: Optional[PlainProgress] = None):
        self.manifest = manifest
        self.store = store
        self.options = options
        self.progress = progress or PlainProgress()
        self.counts = Counts()
        self.rules_hash = rules_hash(tuple(options.policies_dirs))
        self._ctx = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._retired: list[_Worker] = []
        self._retry: deque = deque()  # (task, inputs_hash) to run alone
        self._rows: Optional[Iterator[ManifestRow]] = None
        self._rows_left = 0
        self._startup_failures = 0

    # ------------------------------------------------------------------------------
    def run(self) -> Counts:
        opts = self.options
        total = self.manifest.count_rows()
        self.store.start_run(tool_version=__version__, rules_hash=self.rules_hash, manifest=str(self.manifest.path),
                             resume=opts.resume, workers=opts.worker_count(), time_limit=opts.time_limit)
        self._rows = iter(self.manifest)
        self._rows_left = total
        self.progress.start(total)
        status = "failed"
        try:
            self._loop()
            status = "complete"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            self._stop_workers()
            self.progress.close()
            self.store.finish_run(status, self.counts.as_dict())
        self.store.drop_unseen()
        return self.counts

    def _loop(self) -> None:
        n = self.options.worker_count()
        pending = self._fill(n)  # first batches before any worker starts: a run of only
        if not pending and not self._retry:  # resumed or bad rows needs no worker
            return
        self._workers = [self._start_worker() for _ in range(n)]
        queued: deque = deque(pending)
        while True:
            for w in list(self._workers):
                if w.state == "idle" and w.cases_done >= self.options.cases_per_worker and \
                        (queued or self._retry or self._rows_left > 0):
                    self._retire(w)
            for w in self._workers:
                if w.state == "idle":
                    batch = queued.popleft() if queued else self._next_batch()
                    if batch:
                        self._send(w, batch)
            if not queued and not self._retry and not any(w.state == "busy" for w in self._workers):
                batch = self._next_batch()  # no worker was idle to ask for it (or the manifest grew)
                if batch:
                    queued.append(batch)
                elif self._rows is None:
                    return  # every row is stored; a worker still starting is not needed
            self._wait()

    def _fill(self, n: int) -> list[list]:
        batches = []
        for _ in range(n):
            batch = self._next_batch()
            if not batch:
                break
            batches.append(batch)
        return batches

    # manifest -> tasks ------------------------------------------------------------
    def _next_batch(self) -> list:
        if self._retry:
            return [self._retry.popleft()]
        if self._rows is None:
            return []
        alive = max(1, sum(1 for w in self._workers if w.state != "dead") or self.options.worker_count())
        size = max(1, min(self.options.batch_size, math.ceil(self._rows_left / alive)))
        batch = []
        while len(batch) < size:
            row = next(self._rows, None)
            if row is None:
                self._rows = None
                break
            self._rows_left -= 1
            task = self._admit(row)
            if task is not None:
                batch.append(task)
        return batch

    def _admit(self, row: ManifestRow):
        """A row's task, or None when the row is settled here (bad row, or kept by
        ``--resume``)."""
        self.counts.total += 1
        if row.problem:
            self._save_unreadable(row, row.problem, inputs_hash=None)
            return None
        digest = inputs_hash(row, self.manifest)
        if self.options.resume:
            stored = self.store.stored(row.key)
            if stored and stored[0] == digest and stored[1] == self.rules_hash and not stored[2]:
                self.store.mark_seen(row.key, row.row)
                self.counts.resumed += 1
                self._count(stored[3], resumed=True)
                return None
        paths = {role: (row.path(role), str(self.manifest.resolve(row.path(role))))
                 for role in ROLES if row.path(role)}
        return worker_module.Task(row.key, row.row, row.case_id, paths), digest

    # workers -----------------------------------------------------------------------
    def _start_worker(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=worker_module.main, args=(child, tuple(self.options.policies_dirs)),
                                    daemon=True, name="report-audit-worker")
        process.start()
        child.close()
        self.counts.workers_started += 1
        return _Worker(process, parent, deadline=time.monotonic() + self.options.startup_timeout)

    def _send(self, w: _Worker, batch: list) -> None:
        w.batch = list(batch)
        w.batch_size = len(batch)
        w.state = "busy"
        w.deadline = time.monotonic() + self.options.time_limit
        try:
            w.conn.send([task for task, _ in batch])
        except (BrokenPipeError, OSError):
            self._failed(w, "worker crashed")

    def _wait(self) -> None:
        live = [w for w in self._workers if w.state != "dead"]
        waiting = {}
        for w in live:
            waiting[w.conn] = w
            waiting[w.process.sentinel] = w
        deadlines = [w.deadline for w in live if w.state in ("busy", "starting")]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else 1.0
        ready = wait(list(waiting), timeout=min(timeout, 1.0) + 0.01)
        for handle in ready:
            w = waiting[handle]
            if w.state == "dead":
                continue
            if handle is w.conn:
                self._drain(w)
        for w in live:
            if w.state != "dead" and not w.process.is_alive():
                self._drain(w)
                if w.state != "dead":
                    code = w.process.exitcode
                    self._failed(w, f"worker crashed (exit code {code})" if code is not None and code >= 0
                                 else f"worker crashed (signal {-code})" if code is not None else "worker crashed")
        for w in live:
            if w.state in ("busy", "starting") and time.monotonic() > w.deadline:
                self._drain(w)  # results that came in just before the deadline count
            if w.state in ("busy", "starting") and time.monotonic() > w.deadline:
                if w.state == "starting":
                    self._kill(w)
                    self._startup_failed(w, f"a worker did not load the pipeline within "
                                            f"{self.options.startup_timeout:.0f} s")
                else:
                    self._failed(w, f"timed out after {self.options.time_limit:g} s", timed_out=True)

    def _drain(self, w: _Worker) -> None:
        try:
            while w.state != "dead" and w.conn.poll():
                self._message(w, w.conn.recv())
        except (EOFError, OSError):
            if w.state != "dead":
                w.process.join(2)
                code = w.process.exitcode
                self._failed(w, f"worker crashed (exit code {code})" if code is not None and code >= 0
                             else f"worker crashed (signal {-code})" if code is not None else "worker crashed")

    def _message(self, w: _Worker, msg: tuple) -> None:
        kind = msg[0]
        if kind == "ready":
            w.state, w.pid = "idle", msg[1]
            self._startup_failures = 0
        elif kind == "fatal":
            self._kill(w)
            raise BatchFailed("worker", msg[1])
        elif kind == "beat":
            w.deadline = time.monotonic() + self.options.time_limit
        elif kind == "result":
            payload = msg[1]
            for i, (task, digest) in enumerate(w.batch):
                if task.key == payload["key"]:
                    del w.batch[i]
                    self._save_payload(task, digest, payload)
                    w.cases_done += 1
                    break
            w.deadline = time.monotonic() + self.options.time_limit
        elif kind == "idle":
            w.state = "idle"
            w.batch = []

    def _failed(self, w: _Worker, reason: str, timed_out: bool = False) -> None:
        """A busy worker died or hung: replace it; re-run or record its unfinished cases."""
        self._kill(w)
        if w.state == "starting":
            return self._startup_failed(w, reason)
        unfinished, single = w.batch, w.batch_size == 1
        w.batch = []
        if single:
            for task, digest in unfinished:
                log.warning("manifest row %d: %s", task.row, reason)
                if timed_out:
                    self.counts.timed_out += 1
                else:
                    self.counts.crashed += 1
                self._save_unreadable(task, reason, inputs_hash=digest, retry=True)
        else:
            self._retry.extend(unfinished)
        self._replace(w)

    def _startup_failed(self, w: _Worker, reason: str) -> None:
        self._startup_failures += 1
        if self._startup_failures >= 3:
            raise BatchFailed("worker", reason)
        self._replace(w)

    def _retire(self, w: _Worker) -> None:
        """Replace a worker that has audited its share (bounds a worker's memory)."""
        for old in [r for r in self._retired if not r.process.is_alive()]:
            old.process.join(0)
            old.conn.close()
            self._retired.remove(old)
        try:
            w.conn.send(None)
        except OSError:
            pass
        self._retired.append(w)
        self._replace(w)

    def _replace(self, w: _Worker) -> None:
        w.state = "dead"
        self._workers[self._workers.index(w)] = self._start_worker()

    @staticmethod
    def _reap(w: _Worker, grace: float = 5.0) -> None:
        """Wait up to ``grace`` seconds for a worker to end, kill it if it has not, close
        its pipe."""
        w.process.join(grace)
        if w.process.is_alive():
            w.process.kill()
            w.process.join(5)
        try:
            w.conn.close()
        except OSError:
            pass

    def _kill(self, w: _Worker) -> None:
        if w.process.is_alive():
            w.process.kill()
        self._reap(w)
        if w.state != "dead" and w.state != "starting":
            w.state = "dying"

    def _stop_workers(self) -> None:
        for w in self._retired:
            self._reap(w)
        self._retired = []
        for w in self._workers:
            if w.process.is_alive() and w.state == "idle":
                try:
                    w.conn.send(None)
                except OSError:
                    pass
            elif w.process.is_alive():
                w.process.kill()  # interrupted or failed: its cases in flight are not stored
        deadline = time.monotonic() + 5
        for w in self._workers:
            self._reap(w, max(0.0, deadline - time.monotonic()))
        self._workers = []

    # storing -----------------------------------------------------------------------
    def _count(self, status: str, resumed: bool = False) -> None:
        if status == "audited":
            self.counts.audited += 1
        else:
            self.counts.unreadable += 1
        self.progress.advance(status, resumed=resumed)

    def _save_unreadable(self, row, reason: str, inputs_hash: Optional[str], retry: bool = False) -> None:
        result = {"schema_version": "1.0", "claim_id": row.case_id, "status": "unreadable", "error": reason,
                  "documents": {}, "extraction": None, "findings": []}
        try:
            from ..models import SCHEMA_VERSION

            result["schema_version"] = SCHEMA_VERSION
        except ImportError:  # pragma: no cover
            pass
        self.store.save(key=row.key, row=row.row, case_id=row.case_id, result=result, inputs_hash=inputs_hash,
                        rules_hash=self.rules_hash, retry=retry)
        self._count("unreadable")

    def _save_payload(self, task, digest: str, payload: dict) -> None:
        import json

        result = json.loads(payload["result"])
        self.store.save(key=task.key, row=task.row, case_id=task.case_id, result=result,
                        documents=payload.get("documents") or [], claim=payload.get("claim"),
                        inputs_hash=digest, rules_hash=self.rules_hash, seconds=payload.get("seconds"),
                        result_json=payload["result"])
        self._count(result.get("status") or "unreadable")
