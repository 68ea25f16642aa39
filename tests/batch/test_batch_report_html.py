"""report.html: one self-contained file, checked in a real headless Chromium — it loads
without console errors, the case filter works, and a case page highlights every evidence
span and links it to its finding."""
from __future__ import annotations

import json
import re
import time
import zlib
import sqlite3

from batch_helpers import build_case_set, read_results, run_batch

COVERED = """
(function (role, start, end) {
  var pre = document.querySelector('#doc-' + role + ' pre');
  var walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT), pos = 0, ok = true, n;
  while ((n = walker.nextNode())) {
    var a = Math.max(start, pos), b = Math.min(end, pos + n.data.length);
    if (a < b && !n.parentElement.closest('mark')) ok = false;
    pos += n.data.length;
  }
  return ok;
})"""
ANCHOR_OFFSET = """
(function (role, id) {
  var pre = document.querySelector('#doc-' + role + ' pre'), anchor = document.getElementById(id);
  if (!anchor || !pre.contains(anchor)) return -1;
  var range = document.createRange();
  range.setStart(pre, 0);
  range.setEndBefore(anchor);
  return range.toString().length;
})"""


def url(out, fragment=""):
    return (out / "report.html").as_uri() + fragment


def visible_keys(browser):
    return browser.eval("Array.from(document.querySelectorAll('#case-table tbody tr')).map(r => r.dataset.key)")


def set_filter(browser, name, value):
    browser.eval(f"var s = document.getElementById('filter-{name}'); s.value = {json.dumps(value)};"
                 "s.dispatchEvent(new Event('change')); 0")


def texts(out):
    with sqlite3.connect(out / "audit.sqlite") as db:
        return {(key, role): zlib.decompress(blob).decode() for key, role, blob in
                db.execute("SELECT case_id, role, text_z FROM documents WHERE text_z IS NOT NULL")}


def test_report_html_is_one_self_contained_file(demo_run):
    page = (demo_run["out"] / "report.html").read_text()
    assert not re.search(r"<(?:link|img|iframe|object|embed)\b", page, re.I)
    assert not re.search(r"\ssrc\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert re.findall(r'href="([^"#][^"]*)"', page) == []  # links stay inside the file
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing


def test_report_html_loads_without_console_errors(demo_run, browser):
    browser.open(url(demo_run["out"]))
    assert browser.eval("document.documentElement.dataset.ready") == "1"
    assert len(visible_keys(browser)) == demo_run["n_rows"]
    assert browser.eval("document.querySelectorAll('.chart svg rect').length") > 0
    tiles = browser.eval("Array.from(document.querySelectorAll('.tile')).map(t => t.innerText)")
    assert any("Dollars at risk" in t for t in tiles)
    assert browser.console_errors() == []


def test_report_html_filters_cases_by_code_payer_and_severity(demo_run, browser):
    results = read_results(demo_run["out"])
    browser.open(url(demo_run["out"]))
    codes = sorted({f["code"] for r in results for f in r["findings"]})
    assert codes, "the demo run has no findings to filter on"
    code = min(codes, key=lambda c: abs(sum(c in {f["code"] for f in r["findings"]} for r in results) - 5))
    set_filter(browser, "code", code)
    assert visible_keys(browser) == [r["case_id"] for r in results if code in {f["code"] for f in r["findings"]}]
    set_filter(browser, "code", "")

    with sqlite3.connect(demo_run["out"] / "audit.sqlite") as db:
        aetna = [k for (k,) in db.execute("SELECT case_id FROM cases WHERE payer_name='Aetna' ORDER BY row")]
    assert aetna
    set_filter(browser, "payer", "Aetna")
    assert visible_keys(browser) == aetna
    set_filter(browser, "payer", "")

    set_filter(browser, "severity", "unreadable")
    assert visible_keys(browser) == [r["case_id"] for r in results if r["status"] == "unreadable"]
    set_filter(browser, "severity", "error")
    assert visible_keys(browser) == [r["case_id"] for r in results
                                     if any(f["severity"] == "error" for f in r["findings"])]
    counts = browser.eval("document.getElementById('match-count').textContent")
    assert counts.startswith(f"{len(visible_keys(browser))} of {demo_run['n_rows']} cases")
    assert browser.console_errors() == []


def test_report_html_case_page_highlights_every_evidence_span(demo_run, browser):
    out = demo_run["out"]
    raw = texts(out)
    with_spans = [r for r in read_results(out) if any(
        ev["source"] in ("report", "note") and ev.get("start") is not None
        for f in r["findings"] for ev in f["evidence"])]
    assert with_spans, "no finding in the demo run has evidence in a document"
    case = with_spans[0]
    browser.open(url(out, "#case/" + case["case_id"]))
    time.sleep(0.2)
    assert browser.eval("document.getElementById('case-title').textContent").startswith("Case " + case["case_id"])
    for role in ("report", "note"):
        if (case["case_id"], role) in raw:  # highlighting keeps the document text intact
            assert browser.eval(f"document.querySelector('#doc-{role} pre').textContent") == raw[(case["case_id"], role)]
    checked = 0
    for fi, finding in enumerate(case["findings"]):
        assert browser.eval(f"document.getElementById('finding-{fi}').dataset.code") == finding["code"]
        for ei, ev in enumerate(finding["evidence"]):
            if ev["source"] not in ("report", "note") or ev.get("start") is None:
                continue
            anchor = f"ev-{fi}-{ei}"
            assert browser.eval(f"{ANCHOR_OFFSET}({json.dumps(ev['source'])}, {json.dumps(anchor)})") == ev["start"]
            assert browser.eval(f"{COVERED}({json.dumps(ev['source'])}, {ev['start']}, {ev['end']})") is True
            # the highlight links to a finding, the finding's evidence links to the highlight
            ref = browser.eval(f"document.getElementById('{anchor}').closest('mark').dataset.ref")
            browser.eval(f"document.getElementById('{anchor}').closest('mark').click(); 0")
            assert browser.eval(f"document.getElementById('{ref}').classList.contains('flash')") is True
            browser.eval(f"document.querySelector('[data-target=\"{anchor}\"]').click(); 0")
            assert browser.eval(f"document.getElementById('{anchor}').classList.contains('flash')") is True
            checked += 1
    assert checked
    assert browser.eval("document.querySelectorAll('mark.ev').length") >= checked
    browser.eval("location.hash = '#cases'; 0")
    time.sleep(0.1)
    assert browser.eval("document.getElementById('overview').hidden") is False
    assert browser.console_errors() == []


def test_report_html_document_text_cannot_inject_markup(tmp_path, browser):
    from batch_helpers import CORPUS

    cases = build_case_set(tmp_path / "cases", 1)
    hostile = "\n</script><script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> <b>bold</b>\n"
    (cases.folder / "docs" / "hostile.txt").write_text((CORPUS / "reports" / "r001.txt").read_text() + hostile)
    cases.manifest.write_text(f"case_id,report,note,claim\n{cases.case_ids[0]},docs/hostile.txt,,\n")
    out = tmp_path / "out"
    assert run_batch(cases.manifest, out).returncode == 0
    browser.open(url(out, "#case/" + cases.case_ids[0]))
    time.sleep(0.2)
    assert browser.eval("typeof window.pwned") == "undefined"
    assert browser.eval("document.querySelectorAll('#doc-report pre b, #doc-report pre img').length") == 0
    assert "</script><script>window.pwned = 1</script>" in browser.eval(
        "document.querySelector('#doc-report pre').textContent")
    assert browser.console_errors() == []
