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

  function label(node) {
    var el;
    if (node.u) {
      el = document.createElement("a");
      el.href = root + node.u;
      if (node.u === current) {
        el.setAttribute("aria-current", "page");
        currentLink = el;
      }
    } else {
      el = document.createElement("span");
    }
    el.textContent = node.t;
    return el;
  }

  /* Returns [list, holdsCurrentPage]. Folders are <details>, opened on the way
     to the current page. */
  function build(nodes) {
    var ol = document.createElement("ol");
    var holds = false;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var li = document.createElement("li");
      var el = label(node);
      var here = node.u === current;
      if (node.c) {
        var sub = build(node.c);
        var det = document.createElement("details");
        var sum = document.createElement("summary");
        sum.appendChild(el);
        det.appendChild(sum);
        det.appendChild(sub[0]);
        det.open = here || sub[1];
        li.className = "nav-folder";
        li.appendChild(det);
        here = here || sub[1];
      } else {
        li.appendChild(el);
      }
      holds = holds || here;
      ol.appendChild(li);
    }
    return [ol, holds];
  }

  var list = build(TREE)[0];
  list.className = "nav-tree";
  nav.replaceChildren(list);
  if (currentLink) {
    var top = currentLink.offsetTop - nav.clientHeight / 3;
    if (top > 0) nav.scrollTop = top;
  }
})();
