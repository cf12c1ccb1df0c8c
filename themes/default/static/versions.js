/* opsbook: the version switcher and the banner of non-default versions.
   Reads ../versions.json (every version: name, title, path, default) and a version's
   pages.json (page URL -> heading ids) to keep the reader on the same page and
   heading when the other version has them, else on that version's home.
   Text reaches the DOM through textContent only. */
(function () {
  "use strict";
  var box = document.querySelector(".version-switcher");
  if (!box || !window.fetch) return;
  var root = box.getAttribute("data-root") || "";
  /* The version is the folder the page is in: the page itself does not name it, so
     a page unchanged between versions is the same file in each. */
  var here = versionOf(root);
  box.setAttribute("data-version", here);
  var page = box.getAttribute("data-current") || "index.html";
  var siteRoot = root + "../";
  var select = box.querySelector("select");
  var banner = document.querySelector(".version-banner");
  var pagesCache = {};

  function versionOf(r) {
    var parts = new URL(r || "./", document.baseURI).pathname.split("/").filter(Boolean);
    return decodeURIComponent(parts[parts.length - 1] || "");
  }

  function getJSON(url) {
    return fetch(url, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function pagesOf(v) {
    if (!pagesCache[v.name]) {
      pagesCache[v.name] = getJSON(siteRoot + v.path + "pages.json")
        .then(function (d) { return d.pages || {}; })
        .catch(function () { return {}; });
    }
    return pagesCache[v.name];
  }

  /* The heading the reader is at: the URL's fragment, else the last heading whose
     top has scrolled past the top of the window. */
  function currentHeading() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash) return hash;
    var found = "";
    var hs = document.querySelectorAll("main h1[id], main h2[id], main h3[id], main h4[id], main h5[id], main h6[id]");
    for (var i = 0; i < hs.length; i++) {
      if (hs[i].getBoundingClientRect().top > 80) break;
      found = hs[i].id;
    }
    return found;
  }

  /* Where the reader lands in version v: same page and heading when they exist. */
  function target(v, heading) {
    return pagesOf(v).then(function (pages) {
      if (!Object.prototype.hasOwnProperty.call(pages, page)) {
        return siteRoot + v.path + "index.html";
      }
      var ids = pages[page] || [];
      var frag = heading && ids.indexOf(heading) >= 0 ? "#" + encodeURIComponent(heading) : "";
      return siteRoot + v.path + page + frag;
    });
  }

  function fill(list) {
    while (select.firstChild) select.removeChild(select.firstChild);
    list.forEach(function (v) {
      var opt = document.createElement("option");
      opt.value = v.name;
      opt.textContent = v.title + (v["default"] ? " (default)" : "");
      if (v.name === here) opt.selected = true;
      select.appendChild(opt);
    });
  }

  function showBanner(def) {
    if (!banner || !def || def.name === here) return;
    target(def, currentHeading()).then(function (href) {
      banner.textContent = "";
      banner.appendChild(document.createTextNode("You are reading version " + here + ". "));
      var a = document.createElement("a");
      a.href = href;
      a.className = "version-default-link";
      a.textContent = "Go to this page in " + def.title;
      /* The reader may have scrolled to another heading since the page loaded. */
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        target(def, currentHeading()).then(function (h) { location.href = h; });
      });
      banner.appendChild(a);
      banner.appendChild(document.createTextNode("."));
      banner.hidden = false;
    });
  }

  getJSON(siteRoot + "versions.json").then(function (data) {
    var list = data.versions || [];
    fill(list);
    var byName = {};
    list.forEach(function (v) { byName[v.name] = v; });
    showBanner(list.filter(function (v) { return v["default"]; })[0]);
    select.addEventListener("change", function () {
      var v = byName[select.value];
      if (!v || v.name === here) return;
      target(v, currentHeading()).then(function (href) { location.href = href; });
    });
    box.setAttribute("data-ready", "true");
  }).catch(function () { /* no versions.json: leave the switcher on this version */ });
})();
