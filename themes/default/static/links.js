/* opsbook: a click on a heading's `#` or an item's `#` copies the full link to that
   place (and still moves there), so a reader can paste "see this step" into a chat.
   Without JavaScript the `#` links work as plain anchors. A fragment that names an
   id in other letter case (`#Setup` for `setup`, as GitHub accepts) moves there too. */
(function () {
  "use strict";
  function followCase() {
    var want = decodeURIComponent(window.location.hash.slice(1));
    if (!want || document.getElementById(want)) return;
    var lower = want.toLowerCase(), ids = document.querySelectorAll("[id]");
    for (var i = 0; i < ids.length; i++) {
      if (ids[i].id.toLowerCase() === lower) { ids[i].scrollIntoView(); return; }
    }
  }
  window.addEventListener("hashchange", followCase);
  followCase();
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest && e.target.closest("a.anchor, a.item-link");
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var url = new URL(link.getAttribute("href"), window.location.href).href;
    if (!navigator.clipboard || !window.isSecureContext) return;
    navigator.clipboard.writeText(url).then(function () {
      link.classList.add("copied");
      status.textContent = "Link copied";
      window.setTimeout(function () { link.classList.remove("copied"); status.textContent = ""; }, 1500);
    }, function () {});
  });
})();
