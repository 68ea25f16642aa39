"""The ``report-audit`` command line (CONTRACT.md "Commands").

Each sub-command lives in ``report_audit/commands/<name>.py`` with ``add_parser(sub)``
and ``run(args) -> int``. Exit status: 0 ok, 1 a finding at/above ``--fail-on``, 2 bad
usage or unreadable input (one line on stderr, no traceback).
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional, Sequence

from .errors import ReportAuditError

COMMANDS = ("check", "extract", "batch", "rules", "policies", "eval", "sample", "estimate")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="report-audit",
        description="Audit CT calcium-scoring (CPT 75571) reports, ordering notes and claims.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"report_audit.commands.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"report_audit.commands.{name}":
                continue  # command not built yet
            raise
        module.add_parser(sub).set_defaults(_run=module.run)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except ReportAuditError as err:
        print(f"report-audit: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("report-audit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
