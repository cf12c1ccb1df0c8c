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
  var stem = window.opsbookStem || function (word) { return word; };
  var base = new URL(form.getAttribute("data-root") || "", document.baseURI);
  var cache = {};
  var manifest = null;
  var active = -1;
  var shown = [];
  var seq = 0;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, base)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (word) {
      return Array.from(word).length >= 2 && STOP.indexOf(word) < 0;
    });
  }

  /* Shards that can hold `term`: the longest key prefixing it, and with `prefix`
     also the keys that start with it (a short term typed so far). */
  function shardsFor(term, prefix) {
    var keys = manifest.keys, best = -1, more = [];
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (term.indexOf(key) === 0 && (best < 0 || key.length > keys[best].length)) best = i;
      else if (prefix && key.length > term.length && key.indexOf(term) === 0 && more.length < 6) more.push(i);
    }
    return (best >= 0 ? [best] : []).concat(more);
  }

  /* record id → best score, for every indexed term equal to (or starting with) `term`.
     A shard is a sorted list of [term, postings]; postings are delta-coded numbers,
     each `record * 4 + field` (the field indexes WEIGHT). */
  function lookup(term, prefix) {
    return Promise.all(shardsFor(term, prefix).map(function (shard) {
      return get("search/s/" + shard + ".json");
    })).then(function (shards) {
      var hits = {};
      shards.forEach(function (entries) {
        var lo = 0, hi = entries.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (entries[mid][0] < term) lo = mid + 1; else hi = mid; }
        for (var at = lo; at < entries.length; at++) {
          var indexed = entries[at][0];
          if (indexed !== term && !(prefix && indexed.indexOf(term) === 0)) break;
          var posting = 0, deltas = entries[at][1], exact = indexed === term ? 1 : 0;
          for (var i = 0; i < deltas.length; i++) {
            posting += deltas[i];
            var record = Math.floor(posting / 4), score = WEIGHT[posting % 4] + exact;
            if (!(hits[record] >= score)) hits[record] = score;
          }
        }
      });
      return hits;
    });
  }

  /* The hits of one query word: its stem (the index holds every word under its stem
     too), and, for the word still being typed, every term it begins. */
  function lookupWord(word, typing) {
    var root = stem(word);
    var asked = [lookup(root, false)];
    if (typing || root !== word) asked.push(lookup(word, typing));
    return Promise.all(asked).then(function (maps) {
      var hits = maps[0];
      for (var i = 1; i < maps.length; i++) {
        for (var record in maps[i]) if (!(hits[record] >= maps[i][record])) hits[record] = maps[i][record];
      }
      return hits;
    });
  }

  function search(query, all) {
    var words = terms(query);
    if (!words.length) return Promise.resolve([]);
    var last = /[\p{L}\p{N}]$/u.test(query);
    // The last word, still being typed, also matches longer terms.
    return Promise.all(words.map(function (word, i) {
      return lookupWord(word, last && i === words.length - 1);
    })).then(function (maps) {
      // Records that hold every word, scored by the sum.
      var scores = maps[0];
      for (var i = 1; i < maps.length; i++) {
        var next = {};
        for (var record in scores) if (maps[i][record] !== undefined) next[record] = scores[record] + maps[i][record];
        scores = next;
      }
      var ranked = Object.keys(scores).map(Number).sort(function (left, right) {
        return scores[right] - scores[left] || left - right;
      });
      var ids = all ? ranked : ranked.slice(0, LIMIT);
      return Promise.all(ids.map(function (id) {
        return get("search/f/" + Math.floor(id / manifest.frag) + ".json").then(function (rows) {
          return rows[id % manifest.frag];
        });
      })).then(function (rows) {
        var marks = words.concat(words.map(stem));
        return { rows: rows, words: marks, total: ranked.length };
      });
    });
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (char) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[char];
    });
  }

  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* `text` around the first match, every match wrapped in <mark>: a query word, or a
     word starting with a query word's stem ("backups" marks "backup"). */
  function highlight(text, words, window) {
    var re = new RegExp("(" + words.map(function (word) {
      return escapeRe(word) + "[\\p{L}\\p{N}]*";
    }).join("|") + ")", "giu");
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
    // A row: [kind, page title, url, heading, snippet].
    result.rows.forEach(function (row, i) {
      if (!row) return;
      // The link is the option (an option may hold no link: axe's nested-interactive);
      // the list item is only its box.
      var li = document.createElement("li");
      li.setAttribute("role", "none");
      li.className = "search-result search-kind-" + row[0];
      var heading = row[3] ? "<span class=\"search-heading\">" + highlight(row[3], result.words) + "</span>" : "";
      li.innerHTML = "<a id=\"search-result-" + i + "\" role=\"option\" aria-selected=\"false\" href=\"" +
        escapeHtml(new URL(row[2], base).href) + "\" tabindex=\"-1\">" +
        "<span class=\"search-page\">" + highlight(row[1], result.words) + "</span>" + heading +
        "<span class=\"search-snippet\">" + highlight(row[4], result.words, true) + "</span></a>";
      list.appendChild(li);
      shown.push(li);
    });
    if (result.total > result.rows.length) {
      // The last option shows every result.
      var more = document.createElement("li");
      more.setAttribute("role", "none");
      more.className = "search-result search-more";
      more.innerHTML = "<a id=\"search-result-more\" role=\"option\" aria-selected=\"false\" href=\"#\" tabindex=\"-1\">" +
        "Show all " + result.total + " results</a>";
      more.firstChild.addEventListener("click", function (e) { e.preventDefault(); showAll(); });
      list.appendChild(more);
      shown.push(more);
    }
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
    if (active >= 0) {
      shown[active].classList.remove("active");
      shown[active].firstChild.setAttribute("aria-selected", "false");
    }
    active = (to + shown.length) % shown.length;
    shown[active].classList.add("active");
    shown[active].firstChild.setAttribute("aria-selected", "true");
    shown[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", shown[active].firstChild.id);
  }

  function showAll() {
    run(true);
    input.focus();
  }

  function run(all) {
    var mine = ++seq;
    var ready = manifest ? Promise.resolve(manifest)
      : get("search/manifest.json").then(function (loaded) { manifest = loaded; return loaded; });
    ready
      .then(function () { return search(input.value, all === true); })
      .then(function (result) { if (mine === seq) render(result); })
      .catch(function () {
        if (mine !== seq) return;
        list.innerHTML = "<li class=\"search-empty\" role=\"option\" aria-disabled=\"true\">Search is unavailable</li>";
        list.hidden = false;
      });
  }

  input.addEventListener("input", function () { run(false); });
  input.addEventListener("focus", function () { if (input.value.trim() && shown.length) { list.hidden = false; } });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); move(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(active - 1); }
    else if (e.key === "Enter") {
      var pick = shown[active >= 0 ? active : 0];
      if (pick && pick.classList.contains("search-more")) { e.preventDefault(); showAll(); }
      else if (pick) { e.preventDefault(); close(); window.location.href = pick.querySelector("a").href; }
    } else if (e.key === "Escape") { close(); input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var target = e.target, tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener("click", function (e) {
    if (!form.contains(e.target)) close();
  });
})();
