"""Progress of a batch run: a rich progress bar (rate, ETA) on a terminal, a plain line
every few seconds otherwise (log files, CI). Only counts are shown, never case data."""
from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"


class PlainProgress:
    """``batch: 1200/5000 (24%) 35.2 cases/s ETA 1m48s — 1190 audited, 10 unreadable``"""

    def __init__(self, stream: Optional[TextIO] = None, interval: float = 10.0):
        self.stream = stream or sys.stderr
        self.interval = interval
        self.total = 0
        self.done = 0
        self.counts = {"audited": 0, "unreadable": 0, "resumed": 0}
        self.started = self.last = time.monotonic()
        self._rate_base: Optional[tuple[float, int]] = None  # (time, done) the rate counts from

    def start(self, total: int) -> None:
        self.total = total
        self.started = self.last = time.monotonic()
        self._rate_base = None
        self._line(f"batch: {total} case(s) in the manifest")

    def _tally(self, status: str, resumed: bool) -> None:
        self.done += 1
        self.counts[status] = self.counts.get(status, 0) + 1
        if resumed:
            self.counts["resumed"] += 1
        if resumed or self._rate_base is None:  # the rate counts audits, from the first result on
            self._rate_base = (time.monotonic(), self.done)

    def rate(self) -> float:
        if self._rate_base is None:
            return 0.0
        since, base = self._rate_base
        elapsed = time.monotonic() - since
        return (self.done - base) / elapsed if elapsed > 0 and self.done > base else 0.0

    def advance(self, status: str, resumed: bool = False) -> None:
        self._tally(status, resumed)
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._line(self.status_line())

    def status_line(self) -> str:
        rate = self.rate()
        left = self.total - self.done
        eta = _duration(left / rate) if rate > 0 and left > 0 else "-"
        pct = 100.0 * self.done / self.total if self.total else 100.0
        parts = f"{self.counts['audited']} audited, {self.counts['unreadable']} unreadable"
        if self.counts["resumed"]:
            parts += f" ({self.counts['resumed']} kept from the earlier run)"
        return f"batch: {self.done}/{self.total} ({pct:.0f}%) {rate:.1f} cases/s ETA {eta} - {parts}"

    def note(self, message: str) -> None:
        self._line(message)

    def close(self) -> None:
        pass

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class RichProgress(PlainProgress):
    """A live progress bar with rate and ETA (rich), for an interactive terminal."""

    def __init__(self, stream: Optional[TextIO] = None):
        super().__init__(stream)
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.console = Console(file=self.stream)
        self.bar = Progress(
            TextColumn("audit"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[counts]}"),
            console=self.console, transient=False, refresh_per_second=4)
        self.task = None

    def start(self, total: int) -> None:
        self.total = total
        self.started = time.monotonic()
        self.bar.start()
        self.task = self.bar.add_task("audit", total=total, rate="", counts="")

    def advance(self, status: str, resumed: bool = False) -> None:
        self._tally(status, resumed)
        rate = self.rate()
        counts = f"{self.counts['audited']} audited, {self.counts['unreadable']} unreadable"
        if self.counts["resumed"]:
            counts += f", {self.counts['resumed']} resumed"
        self.bar.update(self.task, advance=1, rate=f"{rate:.1f}/s", counts=counts)

    def note(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False)

    def close(self) -> None:
        self.bar.stop()


def make_progress(stream: Optional[TextIO] = None, interval: float = 10.0) -> PlainProgress:
    stream = stream or sys.stderr
    if getattr(stream, "isatty", lambda: False)():
        return RichProgress(stream)
    return PlainProgress(stream, interval)
