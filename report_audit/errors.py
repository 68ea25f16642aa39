"""Every error the tool reports to a user, with a stable code.

Messages name files and codes, never document text (reports are PHI).
"""
from __future__ import annotations


class ReportAuditError(Exception):
    """Base class: a one-line, user-facing reason. ``str(err)`` is that line."""

    code = "E000"

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason} [{self.code}]")


class UnreadableDocument(ReportAuditError):
    """A report or note that cannot be read: missing, empty, binary, encrypted, corrupt,
    scanned without a text layer, undecodable."""

    code = "E001"


class InvalidClaim(ReportAuditError):
    """A claim file that is not valid JSON/CSV or does not fit the claim format."""

    code = "E002"


class InvalidPatterns(ReportAuditError):
    """A file in patterns/ that does not validate (unknown keys, bad regex, duplicate id)."""

    code = "E003"


class InvalidPolicy(ReportAuditError):
    """A payer policy YAML file that does not validate."""

    code = "E004"


class InvalidManifest(ReportAuditError):
    """A batch manifest or sampling universe that cannot be used."""

    code = "E005"
