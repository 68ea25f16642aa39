"""Human-readable renderings of one ``AuditResult``: text for a coder, a self-contained
HTML page for one case, and the extraction table of ``extract --format text|table``.

The JSON form is ``AuditResult.contract_dict()`` (CONTRACT.md).
"""
from __future__ import annotations

import html
from typing import Any, Iterable, Optional

from .models import AuditResult, Evidence, Extraction, Finding

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SCALAR_FIELDS = (
    "agatston_total", "volume_score", "mass_score", "percentile", "cac_drs", "risk_category_stated",
    "contrast_administered", "ecg_gated", "signed", "exam_date", "indication", "screening",
    "asymptomatic", "ordering_provider", "ascvd_risk_percent", "intermediate_risk", "impression",
)


def verdict(findings: Iterable[Finding]) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    warn = f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}"
    if counts["error"]:
        text = f"HOLD: {counts['error']} error{'s' if counts['error'] != 1 else ''}"
        return text + (f", {warn}" if counts["warning"] else "")
    return "READY TO RELEASE" + (f" ({warn} to review)" if counts["warning"] else "")


def _where(ev: Evidence) -> str:
    parts = [ev.source]
    if ev.page:
        parts.append(f"p.{ev.page}")
    if ev.section:
        parts.append(ev.section)
    if ev.start is not None:
        parts.append(f"@{ev.start}")
    return " ".join(parts)


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def format_text(result: AuditResult, name: str = "") -> str:
    """One line per finding, worst first, the evidence quoted; a one-line verdict."""
    head = result.claim_id or name or (result.documents["report"].path if "report" in result.documents else "")
    if result.status != "audited":
        return f"{head}  UNREADABLE: {result.error}"
    findings = sorted(result.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    lines = [f"{head}  {verdict(findings)}"]
    for f in findings:
        carc = f" ({f.carc})" if f.carc else ""
        lines.append(f"{f.severity.upper():<8}{f.code}{carc}: {f.message}")
        if f.remedy:
            lines.append(f"{'':<8}fix: {f.remedy}")
        for ev in f.evidence:
            lines.append(f"{'':<8}[{_where(ev)}] \"{_quote(ev.text)}\"")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def extraction_rows(ex: Extraction) -> list[tuple[str, str, str]]:
    """(field, value, where) for every stated field."""
    rows = []
    for name in SCALAR_FIELDS[:1]:
        fact = getattr(ex, name)
        rows.append((name, _show(fact.value if fact else None), _where(fact.evidence) if fact and fact.evidence else ""))
    for key, fact in ex.vessels.items():
        rows.append((f"vessels.{key}", _show(fact.value), _where(fact.evidence) if fact.evidence else ""))
    for name in SCALAR_FIELDS[1:]:
        fact = getattr(ex, name)
        value = fact.value if fact else None
        if name in ("indication", "impression") and value:
            value = _quote(value, 70)
        rows.append((name, _show(value), _where(fact.evidence) if fact and fact.evidence else ""))
    rows.append(("risk_category_expected", _show(ex.risk_category_expected), ""))
    rows.append(("risk_factors", ", ".join(f"{f.name} ({f.source})" for f in ex.risk_factors) or "-", ""))
    rows.append(("symptoms", ", ".join(f"{f.name} ({f.source})" for f in ex.symptoms) or "-", ""))
    for ids in ex.patients:
        for attr in ("name", "mrn", "dob"):
            fact = getattr(ids, attr)
            if fact:
                rows.append((f"patient.{attr}", _show(fact.value), _where(fact.evidence) if fact.evidence else ""))
    return rows


def format_extraction_text(result: AuditResult) -> str:
    doc = next(iter(result.documents.values()), None)
    head = f"{doc.path}  ({doc.source}, {doc.chars} chars" + (f", {doc.pages} pages" if doc.pages else "") + ")" if doc else ""
    rows = extraction_rows(result.extraction or Extraction())
    width = max(len(r[0]) for r in rows)
    return "\n".join([head] + [f"  {f:<{width}}  {v:<40} {w}".rstrip() for f, v, w in rows])


TABLE_COLUMNS = (("agatston", "agatston_total"), ("vessels", None), ("volume", "volume_score"),
                 ("mass", "mass_score"), ("pct", "percentile"), ("cac-drs", "cac_drs"),
                 ("category", "risk_category_stated"), ("contrast", "contrast_administered"),
                 ("gated", "ecg_gated"), ("signed", "signed"), ("exam date", "exam_date"),
                 ("risk factors", None))


def format_extraction_table(items: list[tuple[str, Optional[AuditResult], Optional[str]]]) -> str:
    """One row per document: the main fields of its extraction (or why it is unreadable)."""
    header = ["document"] + [c for c, _ in TABLE_COLUMNS]
    rows = []
    for name, result, error in items:
        if result is None:
            rows.append([name, f"UNREADABLE: {error}"])
            continue
        ex = result.extraction
        row = [name]
        for col, field in TABLE_COLUMNS:
            if col == "vessels":
                row.append(" ".join(f"{k}={_show(v.value)}" for k, v in ex.vessels.items()) or "-")
            elif col == "risk factors":
                row.append(",".join(sorted({f.name for f in ex.risk_factors})) or "-")
            else:
                fact = getattr(ex, field)
                row.append(_show(fact.value if fact else None))
        rows.append(row)
    widths = [max(len(r[i]) for r in [header] + [x for x in rows if len(x) > i]) for i in range(len(header))]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    for r in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return "\n".join(out)


# --- single-case HTML -------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{padding:14px 22px;background:#fff;border-bottom:1px solid #dde1e6}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 8px}
.verdict{font-weight:700}.hold{color:#b42318}.ready{color:#067647}
main{display:grid;grid-template-columns:minmax(320px,1fr) minmax(360px,1.2fr);gap:18px;padding:18px 22px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px 14px;margin-bottom:12px}
.finding{border-left:4px solid #98a2b3}.finding.error{border-color:#d92d20}.finding.warning{border-color:#f79009}
.code{font-family:ui-monospace,monospace;font-weight:600}.sev{font-size:12px;text-transform:uppercase;color:#475467}
pre{white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace;background:#fff;border:1px solid #dde1e6;
border-radius:8px;padding:12px;max-height:70vh;overflow:auto}
mark{background:#fde68a;border-radius:2px}mark.error{background:#fecaca}mark.warning{background:#fed7aa}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 6px;border-bottom:1px solid #eef0f3;
font-size:13px;vertical-align:top}a{color:#175cd3}
"""


def _highlight(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """``text`` with non-overlapping ``<mark>``s (start, end, css class, anchor id)."""
    out, pos = [], 0
    for start, end, cls, anchor in sorted(marks):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark id="{anchor}" class="{cls}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def format_html(result: AuditResult, texts: dict[str, str]) -> str:
    """A self-contained page: verdict, findings linked to their highlighted evidence in the
    report and note text, and the extracted values."""
    e = html.escape
    title = result.claim_id or (result.documents["report"].path if "report" in result.documents else "case")
    findings = sorted(result.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    marks: dict[str, list] = {role: [] for role in texts}
    cards = []
    for i, f in enumerate(findings):
        links = []
        for j, ev in enumerate(f.evidence):
            anchor = f"ev-{i}-{j}"
            if ev.source in marks and ev.start is not None and ev.end is not None:
                marks[ev.source].append((ev.start, ev.end, f.severity, anchor))
                links.append(f'<a href="#{anchor}">{e(ev.source)} {e(_quote(ev.text, 90))}</a>')
            else:
                links.append(f"{e(ev.source)}: {e(_quote(ev.text, 120))}")
        cards.append(
            f'<div class="card finding {e(f.severity)}" id="finding-{i}"><span class="sev">{e(f.severity)}</span> '
            f'<span class="code">{e(f.code)}</span>{" (" + e(f.carc) + ")" if f.carc else ""}'
            f"<div>{e(f.message)}</div>" + (f"<div><b>Fix:</b> {e(f.remedy)}</div>" if f.remedy else "")
            + "".join(f"<div>\u21b3 {link}</div>" for link in links) + "</div>")
    facts = "".join(f"<tr><td>{e(n)}</td><td>{e(v)}</td><td>{e(w)}</td></tr>"
                    for n, v, w in extraction_rows(result.extraction or Extraction()))
    docs = "".join(f"<h2>{e(role.title())}</h2><pre>{_highlight(text, marks.get(role, []))}</pre>"
                   for role, text in texts.items())
    status = verdict(findings) if result.status == "audited" else f"UNREADABLE: {result.error}"
    cls = "hold" if status.startswith(("HOLD", "UNREADABLE")) else "ready"
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{e(title)}</title>"
            f"<style>{_CSS}</style></head><body><header><h1>{e(title)}</h1>"
            f'<div class="verdict {cls}">{e(status)}</div></header><main><section>'
            f"<h2>Findings ({len(findings)})</h2>{''.join(cards) or '<p>No findings.</p>'}"
            f"<h2>Extracted</h2><table><tr><th>field</th><th>value</th><th>where</th></tr>{facts}</table>"
            f"</section><section>{docs}</section></main></body></html>\n")
