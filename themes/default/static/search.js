/* opsbook search: reads the sharded index under search/ (format in src/search.rs),
   fetching only the manifest, the shards of the query's terms and the fragments of the
   results shown. `/` or `s` focuses the box; arrow keys move; Enter opens; Esc closes.
   Without JavaScript the box stays hidden and the contents page is the way in. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!form || !input || !list || !window.fetch) return;

  var STOP = ("an and are as at be by for from if in is it of on or that the this to was with").split(" ");
  var WEIGHT = [8, 6, 2, 6]; // title/heading, item, body, secret
  var LIMIT = 10;
  var base = new URL(form.getAttribute("data-root") || "", document.baseURI);
  var cache = {};
  var manifest = null;
  var active = -1;
  var shown = [];
  var seq = 0;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, base)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return Array.from(w).length >= 2 && STOP.indexOf(w) < 0;
    });
  }

  /* Shards that can hold `term`: the longest key prefixing it, and with `prefix`
     also the keys that start with it (a short term typed so far). */
  function shardsFor(term, prefix) {
    var keys = manifest.keys, best = -1, more = [];
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      if (term.indexOf(k) === 0 && (best < 0 || k.length > keys[best].length)) best = i;
      else if (prefix && k.length > term.length && k.indexOf(term) === 0 && more.length < 6) more.push(i);
    }
    return (best >= 0 ? [best] : []).concat(more);
  }

  /* record id → best field, for every indexed term equal to (or starting with) `term`. */
  function lookup(term, prefix) {
    return Promise.all(shardsFor(term, prefix).map(function (i) {
      return get("search/s/" + i + ".json");
    })).then(function (shards) {
      var hits = {};
      shards.forEach(function (entries) {
        var lo = 0, hi = entries.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (entries[mid][0] < term) lo = mid + 1; else hi = mid; }
        for (var j = lo; j < entries.length; j++) {
          var t = entries[j][0];
          if (t !== term && !(prefix && t.indexOf(term) === 0)) break;
          var v = 0, ds = entries[j][1], exact = t === term ? 1 : 0;
          for (var d = 0; d < ds.length; d++) {
            v += ds[d];
            var rec = Math.floor(v / 4), score = WEIGHT[v % 4] + exact;
            if (!(hits[rec] >= score)) hits[rec] = score;
          }
        }
      });
      return hits;
    });
  }

  function search(query) {
    var words = terms(query);
    if (!words.length) return Promise.resolve([]);
    var last = /[\p{L}\p{N}]$/u.test(query);
    return Promise.all(words.map(function (w, i) {
      return lookup(w, last && i === words.length - 1);
    })).then(function (maps) {
      var scores = maps[0];
      for (var m = 1; m < maps.length; m++) {
        var next = {};
        for (var r in scores) if (maps[m][r] !== undefined) next[r] = scores[r] + maps[m][r];
        scores = next;
      }
      var ids = Object.keys(scores).map(Number).sort(function (a, b) {
        return scores[b] - scores[a] || a - b;
      }).slice(0, LIMIT);
      return Promise.all(ids.map(function (id) {
        return get("search/f/" + Math.floor(id / manifest.frag) + ".json").then(function (rows) {
          return rows[id % manifest.frag];
        });
      })).then(function (rows) { return { rows: rows, words: words }; });
    });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* `text` around the first match, every match wrapped in <mark>. */
  function highlight(text, words, window) {
    var re = new RegExp("(" + words.map(escapeRe).join("|") + ")", "giu");
    if (window) {
      var at = text.search(re);
      if (at > 60) text = "…" + text.slice(at - 50);
      if (text.length > 180) text = text.slice(0, 180) + "…";
    }
    return text.split(re).map(function (part, i) {
      return i % 2 ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
    }).join("");
  }

  function render(result) {
    list.innerHTML = "";
    shown = [];
    active = -1;
    if (!result || !input.value.trim()) { close(); return; }
    if (!result.rows.length) {
      list.innerHTML = "<li class=\"search-empty\" role=\"option\" aria-disabled=\"true\">No results</li>";
    }
    result.rows.forEach(function (row, i) {
      if (!row) return;
      var li = document.createElement("li");
      li.id = "search-result-" + i;
      li.setAttribute("role", "option");
      li.className = "search-result search-kind-" + row[0];
      var heading = row[3] ? "<span class=\"search-heading\">" + highlight(row[3], result.words) + "</span>" : "";
      li.innerHTML = "<a href=\"" + escapeHtml(new URL(row[2], base).href) + "\" tabindex=\"-1\">" +
        "<span class=\"search-page\">" + highlight(row[1], result.words) + "</span>" + heading +
        "<span class=\"search-snippet\">" + highlight(row[4], result.words, true) + "</span></a>";
      list.appendChild(li);
      shown.push(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function move(to) {
    if (!shown.length) return;
    if (active >= 0) shown[active].classList.remove("active");
    active = (to + shown.length) % shown.length;
    shown[active].classList.add("active");
    shown[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", shown[active].id);
  }

  function run() {
    var mine = ++seq;
    (manifest ? Promise.resolve(manifest) : get("search/manifest.json").then(function (m) { manifest = m; return m; }))
      .then(function () { return search(input.value); })
      .then(function (result) { if (mine === seq) render(result); })
      .catch(function () {
        if (mine !== seq) return;
        list.innerHTML = "<li class=\"search-empty\" role=\"option\" aria-disabled=\"true\">Search is unavailable</li>";
        list.hidden = false;
      });
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () { if (input.value.trim() && shown.length) { list.hidden = false; } });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); move(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(active - 1); }
    else if (e.key === "Enter") {
      var pick = shown[active >= 0 ? active : 0];
      if (pick) { e.preventDefault(); close(); window.location.href = pick.querySelector("a").href; }
    } else if (e.key === "Escape") { close(); input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var t = e.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener("click", function (e) {
    if (!form.contains(e.target)) close();
  });
})();
