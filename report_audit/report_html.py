"""``report.html``: one self-contained file for auditors — no network, no CDN.

The summary (tiles, inline-SVG bar charts, tables by finding code, payer and provider),
a table of every case filterable by finding code, payer and severity, and a page per
case (``#case/<case_id>``) with the claim lines, the findings, the extracted values and
the report and note text in which every evidence span is highlighted and linked to its
finding (and back).

Data is embedded as JSON (``<script type="application/json">``) and rendered by the
inline script with text nodes, so document text can never become markup. Case pages are
parsed only when opened; at most ``max_case_pages`` cases (those with error findings
first, then warnings, then the rest, in manifest order) embed their documents, so a
100,000-case run still gives a file a browser can open. The CSS, the script and the page
skeleton are in ``report_audit/html/``.
"""
from __future__ import annotations

import html
import json
import time
import zlib
from pathlib import Path
from typing import Any, Iterable, Optional

from .batch.outputs import private_output
from .batch.store import ResultStore

ASSETS = Path(__file__).resolve().parent / "html"
MAX_CASE_PAGES = 5000
_SEVERITY_CLASS = {"error": "bar-error", "warning": "bar-warning", "info": "bar-info"}


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _safe(json_text: str) -> str:
    """JSON that cannot close its ``<script>`` element."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_script(element_id: str, data: Any) -> str:
    text = _safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return f'<script type="application/json" id="{element_id}">{text}</script>\n'


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _money(value: Optional[float]) -> str:
    return "" if value is None else f"${value:,.2f}"


# charts -------------------------------------------------------------------------------
def bar_chart(title: str, items: Iterable[tuple[str, float, str]], fmt=lambda v: f"{v:g}",
              width: int = 520, label_width: int = 210) -> str:
    """A horizontal bar chart as inline SVG. ``items``: (label, value, css class)."""
    items = [i for i in items if i[1] is not None]
    bar_h, gap, top = 18, 6, 26
    height = top + max(1, len(items)) * (bar_h + gap) + 6
    peak = max([v for _, v, _ in items] + [0]) or 1
    span = width - label_width - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{_e(title)}"><text class="title" x="4" y="16">{_e(title)}</text>']
    if not items:
        parts.append(f'<text x="4" y="{top + 12}">none</text>')
    for n, (label, value, css) in enumerate(items):
        y = top + n * (bar_h + gap)
        shown = label if len(label) <= 32 else label[:31] + "\u2026"
        w = max(1.0, span * value / peak) if value else 0
        parts.append(
            f'<g><title>{_e(label)}: {_e(fmt(value))}</title>'
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{_e(shown)}</text>'
            f'<rect class="{css}" x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2"></rect>'
            f'<text x="{label_width + w + 5:.1f}" y="{y + 13}">{_e(fmt(value))}</text></g>')
    parts.append("</svg>")
    return '<div class="chart">' + "".join(parts) + "</div>"


def _charts(summary: dict) -> str:
    t = summary["totals"]
    clean = t["audited"] - t["with_error"] - t["with_warning_only"]
    charts = [
        bar_chart("Cases by outcome", [("with an error finding", t["with_error"], "bar-error"),
                                       ("warnings only", t["with_warning_only"], "bar-warning"),
                                       ("no error or warning", clean, "bar-ok"),
                                       ("unreadable", t["unreadable"], "bar-unreadable")]),
        bar_chart("Cases per finding code (top 15)",
                  [(g["name"], g["cases"], _SEVERITY_CLASS.get(g["detail"].split("/")[0], "bar-info"))
                   for g in summary["by_code"][:15]]),
        bar_chart("Dollars at risk by payer (top 10)",
                  [(g["name"], g["charge_at_risk"], "bar-money")
                   for g in sorted(summary["by_payer"], key=lambda g: -g["charge_at_risk"])[:10]],
                  fmt=lambda v: f"${v:,.2f}"),
        bar_chart("Cases with an error finding by ordering provider (top 10)",
                  [(g["name"], g["cases_with_error"], "bar-error") for g in summary["by_ordering_provider"][:10]]),
    ]
    return "\n".join(charts)


# summary --------------------------------------------------------------------------------
def _tiles(summary: dict) -> str:
    t = summary["totals"]
    tiles = [("Cases in the manifest", f"{t['cases']:,}", ""), ("Audited", f"{t['audited']:,}", ""),
             ("Unreadable", f"{t['unreadable']:,}", "unreadable"),
             ("With an error finding", f"{t['with_error']:,}", "error"),
             ("Dollars at risk", _money(t["charge_at_risk"]), "error"),
             ("Charges reviewed", _money(t["charge_total"]), "")]
    return '<div class="tiles">' + "".join(
        f'<div class="tile {c}" data-tile="{_e(label)}"><div class="n">{_e(n)}</div><div class="l">{_e(label)}</div></div>'
        for label, n, c in tiles) + "</div>"


def _table(title: str, table_id: str, columns: list[tuple[str, str]], rows: list[dict], limit: int = 25,
           filter_key: Optional[str] = None) -> str:
    head = "".join(f'<th class="{"num" if num else ""}">{_e(label)}</th>' for label, num in
                   ((label, key in ("cases", "cases_with_error", "errors", "warnings", "findings", "charge_total",
                                    "charge_at_risk")) for label, key in columns))
    body = []
    for g in rows[:limit]:
        cells = []
        for _, key in columns:
            value = g.get(key)
            if key in ("charge_total", "charge_at_risk"):
                cells.append(f'<td class="num">{_e(_money(value))}</td>')
            elif isinstance(value, (int, float)):
                cells.append(f'<td class="num">{value:,}</td>')
            elif key == "name" and filter_key:
                cells.append(f'<td><a href="#cases" data-filter="{filter_key}" data-value="{_e(value)}">{_e(value)}</a></td>')
            else:
                cells.append(f"<td>{_e(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="muted">{len(rows) - limit} more in summary.csv</p>' if len(rows) > limit else ""
    empty = '<p class="muted">none</p>' if not rows else ""
    return (f'<div><h3>{_e(title)}</h3><table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(body) + f"</tbody></table>{empty}{more}</div>")


def _tables(summary: dict) -> str:
    group_cols = [("Name", "name"), ("Cases", "cases"), ("With error", "cases_with_error"), ("Errors", "errors"),
                  ("Warnings", "warnings"), ("Charges", "charge_total"), ("At risk", "charge_at_risk")]
    code_cols = [("Code", "name"), ("Severity", "detail"), ("Cases", "cases"), ("Findings", "findings"),
                 ("At risk (cases with it)", "charge_at_risk")]
    parts = [
        _table("Findings by check code", "by-code", code_cols, summary["by_code"], 50, filter_key="code"),
        _table("Top documentation gaps", "doc-gaps", code_cols, summary["documentation_gaps"], 10, filter_key="code"),
        _table("By payer", "by-payer", [("Payer", "name"), ("Type", "detail")] + group_cols[1:], summary["by_payer"],
               filter_key="payer"),
        _table("By payer type", "by-payer-type", group_cols, summary["by_payer_type"]),
        _table("By ordering provider", "by-ordering", group_cols, summary["by_ordering_provider"]),
        _table("By rendering provider", "by-rendering", group_cols, summary["by_rendering_provider"]),
        _table("Why cases could not be audited", "unreadable-reasons", [("Reason", "name"), ("Cases", "cases")],
               summary["unreadable_reasons"]),
    ]
    return '<div class="tables">' + "".join(parts) + "</div>"


# cases ----------------------------------------------------------------------------------
def _index_entry(case, has_page: bool) -> dict:
    return {"k": case["case_id"], "r": case["row"], "s": case["status"], "err": case["error"],
            "cl": case["claim_id"], "p": case["payer_name"] or "(not stated)", "pt": case["payer_type"],
            "o": case["ordering_provider"], "rp": case["rendering_provider"], "e": case["n_errors"],
            "w": case["n_warnings"], "n": case["n_info"],
            "c": case["finding_codes"].split() if case["finding_codes"] else [],
            "ct": case["charge_total"], "cr": case["charge_at_risk"], "pg": has_page}


def _fact_rows(extraction: Optional[dict]) -> list[dict]:
    rows = []
    for name, value in (extraction or {}).items():
        if value is None or value in ([], {}):
            continue
        if isinstance(value, dict) and "value" in value:
            rows.append({"f": name, "v": _show(value["value"]), "ev": value.get("evidence")})
        elif name == "vessels" and isinstance(value, dict):
            for vessel, fact in value.items():
                if isinstance(fact, dict):
                    rows.append({"f": f"vessels.{vessel}", "v": _show(fact.get("value")), "ev": fact.get("evidence")})
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and "evidence" in item:
                    shown = item.get("name", item.get("value"))
                    rows.append({"f": name, "v": _show(shown), "ev": item.get("evidence")})
        elif not isinstance(value, (dict, list)):
            rows.append({"f": name, "v": _show(value), "ev": None})
    return rows


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _case_page(store: ResultStore, case) -> dict:
    result = json.loads(case["result_json"])
    documents = []
    for doc in store.documents(case["case_id"]):
        text = zlib.decompress(doc["text_z"]).decode("utf-8", "surrogatepass") if doc["text_z"] else None
        documents.append({"role": doc["role"], "path": doc["path"], "source": doc["source"], "pages": doc["pages"],
                          "status": doc["status"], "error": doc["error"], "text": text})
    lines = [{"code": line["code"], "modifiers": line["modifiers"], "units": line["units"],
              "date_of_service": line["date_of_service"], "charge": line["charge"], "at_risk": bool(line["at_risk"])}
             for line in store.claim_lines(case["case_id"])]
    return {"documents": documents, "findings": result.get("findings") or [], "lines": lines,
            "facts": _fact_rows(result.get("extraction"))}


def _page_keys(store: ResultStore, limit: int) -> set[str]:
    query = ("SELECT case_id FROM cases ORDER BY (n_errors > 0) DESC, (n_warnings > 0) DESC, "
             "(status = 'audited') DESC, row LIMIT ?")
    return {key for (key,) in store.db.execute(query, (limit,))}


def write_report(store: ResultStore, summary: dict, path: Path, max_case_pages: int = MAX_CASE_PAGES,
                 title_meta: Optional[str] = None) -> None:
    template = _asset("report.html")
    head, tail = template.split("{{data}}")
    run = store.db.execute("SELECT tool_version, started_at, manifest FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
    meta = title_meta or (
        f"{summary['totals']['cases']:,} cases from {Path(run[2]).name if run else 'a manifest'}; "
        f"generated {time.strftime('%Y-%m-%d %H:%M')} by report-audit {run[0] if run else ''}. "
        "Contains protected health information: keep it where the audit data is kept.")
    codes = [g["name"] for g in summary["by_code"]]
    payers = sorted(g["name"] for g in summary["by_payer"])
    fill = {
        "css": _asset("report.css"), "meta": _e(meta), "tiles": _tiles(summary), "charts": _charts(summary),
        "tables": _tables(summary),
        "code_options": "".join(f'<option value="{_e(c)}">{_e(c)}</option>' for c in sorted(codes)),
        "payer_options": "".join(f'<option value="{_e(p)}">{_e(p)}</option>' for p in payers),
    }
    for key, value in fill.items():
        head = head.replace("{{%s}}" % key, value)
    tail = tail.replace("{{js}}", _asset("report.js"))
    pages = _page_keys(store, max_case_pages)
    with private_output(path) as out:
        out.write(head)
        for i, case in enumerate(store.iter_cases()):
            if case["case_id"] in pages:
                out.write(_json_script(f"case-data-{i}", _case_page(store, case)))
        out.write('<script type="application/json" id="case-index">[')
        for i, case in enumerate(store.iter_cases()):
            entry = json.dumps(_index_entry(case, case["case_id"] in pages), ensure_ascii=False, separators=(",", ":"))
            out.write(("," if i else "") + _safe(entry))
        out.write("]</script>\n")
        out.write(tail)
