"""FHIR R4 JSON (a resource or a Bundle) as the report or note text the pipeline reads.

An interface may hand a report over as a FHIR DiagnosticReport with its Observations, and
the ordering side as Conditions, FamilyMemberHistory, a RiskAssessment and a
ServiceRequest. Each resource is written as the lines a document would have ("Patient:
Okonkwo, Chidi Anthony", "Left anterior descending Agatston score: 88", "10-year ASCVD risk:
11.2%", "Family history: father - myocardial infarction at age 51"); what the export marks
as not so stays out or says so: an Observation or Condition entered in error is left out, a
refuted or resolved Condition is written "No <condition>", a prior study's Observation (an
earlier date than the report's) "Prior study (<date>) ...". Each piece maps back to where
its value stands in the JSON, so evidence points into the export.

A C-CDA document keeps its patient and its referring provider in the header's markup
(``cda_header``): they are written as the document's first lines; the rest of the XML is
read as any XML is (``layout.markup_fields``).
"""
from __future__ import annotations

import base64
import binascii
import html
import json
import re
from typing import Any, Optional

from .offsets import OffsetMap, Rewrite

_TAG = re.compile(r"<(/?)(\w+)[^>]*>")
_BLOCK_TAGS = {"p", "div", "tr", "li", "br", "h1", "h2", "h3", "h4", "table", "ul", "ol"}
_GONE = {"entered-in-error"}
_NOT_SO = {"refuted", "resolved", "inactive", "remission"}


def is_fhir(text: str) -> bool:
    return text.lstrip()[:1] == "{" and '"resourceType"' in text


def _text_of(concept: Any) -> str:
    """A CodeableConcept's words: its text, else its first coding's display."""
    if not isinstance(concept, dict):
        return ""
    if concept.get("text"):
        return str(concept["text"])
    for coding in concept.get("coding") or []:
        if isinstance(coding, dict) and coding.get("display"):
            return str(coding["display"])
    return ""


def _codes(concept: Any) -> list[str]:
    return [str(c.get("code")) for c in (concept or {}).get("coding") or [] if isinstance(c, dict) and c.get("code")]


def _status(concept: Any) -> str:
    codes = _codes(concept)
    return codes[0].lower() if codes else ""


def _narrative(div: str) -> str:
    """An XHTML narrative as text: blocks as lines, table cells apart, entities as characters."""
    def tag(m: re.Match) -> str:
        name = m.group(2).lower()
        if name in ("td", "th"):
            return "   " if m.group(1) else ""
        return "\n" if name in _BLOCK_TAGS else ""
    text = html.unescape(_TAG.sub(tag, div))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _attachment_text(attachment: dict) -> str:
    data = attachment.get("data")
    if not data:
        return ""
    try:
        decoded = base64.b64decode(data, validate=True).decode("utf-8")
        return decoded if decoded.isprintable() or "\n" in decoded else data
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return str(data)  # plain text where base64 should be


class _Writer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = Rewrite()
        self.start = 0  # where the current resource starts in the JSON

    def at(self, value: Any) -> int:
        """Where the value stands in the JSON (searched from the current resource on)."""
        if isinstance(value, str):
            needle = json.dumps(value, ensure_ascii=False)[1:-1]
            found = self.text.find(needle, self.start)
            if found == -1:
                found = self.text.find(json.dumps(value)[1:-1], self.start)
        else:
            found = self.text.find(str(value), self.start)
        return found if found != -1 else self.start

    def line(self, label: str, value: Any, source: Any = None) -> None:
        value = str(value).strip() if value is not None else ""
        if not value:
            return
        at = self.at(source if source is not None else value)
        self.out.add(at, f"{label}: " if label else "")
        self.out.add(at, value)
        self.out.add(at, "\n")

    def block(self, title: str, text: str, source: Any) -> None:
        if text.strip():
            at = self.at(source)
            self.out.add(at, f"\n{title}:\n" if title else "\n")
            self.out.add(at, text.strip())
            self.out.add(at, "\n")


def _resources(node: Any) -> list[dict]:
    """The resources of a Bundle (and their contained ones), or the resource itself, in order."""
    if not isinstance(node, dict):
        return []
    if node.get("resourceType") == "Bundle":
        found = []
        for entry in node.get("entry") or []:
            found += _resources((entry or {}).get("resource"))
        return found
    return [node] + [r for c in node.get("contained") or [] for r in _resources(c)]


def _date(value: Any) -> str:
    return str(value)[:10] if value else ""


def _quantity(obs: dict) -> str:
    q = obs.get("valueQuantity")
    if isinstance(q, dict) and q.get("value") is not None:
        return f"{q['value']} {q.get('unit') or q.get('code') or ''}".strip()
    if obs.get("valueString") is not None:
        return str(obs["valueString"])
    if obs.get("valueCodeableConcept"):
        return _text_of(obs["valueCodeableConcept"])
    if obs.get("valueInteger") is not None:
        return str(obs["valueInteger"])
    return ""


def _name(names: Any) -> str:
    for n in names or []:
        if isinstance(n, dict):
            if n.get("text"):
                return str(n["text"])
            given = " ".join(str(g) for g in n.get("given") or [])
            if n.get("family"):
                return f"{n['family']}, {given}".strip(" ,")
    return ""


def fhir_text(text: str) -> Optional[tuple[str, OffsetMap]]:
    try:
        root = json.loads(text)
    except ValueError:
        return None
    resources = _resources(root)
    if not resources:
        return None
    w = _Writer(text)
    report_date = next((_date(r.get("effectiveDateTime")) for r in resources
                        if r.get("resourceType") == "DiagnosticReport" and r.get("effectiveDateTime")), "")
    if not any(r.get("resourceType") == "Patient" for r in resources):
        # no Patient resource: the subject the report, note or order names ("GALLAGHER, SIOBHAN (DOB 07/21/1965)")
        subject = next((r.get("subject") for r in resources if isinstance(r.get("subject"), dict)), None) or {}
        if subject.get("display"):
            w.line("Patient", subject["display"])
        if isinstance(subject.get("identifier"), dict) and subject["identifier"].get("value"):
            w.line("MRN", subject["identifier"]["value"])
    cursor = 0
    for res in resources:
        kind = res.get("resourceType")
        rid = res.get("id")
        found = text.find(f'"{rid}"', cursor) if rid else -1
        w.start = found if found != -1 else cursor
        cursor = max(cursor, w.start)
        status = str(res.get("status") or "").lower()
        if status in _GONE:
            continue
        if kind == "Patient":
            w.line("Patient", _name(res.get("name")), (res.get("name") or [{}])[0].get("family") or _name(res.get("name")))
            ids = [i for i in res.get("identifier") or [] if isinstance(i, dict) and i.get("value")]
            mrn = next((i for i in ids if "MR" in _codes(i.get("type"))), ids[0] if ids else None)
            if mrn:
                w.line("MRN", mrn["value"])
            w.line("DOB", res.get("birthDate"))
        elif kind == "Practitioner":
            w.line("Practitioner", _name(res.get("name")))
        elif kind == "DiagnosticReport":
            w.line("", _text_of(res.get("code")))
            w.line("Report status", status)
            w.line("Exam date", _date(res.get("effectiveDateTime")), res.get("effectiveDateTime"))
            for ref in res.get("basedOn") or []:
                w.line("Order", (ref or {}).get("display"))
            for ref in res.get("resultsInterpreter") or []:
                w.line("Interpreted by", (ref or {}).get("display"))
            div = (res.get("text") or {}).get("div")
            if div:
                w.block("", _narrative(div), div[:40])
            for form in res.get("presentedForm") or []:
                body = _attachment_text(form or {})
                w.block("", body, (form or {}).get("data", "")[:40])
            w.block("IMPRESSION", str(res.get("conclusion") or ""), res.get("conclusion") or "")
        elif kind == "Observation":
            value = _quantity(res)
            when = _date(res.get("effectiveDateTime"))
            label = _text_of(res.get("code"))
            if report_date and when and when < report_date:
                label = f"Prior study ({when}) {label}"
            w.line(label, value, value.split()[0] if value else None)
        elif kind == "Condition":
            verification, clinical = _status(res.get("verificationStatus")), _status(res.get("clinicalStatus"))
            if verification in _GONE:
                continue
            name = _text_of(res.get("code"))
            if verification in _NOT_SO or clinical in _NOT_SO:
                w.line("", f"No {name} ({verification or clinical})", name)
            else:
                w.line("Problem", name)
        elif kind == "FamilyMemberHistory":
            relation = _text_of(res.get("relationship"))
            for condition in res.get("condition") or []:
                age = (condition or {}).get("onsetAge") or {}
                onset = f" at age {age.get('value')}" if age.get("value") is not None else ""
                w.line("Family history", f"{relation} - {_text_of((condition or {}).get('code'))}{onset}",
                       _text_of((condition or {}).get("code")))
        elif kind == "RiskAssessment":
            for p in res.get("prediction") or []:
                p = p or {}
                probability = p.get("probabilityDecimal")
                if probability is None:
                    continue
                percent = round(float(probability) * 100, 1) if float(probability) <= 1 else float(probability)
                outcome = _text_of(p.get("outcome")) or "risk"
                w.line(outcome, f"{percent:g}%", probability)
        elif kind == "ServiceRequest":
            w.line("Order", _text_of(res.get("code")))
            reasons = "; ".join(t for t in (_text_of(r) for r in res.get("reasonCode") or []) if t)
            w.line("Reason for exam", reasons, (res.get("reasonCode") or [{}])[0].get("text") or reasons)
            w.line("Ordering provider", (res.get("requester") or {}).get("display"))
            w.line("Order date", _date(res.get("authoredOn")), res.get("authoredOn"))
        elif kind == "Composition":
            w.line("", res.get("title"))
            for section in res.get("section") or []:
                div = ((section or {}).get("text") or {}).get("div")
                if div:
                    w.block(str((section or {}).get("title") or ""), _narrative(div), div[:40])
        else:
            div = (res.get("text") or {}).get("div")
            if div:
                w.block("", _narrative(div), div[:40])
    result, offsets = w.out.result(len(text))
    return (result, offsets) if result.strip() else None


# --- C-CDA ----------------------------------------------------------------------------------

_RECORD_TARGET = re.compile(r"<recordTarget\b.*?</recordTarget>", re.DOTALL)
_REFERRER = re.compile(r"<participant\b[^>]*typeCode=\"REF\"[^>]*>.*?</participant>", re.DOTALL)
_ID_EXTENSION = re.compile(r"<id\b[^>]*\bextension=\"([^\"]+)\"")
_GIVEN = re.compile(r"<given\b[^>]*>([^<]+)</given>")
_FAMILY = re.compile(r"<family\b[^>]*>([^<]+)</family>")
_BIRTH = re.compile(r"<birthTime\b[^>]*\bvalue=\"(\d{4})(\d{2})(\d{2})")


def cda_header(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A C-CDA document's header, where the markup holds the patient ("<recordTarget>": id,
    <given>, <family>, <birthTime value="19710422"/>) and the referring provider
    (<participant typeCode="REF">), as the lines a document starts with ("Patient: Fontaine,
    Beatriz", "MRN: 00591274", "DOB: 1971-04-22", "Referring provider: Gregory Tamura"),
    before the document itself; each value maps to where it stands in the markup."""
    if "<ClinicalDocument" not in text:
        return None
    out = Rewrite()
    target = _RECORD_TARGET.search(text)
    if target:
        start = target.start()
        family, given = _FAMILY.search(text, start, target.end()), _GIVEN.search(text, start, target.end())
        if family:
            out.add(family.start(1), "Patient: ")
            out.add(family.start(1), family.group(1))
            if given:
                out.add(given.start(1), ", ")
                out.add(given.start(1), given.group(1))
            out.add(family.end(1), "\n")
        ident = _ID_EXTENSION.search(text, start, target.end())
        if ident:
            out.add(ident.start(1), "MRN: ")
            out.add(ident.start(1), ident.group(1) + "\n")
        birth = _BIRTH.search(text, start, target.end())
        if birth:
            out.add(birth.start(1), "DOB: ")
            out.add(birth.start(1), f"{birth.group(1)}-{birth.group(2)}-{birth.group(3)}\n")
    referrer = _REFERRER.search(text)
    if referrer:
        given, family = _GIVEN.search(text, *referrer.span()), _FAMILY.search(text, *referrer.span())
        if family:
            out.add(family.start(1), "Referring provider: ")
            out.add(given.start(1) if given else family.start(1), (given.group(1) + " " if given else ""))
            out.add(family.start(1), family.group(1) + "\n")
    if not out.pieces:
        return None
    out.add(0, "\n")
    out.add(0, text)
    return out.result(len(text))
