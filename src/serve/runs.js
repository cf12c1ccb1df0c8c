// opsbook serve: the run controls (SPEC.md §11). Served only by `opsbook serve` (as
// /_opsbook/runs.js) next to live.js; the built site never loads it, so a published
// run page is read-only.
//  - a runbook page gets "Start a run": an environment of the runbook, or a person;
//  - a run's page gets, while the run is open: Done / Undo, Skip (with a reason), Note
//    (a note and an evidence link) per item, Sign off per unsigned gate, Finish and
//    Abort (with a reason);
//  - each is one POST /_opsbook/run with the page's token, written by the server as
//    `opsbook run …` writes it; the server rebuilds and live.js reloads the page;
//  - the operator's name is set once in the page and kept in localStorage;
//  - every answer (a refusal's sentence too) goes to the page's aria-live status.
// Text from the page or the server reaches the DOM only through textContent.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="opsbook-serve-token"]');
  if (!meta || !meta.getAttribute("content")) return;
  var token = meta.getAttribute("content");
  var NAME_KEY = "opsbook-operator";
  var PENDING_KEY = "opsbook-run-opening";
  var uid = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function field(labelText, input) {
    var id = "run-f" + (++uid);
    input.id = id;
    var label = el("label", { "for": id });
    label.appendChild(el("span", {}, labelText));
    label.appendChild(input);
    return label;
  }

  function button(text, cls, label) {
    var b = el("button", { type: "button", "class": "run-btn" + (cls ? " " + cls : "") }, text);
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  var status;
  function say(text, refused) {
    if (!status) return;
    status.textContent = text;
    if (refused) status.setAttribute("data-kind", "refused");
    else status.removeAttribute("data-kind");
  }

  var nameInput = el("input", { type: "text", autocomplete: "name", maxlength: "80", "data-run-name": "" });
  try { nameInput.value = localStorage.getItem(NAME_KEY) || ""; } catch (e) { /* private mode */ }
  nameInput.addEventListener("change", function () {
    try { localStorage.setItem(NAME_KEY, nameInput.value.trim()); } catch (e) { /* private mode */ }
  });

  function send(body) {
    var by = nameInput.value.trim();
    if (!by) {
      say("Set your name first: it is recorded with every step.", true);
      nameInput.focus();
      return Promise.reject(new Error("no name"));
    }
    try { localStorage.setItem(NAME_KEY, by); } catch (e) { /* private mode */ }
    body.by = by;
    say("Writing…");
    return fetch("/_opsbook/run", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Opsbook-Token": token },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      if (response.ok) return response.json();
      return response.text().then(function (text) {
        say(text.trim(), true);
        throw new Error(text.trim());
      });
    }).then(function (answer) {
      say("Saved by " + by + ". The page updates in a moment.");
      return answer;
    });
  }

  // A small form that opens under an item or the controls: inputs, then Save / Cancel.
  function inlineForm(host, inputs, saveText, onSave) {
    var old = host.querySelector(":scope > .run-form");
    if (old) { old.remove(); return; }
    var form = el("form", { "class": "run-form" });
    inputs.forEach(function (pair) { form.appendChild(field(pair[0], pair[1])); });
    var save = el("button", { type: "submit", "class": "run-btn run-btn-primary" }, saveText);
    var cancel = button("Cancel");
    form.appendChild(save);
    form.appendChild(cancel);
    cancel.addEventListener("click", function () { form.remove(); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      onSave().catch(function () { /* said in the status */ });
    });
    host.appendChild(form);
    if (inputs[0]) inputs[0][1].focus();
  }

  function runPage(article) {
    var run = article.getAttribute("data-run");
    status = article.querySelector("[data-run-status]");
    if (article.getAttribute("data-result") !== "open") return;
    var controls = article.querySelector("[data-run-controls]");
    controls.appendChild(field("Your name", nameInput));
    var finish = button("Finish the run", "run-btn-primary");
    finish.setAttribute("data-run-finish", "");
    var abort = button("Abort…");
    controls.appendChild(finish);
    controls.appendChild(abort);
    controls.hidden = false;
    finish.addEventListener("click", function () {
      send({ action: "finish", run: run }).catch(function () {});
    });
    abort.addEventListener("click", function () {
      var reason = el("input", { type: "text", required: "" });
      inlineForm(controls, [["Why abort?", reason]], "Abort the run", function () {
        return send({ action: "abort", run: run, reason: reason.value });
      });
    });
    article.querySelectorAll(".run-phase:not(.run-orphans)").forEach(function (section) {
      var phase = section.getAttribute("data-phase");
      var title = section.querySelector("h2");
      var phaseName = title ? title.textContent.replace(/\s*\d+\/\d+$/, "") : phase;
      if (section.getAttribute("data-gate") === "open") {
        var sign = button("Sign off", "", "Sign off " + phaseName);
        sign.setAttribute("data-run-sign", phase);
        var meta = section.querySelector(".run-phase-meta");
        meta.appendChild(sign);
        sign.addEventListener("click", function () {
          send({ action: "sign", run: run, phase: phase }).catch(function () {});
        });
      }
      section.querySelectorAll(".run-item[data-item]").forEach(function (li) {
        itemControls(run, li);
      });
    });
  }

  function itemControls(run, li) {
    var item = li.getAttribute("data-item");
    var text = li.querySelector(".run-item-text");
    var name = text ? text.textContent : item;
    var open = li.getAttribute("data-standing") === "open";
    var box = el("span", { "class": "run-act" });
    var main = open ? button("Done", "run-btn-primary", "Done: " + name) : button("Undo", "", "Undo: " + name);
    main.setAttribute("data-run-act", open ? "tick" : "untick");
    box.appendChild(main);
    main.addEventListener("click", function () {
      send({ action: open ? "tick" : "untick", run: run, item: item }).catch(function () {});
    });
    if (open) {
      var skip = button("Skip…", "", "Skip: " + name);
      skip.setAttribute("data-run-act", "skip");
      box.appendChild(skip);
      skip.addEventListener("click", function () {
        var reason = el("input", { type: "text", required: "", "data-run-reason": "" });
        inlineForm(li, [["Why skip it?", reason]], "Skip", function () {
          return send({ action: "skip", run: run, item: item, reason: reason.value });
        });
      });
    }
    var note = button("Note…", "", "Note or evidence: " + name);
    note.setAttribute("data-run-act", "note");
    box.appendChild(note);
    note.addEventListener("click", function () {
      var noteText = el("input", { type: "text" });
      var link = el("input", { type: "url", placeholder: "https://…" });
      inlineForm(li, [["Note", noteText], ["Evidence link", link]], "Add", function () {
        return send({
          action: "note", run: run, item: item, note: noteText.value,
          evidence: link.value.trim() ? [link.value.trim()] : []
        });
      });
    });
    (text || li).after(box);
  }

  // The run's page is made by the rebuild the write started: open it once it is served.
  // A busy machine can take a while to rebuild a large book, so it waits up to 60 s
  // (opening it early would show the 404 page).
  var OPEN_TRIES = 600;
  function openWhenBuilt(url, tries) {
    fetch(url, { method: "HEAD", credentials: "same-origin" }).then(function (r) {
      if (r.ok || tries <= 0) location.assign(url);
      else setTimeout(function () { openWhenBuilt(url, tries - 1); }, 100);
    }, function () { setTimeout(function () { openWhenBuilt(url, tries - 1); }, 100); });
  }

  function runbookPage() {
    var dataEl = document.getElementById("opsbook-data");
    var article = document.querySelector("article.doc[data-page]");
    if (!dataEl || !article) return;
    var data;
    try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
    if (!data.runbook || !data.items || !data.items.length) return;
    var envs = data.scope && data.scope.length ? data.scope : (data.environments || []);
    var section = el("section", { "class": "runs-section run-start", "aria-labelledby": "run-start-title" });
    section.appendChild(el("h2", { id: "run-start-title" }, "Start a run"));
    section.appendChild(el("p", {}, "A run records who did each step and when, in runs/ (commit it like state/)."));
    var form = el("form", { "class": "run-form", "data-run-start": "" });
    var select = el("select", { "data-run-env": "" });
    envs.forEach(function (env) { select.appendChild(el("option", { value: env }, env)); });
    select.appendChild(el("option", { value: "" }, "a person (onboarding)"));
    var person = el("input", { type: "text", "data-run-for": "" });
    form.appendChild(field("Your name", nameInput));
    form.appendChild(field("For", select));
    var personLabel = field("Person's name", person);
    personLabel.hidden = envs.length > 0;
    form.appendChild(personLabel);
    select.addEventListener("change", function () { personLabel.hidden = select.value !== ""; });
    form.appendChild(el("button", { type: "submit", "class": "run-btn run-btn-primary" }, "Start"));
    section.appendChild(form);
    status = el("p", { "class": "run-status", role: "status", "aria-live": "polite" });
    section.appendChild(status);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = { action: "start", runbook: data.runbook };
      if (select.value) body.env = select.value; else body["for"] = person.value;
      // The rebuild that writing the run starts would reload this page (its Runs
      // section changed), maybe before the answer arrives: hold reloads until then.
      var serve = window.opsbookServe;
      var release = serve && serve.hold ? serve.hold() : function () {};
      send(body).then(function (answer) {
        // Should a reload still come first, the new run's address survives it.
        try { sessionStorage.setItem(PENDING_KEY, "/" + answer.href); } catch (err) { /* private mode */ }
        openWhenBuilt("/" + answer.href, OPEN_TRIES);
      }).catch(release);
    });
    article.after(section);
  }

  var pending = null;
  try {
    pending = sessionStorage.getItem(PENDING_KEY);
    if (pending === location.pathname || !pending) sessionStorage.removeItem(PENDING_KEY);
  } catch (e) { /* private mode */ }
  if (pending && pending !== location.pathname) {
    openWhenBuilt(pending, OPEN_TRIES);
    return;
  }
  var article = document.querySelector("article.run[data-run]");
  if (article) runPage(article);
  else runbookPage();
})();
