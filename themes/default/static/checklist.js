/* opsbook checklists: environment switcher, reader ticks (localStorage), live progress,
   home dashboard, export/import/reset. No dependencies. Text from state files or
   localStorage reaches the page only through textContent.

   The page's data (#opsbook-data, written by the build):
     book, environments, version (null outside a versioned build),
     team: env -> {item id -> {done, by, at, note}} on a runbook page,
           env -> [done item ids] on the home page;
     on a runbook page only: runbook (its id), scope (its environments, [] for all) and
     items: [{id, p: phase index, s: ticked in the source, e: the item's environments}].
   A reader tick is stored under "opsbook:<book>:tick:<version>:<env>:<item id>" as
   JSON {r: runbook id, by?, at?, note?}. */
(() => {
  "use strict";
  var find = (selector, root) => (root || document).querySelector(selector);
  var findAll = (selector, root) => [].slice.call((root || document).querySelectorAll(selector));
  var dataScript = find("#opsbook-data"), data;
  try { data = JSON.parse(dataScript.textContent); } catch (e) { return; }
  // A versioned page does not name its version: it is the folder of the version root.
  var switcher = find(".version-switcher");
  if (data.version == null && switcher) {
    var rootParts = new URL(switcher.getAttribute("data-root") || "./", document.baseURI).pathname
      .split("/").filter(Boolean);
    data.version = decodeURIComponent(rootParts[rootParts.length - 1] || "");
  }
  var storage = window.localStorage, prefix = "opsbook:" + data.book + ":";
  function load(key) { try { return storage.getItem(prefix + key); } catch (e) { return null; } }
  function save(key, value) {
    try { if (value === null) storage.removeItem(prefix + key); else storage.setItem(prefix + key, value); } catch (e) {}
  }
  function ownValue(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }
  function tickKey(env) { return "tick:" + data.version + ":" + env + ":"; }
  // The reader's ticks in env: item id -> {r: runbook, by?, at?, note?}.
  function ticks(env) {
    var byItem = Object.create(null), keyPrefix = prefix + tickKey(env);
    try {
      for (var i = 0; i < storage.length; i++) {
        var key = storage.key(i);
        if (key && key.indexOf(keyPrefix) === 0) {
          var id = key.slice(keyPrefix.length);
          try { byItem[id] = JSON.parse(storage.getItem(key)) || {}; } catch (e) { byItem[id] = {}; }
        }
      }
    } catch (e) {}
    return byItem;
  }
  function setTick(env, id, tick) { save(tickKey(env) + id, tick ? JSON.stringify(tick) : null); }
  var environments = data.items ? (data.scope.length ? data.scope : data.environments) : data.environments;
  if (!environments.length) return;
  var env = environments.indexOf(load("env")) >= 0 ? load("env") : environments[0];
  // On a first visit the environment is the first one: the summary says so until one
  // is picked.
  var firstVisit = environments.length > 1 && environments.indexOf(load("env")) < 0;
  var summary = find("#ck-summary");
  function tell(text) { if (summary && summary.textContent !== text) summary.textContent = text; }
  // The progress line (`tell` is for other news, such as a refused tick).
  function announce(text) {
    tell(firstVisit ? "Showing " + env + ", the first environment: pick yours in the top bar. " + text : text);
  }
  function element(tag, className) { var node = document.createElement(tag); node.className = className; return node; }
  function percent(done, total) { return total ? Math.floor(Math.min(done, total) * 100 / total) : 0; }
  // A server-rendered progress cell (components.html) shows done/total and its bar.
  function fillCell(cell, done, total) {
    if (!cell || !total) return;
    find(".cell-num", cell).textContent = Math.min(done, total) + "/" + total;
    find(".bar-fill", cell).style.width = percent(done, total) + "%";
  }
  function markCurrentEnv() {
    findAll("th[data-env],td[data-env]").forEach((cell) => {
      cell.classList.toggle("env-current", cell.getAttribute("data-env") === env);
    });
  }
  var select = find("#env-select");
  if (select) {
    environments.forEach((name) => {
      var option = document.createElement("option");
      option.value = option.textContent = name;
      select.appendChild(option);
    });
    select.value = env;
    // A page without checklist items (documentation) has nothing the environment
    // changes: the switcher stays hidden there; the choice is kept for the next runbook.
    select.parentNode.hidden = !!data.items && !data.items.length;
    select.addEventListener("change", () => { env = select.value; firstVisit = false; save("env", env); draw(); });
  }
  var draw = data.items ? runbookPage() : dashboard;
  draw();

  function dashboard() {
    var sums = {}; // env -> [done, total, of them the reader's ticks]
    environments.forEach((envName) => {
      var ticksPerRunbook = {}, readerTicks = ticks(envName), teamDone = new Set(ownValue(data.team, envName) || []);
      // A tick the team has done since is counted by the build already: dropped.
      Object.keys(readerTicks).forEach((id) => {
        if (teamDone.has(id)) { setTick(envName, id, null); return; }
        var runbook = readerTicks[id].r;
        ticksPerRunbook[runbook] = (ticksPerRunbook[runbook] || 0) + 1;
      });
      var sum = sums[envName] = [0, 0, 0];
      findAll("tbody tr[data-runbook]").forEach((row) => {
        var cell = find('td[data-env="' + envName + '"]', row);
        if (!cell) return;
        var total = +cell.getAttribute("data-total");
        var done = Math.min(+cell.getAttribute("data-done") + (ticksPerRunbook[row.getAttribute("data-runbook")] || 0), total);
        fillCell(cell, done, total);
        sum[0] += done; sum[1] += total; sum[2] += done - cell.getAttribute("data-done");
      });
      fillCell(find('tfoot td[data-env="' + envName + '"]'), sum[0], sum[1]);
    });
    markCurrentEnv();
    var sum = sums[env];
    announce(env + ": " + sum[0] + " of " + sum[1] + " items done (" + percent(sum[0], sum[1]) + "%), " + sum[2] +
      " of them your ticks");
  }

  // Sets up a runbook page; returns the function that redraws it.
  function runbookPage() {
    var items = Object.create(null), phaseBars = {};
    data.items.forEach((item) => {
      var li = document.getElementById(item.id), box = li && find(":scope > .task-box, :scope > p > .task-box", li);
      if (!box) return;
      item.box = box; item.li = li;
      item.badge = element("span", "task-badge");
      // The badge says who ticked it, or why the box is locked; the box points at it,
      // so a screen reader reads it with the box.
      item.badge.id = "ck-why-" + item.id;
      box.setAttribute("aria-describedby", item.badge.id);
      var label = find("label", item.li);
      (label || box).after(item.badge);
      items[item.id] = item;
    });
    function countsIn(item, envName) {
      var scope = item.e && item.e.length ? item.e : data.scope;
      return !scope.length || scope.indexOf(envName) >= 0;
    }
    function teamEntry(envName, id) { return ownValue(ownValue(data.team, envName), id); }
    // off: not in envName; src: ticked in the source; team: done in the team state;
    // reader: the reader's tick; open: none of these.
    function stateOf(item, envName, readerTicks) {
      if (!countsIn(item, envName)) return "off";
      if (item.s) return "src";
      var entry = teamEntry(envName, item.id);
      if (entry && entry.done) return "team";
      return readerTicks[item.id] ? "reader" : "open";
    }
    // The bar under a phase heading (made on first use), or before the phase's first
    // list when the phase has no heading to link to.
    function phaseBar(phase) {
      if (phaseBars[phase]) return phaseBars[phase];
      var bar = element("div", "phase-progress"), track = element("span", "bar");
      var link = find('#ck-board tr[data-p="' + phase + '"] th a');
      track.appendChild(element("span", "bar-fill")); bar.appendChild(track); bar.appendChild(element("span", "phase-num"));
      var heading = link && document.getElementById(link.getAttribute("href").slice(1));
      if (heading) heading.after(bar);
      else {
        var first = data.items.filter((item) => item.p === phase && item.li)[0];
        if (!first) return null;
        // The outermost list holding the phase's first item.
        for (var list = first.li.parentNode, outer; (outer = list.parentNode.closest("ul,ol")); ) list = outer;
        list.before(bar);
      }
      return (phaseBars[phase] = bar);
    }
    // Done and total per phase and for the page: {phases: {index: [done, total]}, all: [done, total]}.
    function progress(envName, readerTicks) {
      var phases = {}, all = [0, 0];
      data.items.forEach((item) => {
        var state = stateOf(item, envName, readerTicks);
        if (state === "off") return;
        var counts = phases[item.p] || (phases[item.p] = [0, 0]), done = state !== "open";
        counts[0] += done; counts[1]++; all[0] += done; all[1]++;
      });
      return { phases: phases, all: all };
    }
    // Reader ticks that the source or the team has since done are dropped.
    environments.forEach((envName) => {
      var readerTicks = ticks(envName);
      Object.keys(readerTicks).forEach((id) => {
        var item = items[id];
        if (item && /src|team/.test(stateOf(item, envName, readerTicks))) setTick(envName, id, null);
      });
    });
    document.addEventListener("change", (e) => {
      var box = e.target, item = box.matches && box.matches("input.task-box") && items[box.closest("li.task").id];
      if (!item || box.getAttribute("aria-disabled") === "true") return;
      var tickEnv = env, was = stateOf(item, tickEnv, ticks(tickEnv)), serve = serveApi();
      // A team tick can only be undone under `opsbook serve`, in state/<env>.yaml.
      if (was !== "team") setTick(tickEnv, item.id, box.checked ? { r: data.runbook, at: now() } : null);
      else if (!box.checked) { item.undone = tickEnv; }
      // Under `opsbook serve`, live.js also writes the tick to state/<env>.yaml; when it
      // is refused, the box goes back and the summary says why.
      if (serve) Promise.resolve(serve.tick(tickEnv, item.id, box.checked)).catch((error) => {
        if (was !== "team") setTick(tickEnv, item.id, null);
        item.undone = null;
        draw();
        tell("Not saved in state/" + tickEnv + ".yaml: " + String(error.message || error).replace(/^refused: /, ""));
      });
      draw();
    });
    // A locked box does not change (a click or Space on it is stopped).
    document.addEventListener("click", (e) => {
      var box = e.target.closest && e.target.closest("input.task-box[aria-disabled=\"true\"]");
      if (box) e.preventDefault();
    });
    panel(items, stateOf);
    return () => {
      var readerTicks = ticks(env), mine = 0;
      Object.keys(items).forEach((id) => {
        var item = items[id], state = stateOf(item, env, readerTicks), entry = teamEntry(env, id), tick = readerTicks[id];
        // Unticked here under serve, until the rebuilt page shows the team's new state.
        if (state === "team" && item.undone === env) state = "open";
        item.box.checked = state !== "open" && state !== "off";
        // Locked, not disabled: a locked box stays in the tab order and is read with
        // its reason (the badge); the click that would tick it is stopped below.
        var locked = state === "off" || state === "src" || (state === "team" && !serveApi());
        if (locked) item.box.setAttribute("aria-disabled", "true"); else item.box.removeAttribute("aria-disabled");
        item.li.setAttribute("data-ck", state);
        mine += state === "reader";
        var facts = (parts) => parts.filter(Boolean).join(" \u00b7 ");
        item.badge.textContent = state === "src" ? "done in source" : state === "off" ? "not in " + env
          : state === "team" ? facts(["by " + (entry.by || "the team"), (entry.at || "").slice(0, 10), entry.note])
          : state === "reader" ? facts(["your tick", tick.by && "by " + tick.by, tick.note]) : "";
      });
      var current = progress(env, readerTicks);
      Object.keys(current.phases).forEach((phase) => {
        var counts = current.phases[phase], bar = phaseBar(+phase);
        if (!bar) return;
        find(".bar-fill", bar).style.width = percent(counts[0], counts[1]) + "%";
        find(".phase-num", bar).textContent = counts[0] + "/" + counts[1] + " done in " + env;
      });
      environments.forEach((envName) => {
        var counts = envName === env ? current : progress(envName, ticks(envName));
        Object.keys(counts.phases).forEach((phase) => {
          var cell = find('#ck-board td[data-env="' + envName + '"][data-p="' + phase + '"]');
          fillCell(cell, counts.phases[phase][0], counts.phases[phase][1]);
        });
        fillCell(find('#ck-board td[data-env="' + envName + '"][data-p="all"]'), counts.all[0], counts.all[1]);
      });
      findAll(".ck-env").forEach((node) => { node.textContent = env; });
      markCurrentEnv();
      announce(env + ": " + current.all[0] + " of " + current.all[1] + " items done (" +
        percent(current.all[0], current.all[1]) + "%), " + mine + " of them your ticks");
    };
  }

  function now() { return new Date().toISOString().replace(/\.\d+Z$/, "Z"); }
  // live.js's write-back under `opsbook serve`; null on the published site.
  function serveApi() { var serve = window.opsbookServe; return serve && serve.tick ? serve : null; }
  // `text` as a YAML scalar: plain when it cannot be read as anything else, else quoted.
  function yamlScalar(text) {
    text = String(text);
    if (/^[A-Za-z][A-Za-z0-9 ._@\/+-]*$/.test(text) && !/ $/.test(text) &&
      !/^(true|false|yes|no|on|off|null|y|n)$/i.test(text)) return text;
    return JSON.stringify(text).replace(/[\u2028\u2029\ufeff]/g, (char) => "\\u" + char.charCodeAt(0).toString(16));
  }
  // A YAML scalar's text: double- or single-quoted, or plain without a trailing comment.
  function unquote(value) {
    value = value.trim();
    var match = /^"((?:[^"\\]|\\.)*)"/.exec(value);
    if (match) { try { return JSON.parse('"' + match[1] + '"'); } catch (e) { return undefined; } }
    match = /^'((?:[^']|'')*)'/.exec(value);
    if (match) return match[1].replace(/''/g, "'");
    return value.replace(/\s+#.*$/, "").trim();
  }
  // The YAML subset `exportText` writes: `id:` at column 1, then indented `key: value`.
  function parseState(text) {
    var entries = [], entry = null;
    text.replace(/\r\n?/g, "\n").split("\n").forEach((line, index) => {
      if (/^\s*(#|$)/.test(line)) return;
      var match = /^(\s*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#:][^:#]*?)\s*:(?:\s+(.*))?$/.exec(line);
      if (!match) { entries.push({ bad: "line " + (index + 1) + " is not `key: value`" }); entry = null; return; }
      if (!match[1]) { entries.push(entry = Object.create(null)); entry.id = unquote(match[2]); }
      else if (entry) entry[unquote(match[2])] = unquote(match[3] || "");
    });
    return entries;
  }

  // The "Your ticks" panel: export, import and reset of the reader's ticks.
  function panel(items, stateOf) {
    var toggle = find(".ck-toggle"), body = find("#ck-body"), reportBox = find("#ck-report");
    if (!toggle) return;
    toggle.addEventListener("click", () => {
      var open = body.hidden;
      body.hidden = !open;
      toggle.setAttribute("aria-expanded", open);
    });
    function report(head, lines) {
      reportBox.textContent = "";
      var paragraph = document.createElement("p"), list = document.createElement("ul");
      paragraph.textContent = head;
      lines.forEach((text) => { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
      reportBox.appendChild(paragraph); reportBox.appendChild(list);
    }
    function exportText() {
      var readerTicks = ticks(env), by = load("by");
      if (!by) { by = (window.prompt("Your name for the state file (by):") || "").trim(); if (by) save("by", by); }
      var text = "# Ticks in " + env + " exported from the opsbook site" + (by ? " by " + by : "") + ": not the team's\n" +
        "# whole state. Add them to it in the book's folder with\n" +
        "#   opsbook tick --from " + env + ".ticks.yaml --env " + env + "\n\n";
      // Every reader tick of this environment in the book, not only this page's.
      Object.keys(readerTicks).filter((id) => !items[id] || stateOf(items[id], env, readerTicks) === "reader").sort()
        .forEach((id) => {
          var tick = readerTicks[id];
          text += yamlScalar(id) + ":\n  done: true\n";
          if (tick.by || by) text += "  by: " + yamlScalar(tick.by || by) + "\n";
          text += "  at: " + yamlScalar(tick.at || now()) + "\n";
          if (tick.note) text += "  note: " + yamlScalar(tick.note) + "\n";
        });
      return text;
    }
    function importText(text) {
      var applied = [], skipped = [], readerTicks = ticks(env);
      parseState(text).forEach((entry) => {
        var item = entry.id && items[entry.id], reason = entry.bad || (!item ? "unknown item id " + entry.id
          : stateOf(item, env, readerTicks) === "off" ? entry.id + " is not in " + env
          : entry.done !== "true" && entry.done !== "false" ? entry.id + ": done must be true or false"
          : entry.done === "true" && /src|team/.test(stateOf(item, env, readerTicks)) ? entry.id + " is done already" : "");
        if (reason) return skipped.push(reason);
        var tick = entry.done === "true" && { r: data.runbook, by: entry.by, at: entry.at, note: entry.note };
        setTick(env, entry.id, tick);
        applied.push(entry.id + (tick ? " ticked" : " unticked") + (entry.note ? ": " + entry.note : ""));
      });
      draw();
      report("Imported " + applied.length + ", skipped " + skipped.length + " (" + env + ").",
        applied.concat(skipped.map((reason) => "skipped: " + reason)));
    }
    window.opsbookChecklist = { exportText: exportText, importText: importText };
    find('[data-ck="export"]').addEventListener("click", () => {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([exportText()], { type: "text/yaml" }));
      link.download = env + ".ticks.yaml";
      document.body.appendChild(link); link.click(); link.remove();
      report("Exported " + env + ".ticks.yaml: your ticks only, not the team's state file, so do not commit it as state/" +
        env + ".yaml. To add them to the team's state:", [
        "in the book's folder, run: opsbook tick --from " + env + ".ticks.yaml --env " + env,
        "then commit state/" + env + ".yaml (the ticks the team has made meanwhile are kept)"]);
    });
    var fileInput = find("#ck-import");
    fileInput.addEventListener("change", () => {
      var file = fileInput.files[0];
      if (!file) return;
      file.text().then(importText);
      fileInput.value = "";
    });
    find('[data-ck="reset"]').addEventListener("click", () => {
      var readerTicks = ticks(env), mine = Object.keys(readerTicks).filter((id) => items[id]);
      if (!window.confirm("Clear your " + mine.length + " ticks in " + env + " on this page?")) return;
      mine.forEach((id) => { setTick(env, id, null); });
      draw();
      report("Cleared " + mine.length + " ticks in " + env + ".", []);
    });
  }
})();
