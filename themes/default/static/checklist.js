/* opsbook checklists: environment switcher, reader ticks (localStorage), live progress,
   home dashboard, export/import/reset. No dependencies. Text from state files or
   localStorage reaches the page only through textContent. */
(() => {
  "use strict";
  var q = (s, r) => (r || document).querySelector(s);
  var qa = (s, r) => [].slice.call((r || document).querySelectorAll(s));
  var data = q("#opsbook-data"), D;
  try { D = JSON.parse(data.textContent); } catch (e) { return; }
  // A versioned page does not name its version: it is the folder of the version root.
  var vs = q(".version-switcher");
  if (D.version == null && vs) {
    var vp = new URL(vs.getAttribute("data-root") || "./", document.baseURI).pathname.split("/").filter(Boolean);
    D.version = decodeURIComponent(vp[vp.length - 1] || "");
  }
  var LS = window.localStorage, P = "opsbook:" + D.book + ":";
  function get(k) { try { return LS.getItem(P + k); } catch (e) { return null; } }
  function put(k, v) { try { if (v === null) LS.removeItem(P + k); else LS.setItem(P + k, v); } catch (e) {} }
  function own(o, k) { return o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; }
  function tk(env) { return "tick:" + D.version + ":" + env + ":"; }
  // The reader's ticks in env: item id -> {r: runbook, by?, at?, note?}.
  function ticks(env) {
    var out = Object.create(null), p = P + tk(env);
    try {
      for (var i = 0; i < LS.length; i++) {
        var k = LS.key(i);
        if (k && k.indexOf(p) === 0) { try { out[k.slice(p.length)] = JSON.parse(LS.getItem(k)) || {}; } catch (e) { out[k.slice(p.length)] = {}; } }
      }
    } catch (e) {}
    return out;
  }
  function setTick(env, id, v) { put(tk(env) + id, v ? JSON.stringify(v) : null); }
  var envs = D.items ? (D.scope.length ? D.scope : D.environments) : D.environments;
  if (!envs.length) return;
  var env = envs.indexOf(get("env")) >= 0 ? get("env") : envs[0];
  var live = q("#ck-summary");
  function say(t) { if (live && live.textContent !== t) live.textContent = t; }
  function mk(t, c) { var x = document.createElement(t); x.className = c; return x; }
  function pct(d, t) { return t ? Math.floor(Math.min(d, t) * 100 / t) : 0; }
  function cell(td, d, t) {
    if (!td || !t) return;
    q(".cell-num", td).textContent = Math.min(d, t) + "/" + t;
    q(".bar-fill", td).style.width = pct(d, t) + "%";
  }
  function mark() {
    qa("th[data-env],td[data-env]").forEach((x) => { x.classList.toggle("env-current", x.getAttribute("data-env") === env); });
  }
  var sel = q("#env-select");
  if (sel) {
    envs.forEach((e) => { var o = document.createElement("option"); o.value = o.textContent = e; sel.appendChild(o); });
    sel.value = env;
    sel.parentNode.hidden = false;
    sel.addEventListener("change", () => { env = sel.value; put("env", env); draw(); });
  }
  var draw = D.items ? page() : dashboard;
  draw();

  function dashboard() {
    var sums = {};
    envs.forEach((e) => {
      var n = {}, t = ticks(e), done = new Set(own(D.team, e) || []);
      // A tick the team has done since is counted by the build already: dropped.
      Object.keys(t).forEach((id) => {
        if (done.has(id)) { setTick(e, id, null); return; }
        var r = t[id].r; n[r] = (n[r] || 0) + 1;
      });
      sums[e] = [0, 0, 0];
      qa("tbody tr[data-runbook]").forEach((tr) => {
        var td = q('td[data-env="' + e + '"]', tr);
        if (!td) return;
        var t0 = +td.getAttribute("data-total"), d = Math.min(+td.getAttribute("data-done") + (n[tr.getAttribute("data-runbook")] || 0), t0);
        cell(td, d, t0);
        sums[e][0] += d; sums[e][1] += t0; sums[e][2] += d - td.getAttribute("data-done");
      });
      cell(q('tfoot td[data-env="' + e + '"]'), sums[e][0], sums[e][1]);
    });
    mark();
    var s = sums[env];
    say(env + ": " + s[0] + " of " + s[1] + " items done (" + pct(s[0], s[1]) + "%), " + s[2] + " of them your ticks");
  }

  function page() {
    var items = Object.create(null), bars = {};
    D.items.forEach((it) => {
      var li = document.getElementById(it.id), box = li && q(":scope > .task-box, :scope > p > .task-box", li);
      if (!box) return;
      it.box = box; it.li = li;
      it.badge = mk("span", "task-badge");
      var lab = q("label", it.li);
      (lab || box).after(it.badge);
      items[it.id] = it;
    });
    function counted(it, e) { var s = it.e && it.e.length ? it.e : D.scope; return !s.length || s.indexOf(e) >= 0; }
    function team(e, id) { return own(own(D.team, e), id); }
    function state(it, e, t) {
      if (!counted(it, e)) return "off";
      if (it.s) return "src";
      var m = team(e, it.id);
      if (m && m.done) return "team";
      return t[it.id] ? "reader" : "open";
    }
    function bar(p) {
      if (bars[p]) return bars[p];
      var b = mk("div", "phase-progress"), r = mk("span", "bar"), a = q('#ck-board tr[data-p="' + p + '"] th a');
      r.appendChild(mk("span", "bar-fill")); b.appendChild(r); b.appendChild(mk("span", "phase-num"));
      var h = a && document.getElementById(a.getAttribute("href").slice(1));
      if (h) h.after(b);
      else {
        var f = D.items.filter((it) => it.p === p && it.li)[0];
        if (!f) return null;
        for (var l = f.li.parentNode, u; (u = l.parentNode.closest("ul,ol")); ) l = u;
        l.before(b);
      }
      return (bars[p] = b);
    }
    function prog(e, t) {
      var ph = {}, all = [0, 0];
      D.items.forEach((it) => {
        var st = state(it, e, t);
        if (st === "off") return;
        var x = ph[it.p] || (ph[it.p] = [0, 0]), d = st !== "open";
        x[0] += d; x[1]++; all[0] += d; all[1]++;
      });
      return { ph: ph, all: all };
    }
    // Reader ticks that the source or the team has since done are dropped.
    envs.forEach((e) => {
      var t = ticks(e);
      Object.keys(t).forEach((id) => { var it = items[id]; if (it && /src|team/.test(state(it, e, t))) setTick(e, id, null); });
    });
    document.addEventListener("change", (ev) => {
      var b = ev.target, it = b.matches && b.matches("input.task-box") && items[b.closest("li.task").id];
      if (!it || b.disabled) return;
      setTick(env, it.id, b.checked ? { r: D.runbook, at: now() } : null);
      var S = window.opsbookServe;
      if (S && S.tick) S.tick(env, it.id, b.checked);
      draw();
    });
    panel(items, state);
    return () => {
      var t = ticks(env), mine = 0;
      Object.keys(items).forEach((id) => {
        var it = items[id], st = state(it, env, t), m = team(env, id), r = t[id];
        it.box.checked = st !== "open" && st !== "off";
        it.box.disabled = st === "off" || st === "src" || st === "team";
        it.li.setAttribute("data-ck", st);
        mine += st === "reader";
        it.badge.textContent = st === "src" ? "done in source" : st === "off" ? "not in " + env
          : st === "team" ? ["by " + (m.by || "the team"), (m.at || "").slice(0, 10), m.note].filter(Boolean).join(" \u00b7 ")
          : st === "reader" ? ["your tick", r.by && "by " + r.by, r.note].filter(Boolean).join(" \u00b7 ") : "";
      });
      var cur = prog(env, t);
      Object.keys(cur.ph).forEach((p) => {
        var x = cur.ph[p], b = bar(+p);
        if (!b) return;
        q(".bar-fill", b).style.width = pct(x[0], x[1]) + "%";
        q(".phase-num", b).textContent = x[0] + "/" + x[1] + " done in " + env;
      });
      envs.forEach((e) => {
        var g = e === env ? cur : prog(e, ticks(e));
        Object.keys(g.ph).forEach((p) => { cell(q('#ck-board td[data-env="' + e + '"][data-p="' + p + '"]'), g.ph[p][0], g.ph[p][1]); });
        cell(q('#ck-board td[data-env="' + e + '"][data-p="all"]'), g.all[0], g.all[1]);
      });
      qa(".ck-env").forEach((x) => { x.textContent = env; });
      mark();
      say(env + ": " + cur.all[0] + " of " + cur.all[1] + " items done (" + pct(cur.all[0], cur.all[1]) + "%), " + mine + " of them your ticks");
    };
  }

  function now() { return new Date().toISOString().replace(/\.\d+Z$/, "Z"); }
  function ys(s) {
    s = String(s);
    if (/^[A-Za-z][A-Za-z0-9 ._@\/+-]*$/.test(s) && !/ $/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s)) return s;
    return JSON.stringify(s).replace(/[\u2028\u2029\ufeff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16));
  }
  function unq(v) {
    v = v.trim();
    var m = /^"((?:[^"\\]|\\.)*)"/.exec(v);
    if (m) { try { return JSON.parse('"' + m[1] + '"'); } catch (e) { return undefined; } }
    m = /^'((?:[^']|'')*)'/.exec(v);
    if (m) return m[1].replace(/''/g, "'");
    return v.replace(/\s+#.*$/, "").trim();
  }
  // The YAML subset `exportText` writes: `id:` at column 1, then indented `key: value`.
  function parse(text) {
    var out = [], cur = null;
    text.replace(/\r\n?/g, "\n").split("\n").forEach((l, n) => {
      if (/^\s*(#|$)/.test(l)) return;
      var m = /^(\s*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#:][^:#]*?)\s*:(?:\s+(.*))?$/.exec(l);
      if (!m) { out.push({ bad: "line " + (n + 1) + " is not `key: value`" }); cur = null; return; }
      if (!m[1]) { out.push(cur = Object.create(null)); cur.id = unq(m[2]); }
      else if (cur) cur[unq(m[2])] = unq(m[3] || "");
    });
    return out;
  }

  function panel(items, state) {
    var tog = q(".ck-toggle"), body = q("#ck-body"), rep = q("#ck-report");
    if (!tog) return;
    tog.addEventListener("click", () => {
      var open = body.hidden;
      body.hidden = !open;
      tog.setAttribute("aria-expanded", open);
    });
    function report(head, lines) {
      rep.textContent = "";
      var p = document.createElement("p"), ul = document.createElement("ul");
      p.textContent = head;
      lines.forEach((t) => { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
      rep.appendChild(p); rep.appendChild(ul);
    }
    function exportText() {
      var t = ticks(env), by = get("by");
      if (!by) { by = (window.prompt("Your name for the state file (by):") || "").trim(); if (by) put("by", by); }
      var s = "# opsbook team state for " + env + ". Edit with `opsbook tick` or by hand.\n\n";
      // Every reader tick of this environment in the book, not only this page's.
      Object.keys(t).filter((id) => !items[id] || state(items[id], env, t) === "reader").sort().forEach((id) => {
        var r = t[id];
        s += ys(id) + ":\n  done: true\n";
        if (r.by || by) s += "  by: " + ys(r.by || by) + "\n";
        s += "  at: " + ys(r.at || now()) + "\n";
        if (r.note) s += "  note: " + ys(r.note) + "\n";
      });
      return s;
    }
    function importText(text) {
      var ok = [], skip = [], t = ticks(env);
      parse(text).forEach((x) => {
        var it = x.id && items[x.id], why = x.bad || (!it ? "unknown item id " + x.id
          : state(it, env, t) === "off" ? x.id + " is not in " + env
          : x.done !== "true" && x.done !== "false" ? x.id + ": done must be true or false"
          : x.done === "true" && /src|team/.test(state(it, env, t)) ? x.id + " is done already" : "");
        if (why) return skip.push(why);
        var v = x.done === "true" && { r: D.runbook, by: x.by, at: x.at, note: x.note };
        setTick(env, x.id, v);
        ok.push(x.id + (v ? " ticked" : " unticked") + (x.note ? ": " + x.note : ""));
      });
      draw();
      report("Imported " + ok.length + ", skipped " + skip.length + " (" + env + ").", ok.concat(skip.map((s) => "skipped: " + s)));
    }
    window.opsbookChecklist = { exportText: exportText, importText: importText };
    q('[data-ck="export"]').addEventListener("click", () => {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([exportText()], { type: "text/yaml" }));
      a.download = env + ".yaml";
      document.body.appendChild(a); a.click(); a.remove();
      report("Exported " + env + ".yaml: commit it as state/" + env + ".yaml.", []);
    });
    var file = q("#ck-import");
    file.addEventListener("change", () => {
      var f = file.files[0];
      if (!f) return;
      f.text().then(importText);
      file.value = "";
    });
    q('[data-ck="reset"]').addEventListener("click", () => {
      var t = ticks(env), mine = Object.keys(t).filter((id) => items[id]);
      if (!window.confirm("Clear your " + mine.length + " ticks in " + env + " on this page?")) return;
      mine.forEach((id) => { setTick(env, id, null); });
      draw();
      report("Cleared " + mine.length + " ticks in " + env + ".", []);
    });
  }
})();
