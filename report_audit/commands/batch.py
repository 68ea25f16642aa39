"""``report-audit batch MANIFEST.csv --out DIR [--workers N] [--resume]``

Audits every row of a manifest (``case_id,report,note,claim``) in parallel, committing
each case to ``DIR/audit.sqlite`` as it finishes, then writes ``results.jsonl``,
``summary.csv`` and ``report.html``. Progress goes to stderr (a bar on a terminal, a line
every 10 s otherwise), and never shows document text. Exit status: 0 when every row was
accounted for (audited or unreadable), 1 if the store does not hold exactly one case per
row (never expected), 2 for an unusable manifest, a pipeline that does not load or
another batch writing to DIR, 130 when interrupted (run again with ``--resume``).
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys

from ..batch import RunOptions, run_batch
from ..batch.progress import make_progress


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "batch", help="audit every case of a manifest in parallel into a result store",
        description="Audit every case of a CSV manifest (case_id,report,note,claim; paths relative to the "
                    "manifest) into DIR: audit.sqlite, results.jsonl, summary.csv, report.html.")
    parser.add_argument("manifest", metavar="MANIFEST.csv")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder (created 0700)")
    parser.add_argument("--workers", type=int, default=0, metavar="N",
                        help="worker processes (default: one per core)")
    parser.add_argument("--resume", action="store_true",
                        help="keep cases already stored for the same files and rules; audit the rest")
    parser.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                        help="time a worker may spend on one case before it is stopped (default 60)")
    parser.add_argument("--batch-size", type=int, default=16, metavar="N",
                        help="cases per nlp.pipe batch in a worker (default 16)")
    parser.add_argument("--policies", action="append", default=[], metavar="DIR",
                        help="an extra folder of payer policy YAML files (repeatable)")
    parser.add_argument("--progress-interval", type=float, default=10.0, metavar="SECONDS",
                        help="seconds between progress lines when stderr is not a terminal")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each worker failure")
    return parser


def _terminate(signum, frame):
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    if args.workers < 0 or args.batch_size < 1 or args.time_limit <= 0:
        print("report-audit: --workers must be >= 0, --batch-size >= 1, --time-limit > 0", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="report-audit: %(message)s")
    options = RunOptions(workers=args.workers, time_limit=args.time_limit, batch_size=args.batch_size,
                         resume=args.resume, policies_dirs=tuple(args.policies))
    progress = make_progress(sys.stderr, interval=args.progress_interval)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        outcome = run_batch(args.manifest, args.out, options, progress)
    except KeyboardInterrupt:
        print(f"report-audit: batch interrupted; finished cases are stored in {args.out}. "
              f"Run the same command with --resume to continue.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    c, t = outcome.counts, outcome.summary["totals"]
    kept = f" ({c.resumed} kept from an earlier run)" if c.resumed else ""
    if c.timed_out or c.crashed:
        kept += f" ({c.timed_out} timed out, {c.crashed} crashed a worker: --resume retries them)"
    print(f"batch: {c.total} cases: {c.audited} audited, {c.unreadable} unreadable{kept}; "
          f"{t['with_error']} with an error finding; ${t['charge_at_risk']:,.2f} at risk")
    print(f"results: {outcome.out_dir / 'results.jsonl'}, {outcome.out_dir / 'summary.csv'}, "
          f"{outcome.out_dir / 'audit.sqlite'}")
    print(f"HTML report: {outcome.html}")
    if outcome.stored != c.total:  # never expected: every row is stored exactly once
        print(f"report-audit: the store holds {outcome.stored} cases for {c.total} manifest rows", file=sys.stderr)
        return 1
    return 0
