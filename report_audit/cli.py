"""The ``report-audit`` command line (CONTRACT.md "Commands").

Each sub-command lives in ``report_audit/commands/<name>.py`` with ``add_parser(sub)``
and ``run(args) -> int``. Exit status: 0 ok, 1 a finding at/above ``--fail-on``, 2 bad
usage or unreadable input (one line on stderr, no traceback), 3 an internal error (one
line naming the exception type only; ``REPORT_AUDIT_DEBUG=1`` shows the traceback).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Optional, Sequence

from .errors import ReportAuditError

COMMANDS = ("check", "extract", "batch", "rules", "policies", "eval", "sample", "estimate")


def build_parser(only: Optional[str] = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that sub-command's module is imported (a coder's
    ``check`` does not pay for scipy, which ``sample`` needs)."""
    parser = argparse.ArgumentParser(
        prog="report-audit",
        description="Audit CT calcium-scoring (CPT 75571) reports, ordering notes and claims.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        try:
            module = importlib.import_module(f"report_audit.commands.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"report_audit.commands.{name}":
                continue  # command not built yet
            raise
        module.add_parser(sub).set_defaults(_run=module.run)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(only=command)
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
    except Exception as err:  # a bug: one line without the message (it may quote a document)
        if os.environ.get("REPORT_AUDIT_DEBUG"):
            raise
        print(f"report-audit: internal error ({type(err).__name__}) in '{args.command}'; "
              "rerun with REPORT_AUDIT_DEBUG=1 for the traceback", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
