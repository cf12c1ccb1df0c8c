(function () {
  /* 404.html without `[site] url`: a host serves it for a missing URL at any depth
     (/a/b/missing.html), where its links relative to the site root lead nowhere. Find
     the root: the deepest folder of this URL that holds static/early.js; then give
     every relative link and file that root, and load the styles and scripts again.
     Inline (the one inline script, allowed by its hash in the page's policy): a file
     would have the same problem. */
  var here = location.pathname.replace(/[^\/]*$/, "");
  var parts = here.split("/").filter(Boolean), folders = [];
  for (var i = parts.length; i >= 0; i--) {
    folders.push("/" + parts.slice(0, i).join("/") + (i ? "/" : ""));
  }
  function holds(folder) {
    return fetch(folder + "static/early.js", { cache: "no-store" }).then(function (r) {
      return r.ok && !/html/.test(r.headers.get("content-type") || "");
    }, function () { return false; });
  }
  function relative(v) {
    return v && !/^([a-z][a-z0-9+.-]*:|\/|#|\?)/i.test(v);
  }
  function rebase(root) {
    document.querySelectorAll("a[href]").forEach(function (a) {
      if (relative(a.getAttribute("href"))) a.setAttribute("href", root + a.getAttribute("href"));
    });
    document.querySelectorAll("[data-root]").forEach(function (el) {
      el.setAttribute("data-root", root);
    });
    document.querySelectorAll("link[href]").forEach(function (old) {
      if (!relative(old.getAttribute("href"))) return;
      var l = old.cloneNode(false);
      l.setAttribute("href", root + old.getAttribute("href"));
      old.replaceWith(l);
    });
    document.querySelectorAll("script[src]").forEach(function (old) {
      if (!relative(old.getAttribute("src"))) return;
      var s = document.createElement("script");
      s.src = root + old.getAttribute("src");
      s.async = false;
      old.remove();
      document.body.appendChild(s);
    });
  }
  Promise.all(folders.map(holds)).then(function (found) {
    var i = found.indexOf(true);
    if (i <= 0) return;
    var go = function () { rebase(folders[i]); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  });
})();
