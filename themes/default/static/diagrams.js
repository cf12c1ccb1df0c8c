/* opsbook: draws the page's diagrams (```mermaid blocks, each a <pre class="mermaid">
   holding its source) with static/mermaid.min.js, which only pages with a diagram
   load, before this file. Without JavaScript each diagram shows its source. Dark when
   the page is dark: the toggle's choice, else the system's. */
(function () {
  "use strict";
  var mermaid = window.mermaid;
  if (!mermaid) return;
  var chosen = document.documentElement.getAttribute("data-theme");
  var dark = chosen ? chosen === "dark"
    : !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  // The dark theme's edge labels are grey on grey (below WCAG AA): set their colours.
  var variables = dark
    ? { edgeLabelBackground: "#1f2733", textColor: "#e6edf3", labelTextColor: "#e6edf3" }
    : {};
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: dark ? "dark" : "default",
    themeVariables: variables
  });
  mermaid.run({ querySelector: "pre.mermaid" });
})();
