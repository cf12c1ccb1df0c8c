/* opsbook: content tabs (MkDocs `=== "Tab"`, Docusaurus `<TabItem>`; see
   src/parse/markdown/tabs.rs). Without JavaScript each panel reads under its label,
   one after the other. Here each set becomes a WAI-ARIA tab list (APG "Tabs with
   automatic activation"): buttons with role=tab, aria-selected and aria-controls,
   panels with role=tabpanel; only the selected tab is in the tab order (roving
   tabindex), and Left/Right/Home/End move to another tab and show it.
   A Docusaurus set with a group (data-group, its `groupId`) switches with the other
   sets of its group on the page, and the choice is kept in localStorage under
   `docusaurus.tab.<group>`, as Docusaurus keeps it; with data-query (its
   `queryString`) the choice is in the URL too (`?os=linux`). The URL's choice wins,
   then the kept one, then the set's default tab. */
(function () {
  "use strict";
  var sets = document.querySelectorAll("div.tabs");
  var groups = {};
  for (var s = 0; s < sets.length; s++) setUp(sets[s], s);

  function stored(group) {
    try { return window.localStorage.getItem("docusaurus.tab." + group); } catch (e) { return null; }
  }

  function store(group, value) {
    try { window.localStorage.setItem("docusaurus.tab." + group, value); } catch (e) { /* private mode */ }
  }

  function fromQuery(key) {
    try { return new URLSearchParams(window.location.search).get(key); } catch (e) { return null; }
  }

  function toQuery(key, value) {
    try {
      var url = new URL(window.location.href);
      url.searchParams.set(key, value);
      window.history.replaceState(window.history.state, "", url.toString());
    } catch (e) { /* file: URLs in some browsers */ }
  }

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
    var group = set.getAttribute("data-group");
    var query = set.getAttribute("data-query");
    var values = panels.map(function (p) { return p.getAttribute("data-value"); });
    var wanted = (query && fromQuery(query)) || (group && stored(group));
    if (wanted && values.indexOf(wanted) >= 0) selected = values.indexOf(wanted);
    show(selected < 0 ? 0 : selected);
    if (group) (groups[group] = groups[group] || []).push(showValue);

    function show(i) {
      for (var k = 0; k < tabs.length; k++) {
        var on = k === i;
        tabs[k].setAttribute("aria-selected", on ? "true" : "false");
        tabs[k].tabIndex = on ? 0 : -1;
        panels[k].hidden = !on;
      }
    }

    function showValue(value) {
      var k = values.indexOf(value);
      if (k >= 0) show(k);
    }

    /* A choice of the reader: shown, and told to the group, storage and URL. */
    function select(i, focus) {
      show(i);
      if (focus) tabs[i].focus();
      var value = values[i];
      if (value === null) return;
      if (group) {
        store(group, value);
        (groups[group] || []).forEach(function (f) { f(value); });
      }
      if (query) toQuery(query, value);
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
