/* opsbook sidebar: the whole navigation tree as data, rendered into #sidebar.
   One shared file, so page size does not grow with the number of pages. */
(function () {
  "use strict";
  var TREE = {{ tree_json | safe }};
  var nav = document.getElementById("sidebar");
  if (!nav) return;
  var root = nav.getAttribute("data-root") || "";
  var current = nav.getAttribute("data-current") || "";
  var currentLink = null;

  /* A node of TREE: {t: title, u: url (absent for a folder without a page),
     c: children (absent when none), k: "part" or "separator" (absent for others),
     x: a link to open instead of a page (an MkDocs nav link, as written)}. Its label
     is a link, or a span without a page. */
  function label(node) {
    var labelNode;
    if (node.x) {
      labelNode = document.createElement("a");
      labelNode.href = node.x;
    } else if (node.u) {
      labelNode = document.createElement("a");
      labelNode.href = root + node.u;
      if (node.u === current) {
        labelNode.setAttribute("aria-current", "page");
        currentLink = labelNode;
      }
    } else {
      labelNode = document.createElement("span");
    }
    labelNode.textContent = node.t;
    return labelNode;
  }

  /* Returns [list, holdsCurrentPage]. Folders are <details>, opened on the way
     to the current page; a folder with a page of its own is its link beside a
     toggle button instead (a link inside <summary> would be a control inside a
     control, which screen readers cannot reach). */
  function build(nodes) {
    var list = document.createElement("ol");
    var holds = false;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var item = document.createElement("li");
      if (node.k === "separator") {
        item.className = "nav-separator";
        item.setAttribute("aria-hidden", "true");
        list.appendChild(item);
        continue;
      }
      if (node.k === "part") {
        item.className = "nav-part";
        var part = document.createElement("span");
        part.textContent = node.t;
        item.appendChild(part);
        list.appendChild(item);
        continue;
      }
      var nodeLabel = label(node);
      var here = node.u === current;
      if (node.c && (node.u || node.x)) {
        var sub = build(node.c);
        var open = here || sub[1];
        var row = document.createElement("div");
        row.className = "nav-folder-row";
        var toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "nav-toggle";
        toggle.setAttribute("aria-label", node.t + ": pages");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        sub[0].hidden = !open;
        toggle.addEventListener("click", function (list, button) {
          return function () {
            var shown = button.getAttribute("aria-expanded") !== "true";
            button.setAttribute("aria-expanded", shown ? "true" : "false");
            list.hidden = !shown;
          };
        }(sub[0], toggle));
        row.appendChild(toggle);
        row.appendChild(nodeLabel);
        item.className = "nav-folder";
        item.appendChild(row);
        item.appendChild(sub[0]);
        here = open;
      } else if (node.c) {
        var children = build(node.c);
        var folder = document.createElement("details");
        var summary = document.createElement("summary");
        summary.appendChild(nodeLabel);
        folder.appendChild(summary);
        folder.appendChild(children[0]);
        folder.open = here || children[1];
        item.className = "nav-folder";
        item.appendChild(folder);
        here = here || children[1];
      } else {
        item.appendChild(nodeLabel);
      }
      holds = holds || here;
      list.appendChild(item);
    }
    return [list, holds];
  }

  var list = build(TREE)[0];
  list.className = "nav-tree";
  nav.replaceChildren(list);
  if (currentLink) {
    var top = currentLink.offsetTop - nav.clientHeight / 3;
    if (top > 0) nav.scrollTop = top;
  }
})();
