/* opsbook: a click on a heading's `#` or an item's `#` copies the full link to that
   place (and still moves there), so a reader can paste "see this step" into a chat.
   Without JavaScript the `#` links work as plain anchors. */
(function () {
  "use strict";
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
