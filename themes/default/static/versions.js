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

  function versionOf(versionRoot) {
    var parts = new URL(versionRoot || "./", document.baseURI).pathname.split("/").filter(Boolean);
    return decodeURIComponent(parts[parts.length - 1] || "");
  }

  function getJSON(url) {
    return fetch(url, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function pagesOf(version) {
    if (!pagesCache[version.name]) {
      pagesCache[version.name] = getJSON(siteRoot + version.path + "pages.json")
        .then(function (json) { return json.pages || {}; })
        .catch(function () { return {}; });
    }
    return pagesCache[version.name];
  }

  /* The heading the reader is at: the URL's fragment, else the last heading whose
     top has scrolled past the top of the window. */
  function currentHeading() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash) return hash;
    var found = "";
    var headings = document.querySelectorAll("main h1[id], main h2[id], main h3[id], main h4[id], main h5[id], main h6[id]");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > 80) break;
      found = headings[i].id;
    }
    return found;
  }

  /* Where the reader lands in `version`: same page and heading when they exist. */
  function target(version, heading) {
    return pagesOf(version).then(function (pages) {
      if (!Object.prototype.hasOwnProperty.call(pages, page)) {
        return siteRoot + version.path + "index.html";
      }
      var ids = pages[page] || [];
      var frag = heading && ids.indexOf(heading) >= 0 ? "#" + encodeURIComponent(heading) : "";
      return siteRoot + version.path + page + frag;
    });
  }

  function fill(list) {
    while (select.firstChild) select.removeChild(select.firstChild);
    list.forEach(function (version) {
      var option = document.createElement("option");
      option.value = version.name;
      option.textContent = version.title + (version["default"] ? " (default)" : "");
      if (version.name === here) option.selected = true;
      select.appendChild(option);
    });
  }

  function showBanner(def) {
    if (!banner || !def || def.name === here) return;
    target(def, currentHeading()).then(function (href) {
      banner.textContent = "";
      banner.appendChild(document.createTextNode("You are reading version " + here + ". "));
      var link = document.createElement("a");
      link.href = href;
      link.className = "version-default-link";
      link.textContent = "Go to this page in " + def.title;
      /* The reader may have scrolled to another heading since the page loaded. */
      link.addEventListener("click", function (e) {
        e.preventDefault();
        target(def, currentHeading()).then(function (there) { location.href = there; });
      });
      banner.appendChild(link);
      banner.appendChild(document.createTextNode("."));
      banner.hidden = false;
    });
  }

  getJSON(siteRoot + "versions.json").then(function (data) {
    var list = data.versions || [];
    fill(list);
    var byName = {};
    list.forEach(function (version) { byName[version.name] = version; });
    showBanner(list.filter(function (version) { return version["default"]; })[0]);
    select.addEventListener("change", function () {
      var version = byName[select.value];
      if (!version || version.name === here) return;
      target(version, currentHeading()).then(function (href) { location.href = href; });
    });
    box.setAttribute("data-ready", "true");
  }).catch(function () { /* no versions.json: leave the switcher on this version */ });
})();
