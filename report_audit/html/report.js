/* report-audit batch report: case table filters and per-case pages.
   All data is embedded in this file; nothing is fetched. Text is inserted as text nodes
   (never innerHTML), so report text cannot inject markup. */
(function () {
  "use strict";
  var INDEX = JSON.parse(document.getElementById("case-index").textContent);
  var PAGE = 200;
  var shown = PAGE;
  var byKey = {};
  INDEX.forEach(function (c, i) { c.i = i; byKey[c.k] = c; });
  var SEV_RANK = { error: 3, warning: 2, info: 1, fact: 0 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var v = attrs[name];
        if (v === null || v === undefined || v === false) return;
        if (name === "text") node.textContent = v;
        else if (name === "cls") node.className = v;
        else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), v);
        else node.setAttribute(name, v);
      });
    }
    (children || []).forEach(function (ch) {
      if (ch === null || ch === undefined) return;
      node.appendChild(typeof ch === "string" ? document.createTextNode(ch) : ch);
    });
    return node;
  }
  function money(v) { return v === null || v === undefined ? "" : "$" + Number(v).toFixed(2); }
  function caseHref(key) { return "#case/" + encodeURIComponent(key); }
  function severityOf(c) {
    if (c.s === "unreadable") return "unreadable";
    return c.e ? "error" : c.w ? "warning" : c.n ? "info" : "clean";
  }

  /* ---------- the case table ---------- */
  var fCode = document.getElementById("filter-code");
  var fPayer = document.getElementById("filter-payer");
  var fSev = document.getElementById("filter-severity");
  var fText = document.getElementById("filter-text");
  var tbody = document.querySelector("#case-table tbody");
  var count = document.getElementById("match-count");
  var more = document.getElementById("more");

  function matches(c) {
    var code = fCode.value, payer = fPayer.value, sev = fSev.value, text = fText.value.trim().toLowerCase();
    if (code && c.c.indexOf(code) < 0) return false;
    if (payer && c.p !== payer) return false;
    if (sev) {
      if (sev === "error" && !c.e) return false;
      if (sev === "warning" && !c.w) return false;
      if (sev === "info" && !c.n) return false;
      if (sev === "clean" && (c.s !== "audited" || c.e || c.w || c.n)) return false;
      if (sev === "unreadable" && c.s !== "unreadable") return false;
    }
    if (text) {
      var hay = [c.k, c.cl, c.o, c.rp, c.p].join(" ").toLowerCase();
      if (hay.indexOf(text) < 0) return false;
    }
    return true;
  }

  function row(c) {
    var sev = severityOf(c);
    return el("tr", { "data-key": c.k, "data-severity": sev }, [
      el("td", { cls: "num" }, [String(c.r)]),
      el("td", null, [el("a", { href: caseHref(c.k), text: c.k })]),
      el("td", null, [el("span", { cls: "sev sev-" + sev, text: sev })]),
      el("td", { text: c.p || "" }),
      el("td", { text: c.o || "" }),
      el("td", { text: c.rp || "" }),
      el("td", { cls: "num", text: String(c.e) }),
      el("td", { cls: "num", text: String(c.w) }),
      el("td", { cls: "code", text: c.s === "unreadable" ? (c.err || "") : c.c.join(" ") }),
      el("td", { cls: "num", text: money(c.cr) })
    ]);
  }

  function renderTable() {
    var hits = INDEX.filter(matches);
    var frag = document.createDocumentFragment();
    hits.slice(0, shown).forEach(function (c) { frag.appendChild(row(c)); });
    tbody.textContent = "";
    tbody.appendChild(frag);
    count.textContent = hits.length + " of " + INDEX.length + " cases match" +
      (hits.length > shown ? " (showing the first " + shown + ")" : "");
    more.hidden = hits.length <= shown;
  }
  function refilter() { shown = PAGE; renderTable(); }
  [fCode, fPayer, fSev].forEach(function (s) { s.addEventListener("change", refilter); });
  fText.addEventListener("input", refilter);
  more.addEventListener("click", function () { shown += PAGE * 5; renderTable(); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var target = document.getElementById("filter-" + a.getAttribute("data-filter"));
      target.value = a.getAttribute("data-value");
      refilter();
      document.getElementById("cases").scrollIntoView();
    });
  });

  /* ---------- a case page ---------- */
  var overview = document.getElementById("overview");
  var caseView = document.getElementById("case-view");

  function flash(node) {
    if (!node) return;
    node.scrollIntoView({ block: "center" });
    node.classList.add("flash");
    setTimeout(function () { node.classList.remove("flash"); }, 1500);
  }

  /* spans: [{start, end, kind, id, label, findings: [i]}] -> a <pre> with <mark>s */
  function highlighted(text, spans) {
    var cuts = { 0: true };
    cuts[text.length] = true;
    spans.forEach(function (s) { cuts[s.start] = true; cuts[s.end] = true; });
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var pre = el("pre");
    var opened = {};
    for (var p = 0; p + 1 < points.length; p++) {
      var a = points[p], b = points[p + 1];
      if (b <= a) continue;
      var cover = spans.filter(function (s) { return s.start <= a && s.end >= b; });
      var piece = text.slice(a, b);
      if (!cover.length) { pre.appendChild(document.createTextNode(piece)); continue; }
      cover.sort(function (x, y) { return SEV_RANK[y.kind] - SEV_RANK[x.kind]; });
      var top = cover[0];
      var mark = el("mark", {
        cls: "ev ev-" + top.kind,
        title: cover.map(function (s) { return s.label; }).join("\n"),
        "data-ref": top.ref
      }, []);
      cover.forEach(function (s) {
        if (!opened[s.id]) { opened[s.id] = true; mark.appendChild(el("span", { id: s.id, "data-evidence": s.ref })); }
      });
      mark.appendChild(document.createTextNode(piece));
      mark.addEventListener("click", (function (ref) {
        return function () { flash(document.getElementById(ref)); };
      })(top.ref));
      pre.appendChild(mark);
    }
    return pre;
  }

  function evidenceLabel(ev) {
    var parts = [ev.source];
    if (ev.page) parts.push("p. " + ev.page);
    if (ev.section) parts.push(ev.section);
    if (ev.start !== null && ev.start !== undefined) parts.push("chars " + ev.start + "\u2013" + ev.end);
    return parts.join(", ");
  }

  function validSpan(ev, docs) {
    var d = docs[ev.source];
    return d && d.text !== null && typeof ev.start === "number" && typeof ev.end === "number" &&
      ev.start >= 0 && ev.end > ev.start && ev.end <= d.text.length;
  }

  function showCase(key) {
    var entry = byKey[key];
    caseView.textContent = "";
    overview.hidden = true;
    caseView.hidden = false;
    window.scrollTo(0, 0);
    var back = el("p", null, [el("a", { href: "#cases", text: "\u2190 all cases" })]);
    caseView.appendChild(back);
    if (!entry) { caseView.appendChild(el("p", { text: "No case " + key + " in this report." })); return; }
    var data = null;
    var script = document.getElementById("case-data-" + entry.i);
    if (script) data = JSON.parse(script.textContent);
    var sev = severityOf(entry);
    caseView.appendChild(el("h2", { id: "case-title" }, ["Case " + entry.k + " ", el("span", { cls: "sev sev-" + sev, text: sev })]));
    var dl = el("dl");
    [["Manifest row", String(entry.r)], ["Claim", entry.cl], ["Payer", entry.p ? entry.p + (entry.pt ? " (" + entry.pt + ")" : "") : ""],
     ["Ordering provider", entry.o], ["Rendering provider", entry.rp], ["Charges", money(entry.ct)],
     ["At risk", money(entry.cr)]].forEach(function (kv) {
      if (kv[1]) { dl.appendChild(el("dt", { text: kv[0] })); dl.appendChild(el("dd", { text: kv[1] })); }
    });
    caseView.appendChild(el("div", { cls: "case-head" }, [dl]));
    if (entry.s === "unreadable") caseView.appendChild(el("div", { cls: "errorbox" }, [el("strong", { text: "Not audited: " }), entry.err || ""]));
    if (!data) {
      caseView.appendChild(el("p", { cls: "muted", text: "The documents of this case are not embedded in this report " +
        "(it embeds a limited number of case pages, cases with error findings first). The store audit.sqlite holds them." }));
      return;
    }
    var docs = {};
    data.documents.forEach(function (d) { docs[d.role] = d; });
    var spans = {};
    function addSpan(ev, kind, id, ref, label) {
      if (!validSpan(ev, docs)) return false;
      (spans[ev.source] = spans[ev.source] || []).push({ start: ev.start, end: ev.end, kind: kind, id: id, ref: ref, label: label });
      return true;
    }
    var left = el("div");
    if (data.lines && data.lines.length) {
      var lt = el("table", null, [el("thead", null, [el("tr", null, ["Code", "Modifiers", "Units", "Date of service", "Charge", "At risk"].map(function (h) { return el("th", { text: h }); }))])]);
      var lb = el("tbody");
      data.lines.forEach(function (l) {
        lb.appendChild(el("tr", null, [el("td", { cls: "code", text: l.code || "" }), el("td", { text: l.modifiers || "" }),
          el("td", { cls: "num", text: l.units === null ? "" : String(l.units) }), el("td", { text: l.date_of_service || "" }),
          el("td", { cls: "num", text: money(l.charge) }), el("td", { text: l.at_risk ? "yes" : "" })]));
      });
      lt.appendChild(lb);
      left.appendChild(el("h3", { text: "Claim lines" }));
      left.appendChild(lt);
    }
    left.appendChild(el("h3", { text: "Findings (" + data.findings.length + ")" }));
    if (!data.findings.length) left.appendChild(el("p", { cls: "muted", text: entry.s === "audited" ? "No findings." : "Not audited." }));
    data.findings.forEach(function (f, fi) {
      var fid = "finding-" + fi;
      var items = el("ul");
      (f.evidence || []).forEach(function (ev, ei) {
        var sid = "ev-" + fi + "-" + ei;
        var ok = addSpan(ev, f.severity, sid, fid, f.code + ": " + f.message);
        var quote = "\u201c" + (ev.text || "") + "\u201d";
        items.appendChild(el("li", null, [
          ok ? el("a", { cls: "ev-link", role: "button", tabindex: "0", "data-target": sid, text: quote,
            onclick: function () { flash(document.getElementById(sid)); } }) : el("span", { text: quote }),
          el("span", { cls: "muted", text: " \u2014 " + evidenceLabel(ev) })
        ]));
      });
      left.appendChild(el("div", { cls: "finding " + f.severity, id: fid, "data-code": f.code }, [
        el("div", null, [el("span", { cls: "sev sev-" + f.severity, text: f.severity }), " ", el("strong", { cls: "code", text: f.code }),
          f.carc ? el("span", { cls: "muted", text: " " + f.carc }) : null]),
        el("div", { text: f.message }),
        f.remedy ? el("div", { cls: "remedy", text: "Remedy: " + f.remedy }) : null,
        (f.evidence || []).length ? items : el("div", { cls: "muted", text: "No evidence span (the documents do not state it)." })
      ]));
    });
    if (data.facts && data.facts.length) {
      left.appendChild(el("h3", { text: "Extracted values" }));
      var ft = el("table", null, [el("thead", null, [el("tr", null, [el("th", { text: "Field" }), el("th", { text: "Value" }), el("th", { text: "Evidence" })])])]);
      var fb = el("tbody");
      data.facts.forEach(function (x, xi) {
        var sid = "fx-" + xi, rid = "fact-" + xi;
        var ok = x.ev ? addSpan(x.ev, "fact", sid, rid, x.f + " = " + x.v) : false;
        fb.appendChild(el("tr", { id: rid }, [el("td", { cls: "code", text: x.f }), el("td", { text: x.v }),
          el("td", null, [x.ev ? (ok ? el("a", { cls: "ev-link", role: "button", tabindex: "0", text: evidenceLabel(x.ev),
            onclick: function () { flash(document.getElementById(sid)); } }) : el("span", { cls: "muted", text: evidenceLabel(x.ev) })) : null])]));
      });
      ft.appendChild(fb);
      left.appendChild(ft);
    }
    var right = el("div");
    right.appendChild(el("p", { cls: "legend" }, [el("span", null, [el("mark", { cls: "ev ev-error", text: "error" })]),
      el("span", null, [el("mark", { cls: "ev ev-warning", text: "warning" })]), el("span", null, [el("mark", { cls: "ev ev-info", text: "info" })]),
      el("span", null, [el("mark", { cls: "ev ev-fact", text: "extracted value" })]), el("span", { cls: "muted", text: "click a highlight to see its finding" })]));
    data.documents.forEach(function (d) {
      if (d.role === "claim") return;
      var head = d.role + ": " + (d.path || "") + (d.source ? " (" + d.source + (d.pages ? ", " + d.pages + " page(s)" : "") + ")" : "");
      var box = el("div", { cls: "doc", id: "doc-" + d.role }, [el("h3", { text: head })]);
      if (d.text === null) box.appendChild(el("div", { cls: "errorbox", text: d.error || "not read" }));
      else box.appendChild(highlighted(d.text, spans[d.role] || []));
      right.appendChild(box);
    });
    caseView.appendChild(el("div", { cls: "two-col" }, [left, right]));
  }

  function showOverview() {
    caseView.hidden = true;
    caseView.textContent = "";
    overview.hidden = false;
  }
  function route() {
    var h = location.hash;
    if (h.indexOf("#case/") === 0) showCase(decodeURIComponent(h.slice(6)));
    else {
      showOverview();
      if (h.length > 1) { var t = document.getElementById(h.slice(1)); if (t) t.scrollIntoView(); }
    }
  }
  window.addEventListener("hashchange", route);
  renderTable();
  route();
  document.documentElement.setAttribute("data-ready", "1");
})();
