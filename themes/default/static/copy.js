/* opsbook: reveals the copy buttons of code blocks and copies the code text, and
   makes a code block that scrolls sideways a tab stop (a named region), so keyboard
   users can scroll it with the arrow keys. Without JavaScript the buttons stay hidden
   and the code reads as usual. */
(function () {
  "use strict";
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function viaTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return viaTextarea(text); });
    }
    return viaTextarea(text);
  }

  function feedback(button, text, ok) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = text;
    button.classList.toggle("copied", ok);
    status.textContent = text;
    clearTimeout(button.opsbookTimer);
    button.opsbookTimer = setTimeout(function () {
      button.textContent = label;
      button.classList.remove("copied");
    }, 1500);
  }

  var buttons = document.querySelectorAll(".code-block .copy-code");
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    button.hidden = false;
    button.addEventListener("click", function (e) {
      var clicked = e.currentTarget;
      var code = clicked.parentNode.querySelector("pre code") || clicked.parentNode.querySelector("pre");
      if (!code) return;
      copy(code.textContent.replace(/\n$/, "")).then(
        function () { feedback(clicked, "Copied", true); },
        function () { feedback(clicked, "Press Ctrl+C", false); }
      );
    });
  }

  // Only blocks wider than their box get a tab stop; checked again on resize.
  function scrollable() {
    var blocks = document.querySelectorAll(".code-block > pre, .doc pre");
    for (var k = 0; k < blocks.length; k++) {
      var pre = blocks[k];
      if (pre.scrollWidth > pre.clientWidth + 1) {
        pre.setAttribute("tabindex", "0");
        pre.setAttribute("role", "region");
        // Each region's name is its own (axe: landmark-unique): its place on the page.
        pre.setAttribute("aria-label", "Code block " + (k + 1) + ", scrolls sideways");
      } else if (pre.getAttribute("role") === "region") {
        pre.removeAttribute("tabindex");
        pre.removeAttribute("role");
        pre.removeAttribute("aria-label");
      }
    }
  }
  scrollable();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(scrollable, 150);
  });
})();
