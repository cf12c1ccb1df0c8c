/* Before the first paint (loaded in <head>, not deferred): mark the page as scripted
   and apply a remembered light/dark choice, so the page never flashes the other one.
   A file, not an inline script, so the site's Content-Security-Policy can forbid
   inline scripts. */
(function () {
  var d = document.documentElement, t = null;
  d.classList.add("js");
  try { t = localStorage.getItem("opsbook-theme"); } catch (e) {}
  if (t === "light" || t === "dark") d.setAttribute("data-theme", t);
})();
