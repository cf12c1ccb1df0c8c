/* opsbook: the theme button (follow the system, dark, light: each click moves to the
   next, remembered), the phone navigation drawer, and open details on paper (every
   <details> is opened for printing and closed again after). static/early.js applies a
   remembered choice before the first paint. */
(function () {
  "use strict";
  var html = document.documentElement;
  var KEY = "opsbook-theme";
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function effective() {
    var chosen = html.getAttribute("data-theme");
    if (chosen === "light" || chosen === "dark") return chosen;
    return media && media.matches ? "dark" : "light";
  }

  var toggle = document.querySelector(".theme-toggle");
  // The choice: "system" (no data-theme), "dark" or "light"; a click moves to the next.
  function chosen() {
    var c = html.getAttribute("data-theme");
    return c === "dark" || c === "light" ? c : "system";
  }
  var NEXT = { system: "dark", dark: "light", light: "system" };
  var WORDS = { system: "as the system (now %)", dark: "dark", light: "light" };
  function sync() {
    if (!toggle) return;
    var now = chosen(), label = "Theme: " + WORDS[now].replace("%", effective()) +
      ". Switch to " + (NEXT[now] === "system" ? "the system's" : NEXT[now]);
    toggle.setAttribute("aria-label", label);
    toggle.setAttribute("title", label);
    toggle.setAttribute("data-choice", now);
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = NEXT[chosen()];
      if (next === "system") html.removeAttribute("data-theme");
      else html.setAttribute("data-theme", next);
      try {
        if (next === "system") localStorage.removeItem(KEY); else localStorage.setItem(KEY, next);
      } catch (e) { /* private mode */ }
      sync();
    });
    if (media && media.addEventListener) media.addEventListener("change", sync);
    sync();
  }

  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = [].slice.call(document.querySelectorAll("details:not([open])"));
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  var navButton = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  function setOpen(open) {
    html.classList.toggle("nav-open", open);
    if (navButton) {
      navButton.setAttribute("aria-expanded", String(open));
      navButton.setAttribute("aria-label", open ? "Hide navigation" : "Show navigation");
    }
  }
  if (navButton && sidebar) {
    navButton.addEventListener("click", function () {
      var open = !html.classList.contains("nav-open");
      setOpen(open);
      if (open) {
        var target = sidebar.querySelector("[aria-current=page]") || sidebar.querySelector("a");
        if (target) target.focus();
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && html.classList.contains("nav-open")) {
        setOpen(false);
        navButton.focus();
      }
    });
    sidebar.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a")) setOpen(false);
    });
  }
})();
