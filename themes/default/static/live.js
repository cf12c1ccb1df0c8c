// opsbook serve: the live-reload client. Injected only by `opsbook serve` (as
// /_opsbook/live.js); a built site never loads it.
//  - listens to /_opsbook/events (Server-Sent Events, JSON messages with a `kind`);
//  - reloads this page when it (or a shared file such as toc.js) changed, keeping the
//    scroll position; moves to the nearest existing page when this one was deleted;
//  - shows the error overlay while the book has errors, removes it when fixed; its
//    Hide button and Esc put it away;
//  - shows the stream's state on <html data-live="connecting|open|closed"> (tests
//    wait on it; a theme may style it);
//  - window.opsbookServe.tick(env, id, done, note) writes a tick to state/<env>.yaml;
//    window.opsbookServe.hold() defers reloads until the function it returns is called.
(function () {
  "use strict";
  var SCROLL_KEY = "opsbook-serve-scroll:" + location.pathname;

  function sitePath() {
    var path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    return path;
  }

  function restoreScroll() {
    var saved = sessionStorage.getItem(SCROLL_KEY);
    if (saved === null) return;
    sessionStorage.removeItem(SCROLL_KEY);
    var top = parseInt(saved, 10) || 0;
    window.scrollTo(0, top);
    // Late layout (fonts, images) may move things: try once more.
    window.addEventListener("load", function () { window.scrollTo(0, top); });
  }

  function reloadKeepingScroll() {
    sessionStorage.setItem(SCROLL_KEY, String(window.scrollY));
    location.reload();
  }

  function goTo(path) {
    location.replace("/" + path.replace(/index\.html$/, ""));
  }

  function showOverlay(html) {
    hideOverlay();
    var holder = document.createElement("div");
    holder.innerHTML = html; // built and escaped by the server
    if (holder.firstElementChild) document.body.appendChild(holder.firstElementChild);
  }

  function hideOverlay() {
    var old = document.getElementById("opsbook-overlay");
    if (old) old.remove();
  }

  // The overlay's Hide button and Esc put it away until the next failed build.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-opsbook-dismiss]")) hideOverlay();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hideOverlay();
  });

  function onBuilt(msg) {
    var here = sitePath();
    hideOverlay();
    if (msg.removed.indexOf(here) >= 0) {
      goTo(msg.moved[here] || "index.html");
      return;
    }
    var mine = msg.changed.some(function (path) {
      return path === here || path === "*" || !/\.html$/.test(path);
    });
    if (!mine) return;
    if (holds > 0) deferred = true;
    else reloadKeepingScroll();
  }

  // While a page waits for the answer to something it asked the server (a run being
  // started: runs.js), a rebuild does not reload it, so the answer is not lost; the
  // reload happens when the hold is released, unless the page moved on.
  var holds = 0;
  var deferred = false;
  function hold() {
    holds += 1;
    var released = false;
    return function release() {
      if (released) return;
      released = true;
      holds -= 1;
      if (holds === 0 && deferred) {
        deferred = false;
        reloadKeepingScroll();
      }
    };
  }

  function setState(state) {
    document.documentElement.dataset.live = state;
  }

  function connect() {
    setState("connecting");
    var source = new EventSource("/_opsbook/events");
    source.onopen = function () { setState("open"); };
    source.onerror = function () {
      // CONNECTING: it retries by itself; CLOSED: it gave up.
      setState(source.readyState === EventSource.CLOSED ? "closed" : "connecting");
    };
    source.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.kind === "built") onBuilt(msg);
      else if (msg.kind === "failed") showOverlay(msg.overlay);
    };
    // EventSource reconnects by itself after a server restart.
  }

  function token() {
    var meta = document.querySelector('meta[name="opsbook-serve-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // The write-back API (SERVE-DOCS.md): resolves to {ok: true}, rejects with an Error
  // whose message is the server's reason.
  window.opsbookServe = {
    hold: hold,
    tick: function (env, id, done, note) {
      return fetch("/_opsbook/tick", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Opsbook-Token": token() },
        body: JSON.stringify({ env: env, id: id, done: !!done, note: note == null ? null : String(note) }),
        credentials: "same-origin"
      }).then(function (response) {
        if (response.ok) return response.json();
        return response.text().then(function (text) { throw new Error(text.trim()); });
      });
    }
  };

  restoreScroll();
  connect();
})();
