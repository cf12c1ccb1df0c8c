/* opsbook: content tabs (MkDocs `=== "Tab"`, Docusaurus `<TabItem>`; see
   src/parse/markdown/tabs.rs). Without JavaScript each panel reads under its label,
   one after the other. Here each set becomes a WAI-ARIA tab list (APG "Tabs with
   automatic activation"): buttons with role=tab, aria-selected and aria-controls,
   panels with role=tabpanel; only the selected tab is in the tab order (roving
   tabindex), and Left/Right/Home/End move to another tab and show it. */
(function () {
  "use strict";
  var sets = document.querySelectorAll("div.tabs");
  for (var s = 0; s < sets.length; s++) setUp(sets[s], s);

  function setUp(set, n) {
    var panels = [];
    for (var c = set.firstElementChild; c; c = c.nextElementSibling) {
      if (c.classList.contains("tab-panel")) panels.push(c);
    }
    if (!panels.length) return;
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var tabs = [];
    var selected = -1;
    panels.forEach(function (panel, i) {
      var label = panel.firstElementChild;
      if (label && !label.classList.contains("tab-label")) label = null;
      var id = "opsbook-tabs-" + n + "-" + i;
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", id);
      tab.textContent = label ? label.textContent : "Tab " + (i + 1);
      if (label) label.hidden = true;
      panel.id = id;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      if (selected < 0 && panel.hasAttribute("data-selected")) selected = i;
      tab.addEventListener("click", function () { select(i, false); });
      tab.addEventListener("keydown", onKey);
      list.appendChild(tab);
      tabs.push(tab);
    });
    set.insertBefore(list, set.firstChild);
    set.classList.add("tabs-ready");
    select(selected < 0 ? 0 : selected, false);

    function select(i, focus) {
      for (var k = 0; k < tabs.length; k++) {
        var on = k === i;
        tabs[k].setAttribute("aria-selected", on ? "true" : "false");
        tabs[k].tabIndex = on ? 0 : -1;
        panels[k].hidden = !on;
      }
      if (focus) tabs[i].focus();
    }

    function onKey(event) {
      var i = tabs.indexOf(event.currentTarget);
      var last = tabs.length - 1;
      var next;
      switch (event.key) {
        case "ArrowRight": next = i === last ? 0 : i + 1; break;
        case "ArrowLeft": next = i === 0 ? last : i - 1; break;
        case "Home": next = 0; break;
        case "End": next = last; break;
        default: return;
      }
      event.preventDefault();
      select(next, true);
    }
  }
})();
