/* opsbook: light/dark toggle (remembered) and the phone navigation drawer.
   The inline script in <head> applies a remembered theme before paint. */
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
  function sync() {
    if (toggle) toggle.setAttribute("aria-pressed", String(effective() === "dark"));
  }
  if (toggle) {
    toggle.setAttribute("aria-label", "Dark theme");
    toggle.addEventListener("click", function () {
      var next = effective() === "dark" ? "light" : "dark";
      html.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode */ }
      sync();
    });
    if (media && media.addEventListener) media.addEventListener("change", sync);
    sync();
  }

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
