"""HL7 v2 result messages (ORU^R01) as the report text the pipeline reads.

A RIS or PACS often hands a report over as an HL7 v2 message rather than as a document:
the patient in PID, the order in ORC/OBR, diagnoses in DG1, the scores as numeric OBX
rows and the report's text as TX/FT OBX rows whose lines are repetitions ("~"). Each
segment that carries a fact is written as the "Label: value" lines a report would have
("Patient: NAKAMURA, KENJI T", "MRN: 88213047", "Agatston score, left main: 12"); every
piece of the text maps back to the field it came from, so evidence points into the message.
"""
from __future__ import annotations

import re
from typing import Optional

_SEGMENT_END = re.compile(r"\r\n?|\n")
_ESCAPES = {"F": "|", "S": "^", "T": "&", "R": "~", "E": "\\", ".br": "\n"}


_MSH = re.compile(r"[\ufeff \t\r\n]*MSH([^\w\s])[^\w\s]{3}")


_CODE_PART = re.compile(r"[A-Z]\d{2}(?:\.\w{1,4})?|I9C?|I10C?|ICD-?10(?:-CM)?|ICD-?9(?:-CM)?|SCT|SNOMED(?:CT)?|L|\d+")


def is_hl7(text: str) -> bool:
    """An HL7 v2 message: "MSH", the field separator and the four encoding characters."""
    return _MSH.match(text) is not None


class _Message:
    """One message's separators, and the text written for it with each piece's origin."""

    def __init__(self, text: str, rewrite) -> None:
        start = text.index("MSH")
        self.text = text
        self.field, self.component, self.repetition, self.escape = (
            text[start + 3], text[start + 4], text[start + 5], text[start + 6])
        self.out = rewrite

    def fields(self, segment: str, at: int) -> list[tuple[str, int]]:
        """The segment's fields with their offsets; index 1 is the first field after the
        name (for MSH, as the standard counts, index 1 is the field separator itself)."""
        found, pos = [], at
        for part in segment.split(self.field):
            found.append((part, pos))
            pos += len(part) + 1
        if segment.startswith("MSH"):
            found.insert(1, (self.field, at + 3))
        return found

    def components(self, value: str, at: int, separator: Optional[str] = None) -> list[tuple[str, int]]:
        found, pos = [], at
        for part in value.split(separator or self.component):
            found.append((part, pos))
            pos += len(part) + 1
        return found

    def write(self, label: str, value: str, at: int) -> None:
        """``Label: value`` on a line of its own; the label maps to the value's start."""
        if value.strip():
            self.out.add(at, f"{label}: ")
            self.write_text(value, at)
            self.out.add(at + len(value), "\n")

    def write_text(self, value: str, at: int) -> None:
        """A text field: repetitions are lines, escape sequences their characters."""
        pos = 0
        pattern = re.compile(re.escape(self.escape) + r"(F|S|T|R|E|\.br)" + re.escape(self.escape)
                             + "|" + re.escape(self.repetition))
        for m in pattern.finditer(value):
            self.out.add(at + pos, value[pos:m.start()])
            self.out.add(at + m.start(), "\n" if m.group() == self.repetition else _ESCAPES[m.group(1)])
            pos = m.end()
        self.out.add(at + pos, value[pos:])

    def name(self, label: str, value: str, at: int, first: int) -> None:
        """A person (XPN/XCN): "FAMILY, GIVEN MIDDLE DEGREE", components from ``first``."""
        parts = [(p, a) for p, a in self.components(value, at)[first:first + 7] if p.strip()]
        if not parts:
            return
        family, rest = parts[0], [p for p in parts[1:] if not p[0].isdigit()]
        self.out.add(family[1], f"{label}: ")
        self.out.add(family[1], family[0])
        for k, (part, pos) in enumerate(rest):
            self.out.add(pos, (", " if k == 0 else " ") + part)
        last = rest[-1] if rest else family
        self.out.add(last[1] + len(last[0]), "\n")


def _identifier(msg: _Message, value: str, at: int) -> Optional[tuple[str, int]]:
    """PID-3: the repetition typed MR (medical record number), else the first one."""
    repetitions = msg.components(value, at, msg.repetition)
    for rep, pos in repetitions:
        parts = msg.components(rep, pos)
        if len(parts) > 4 and parts[4][0].upper() == "MR":
            return parts[0]
    rep, pos = repetitions[0]
    return msg.components(rep, pos)[0]


def hl7_text(text: str, rewrite) -> None:
    """Write the message's facts and text into ``rewrite`` (an ``offsets.Rewrite``)."""
    msg = _Message(text, rewrite)
    pos = 0
    for m in list(_SEGMENT_END.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        segment, at = text[pos:end], pos
        pos = m.end() if m else len(text)
        fields = msg.fields(segment, at)
        kind = fields[0][0].strip()

        def field(n: int) -> tuple[str, int]:
            return fields[n] if n < len(fields) else ("", at + len(segment))

        if kind == "PID":
            mrn = _identifier(msg, *field(3)) if field(3)[0] else None
            msg.name("Patient", *field(5), 0)
            if mrn:
                msg.write("MRN", *mrn)
            dob, dob_at = field(7)
            msg.write("DOB", dob[:8], dob_at)
        elif kind in ("ORC", "OBR", "PV1"):
            provider = {"ORC": 12, "OBR": 16, "PV1": 8}[kind]
            msg.name("Ordering provider" if kind != "PV1" else "Referring physician", *field(provider), 1)
            if kind == "OBR":
                service, service_at = field(4)
                msg.write("Exam", *msg.components(service, service_at)[min(1, service.count(msg.component))])
                observed, observed_at = field(7)
                msg.write("Exam date", observed[:8], observed_at)
                for reason, reason_at in msg.components(*field(31), msg.repetition):  # "E78.5^...^I10~Z82.49^..."
                    parts = msg.components(reason, reason_at)
                    texts = [(part, at) for part, at in parts if "&" not in part and not _CODE_PART.fullmatch(part)]
                    for part, part_at in texts or parts[:1]:  # "Z82.49^Family history of ...^I10": the text
                        if "&" not in part:  # subcomponents: a person (OBR-32's interpreter one field early)
                            msg.write("Reason for exam", part, part_at)
        elif kind == "DG1":
            code = msg.components(*field(3))
            if code and code[0][0]:
                msg.out.add(code[0][1], "Diagnosis: ")
                msg.out.add(code[0][1], code[0][0])
                if len(code) > 1 and code[1][0]:
                    msg.out.add(code[1][1], " " + code[1][0])
                msg.out.add(code[0][1] + len(field(3)[0]), "\n")
        elif kind == "OBX":
            kind_of_value = field(2)[0].upper()
            name = msg.components(*field(3))
            label, label_at = name[1] if len(name) > 1 and name[1][0] else name[0]
            value, value_at = field(5)
            if kind_of_value in ("TX", "FT", "ST", "CE", "CWE") and not (kind_of_value == "ST" and len(value) < 40):
                msg.out.add(value_at, "\n")
                msg.write_text(value, value_at)
                msg.out.add(value_at + len(value), "\n")
            elif value:
                msg.out.add(label_at, label + ": ")
                msg.out.add(value_at, value)
                unit = msg.components(*field(6))[0]
                if unit[0]:
                    msg.out.add(unit[1], " " + unit[0].strip("{}"))
                msg.out.add(value_at + len(value), "\n")
        elif kind == "NTE":
            comment, comment_at = field(3)
            msg.write_text(comment, comment_at)
            msg.out.add(comment_at + len(comment), "\n")
