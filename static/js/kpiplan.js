/* Small behaviours of every page, here rather than in inline handlers (the Content-Security-Policy runs no
   inline script): [data-print] prints the page; [data-check-all=NAME] ticks every checkbox named NAME. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var print = event.target.closest("[data-print]");
    if (print) {
      window.print();
      return;
    }
    var all = event.target.closest("[data-check-all]");
    if (all) {
      var name = all.getAttribute("data-check-all");
      document.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box.name === name) box.checked = all.checked;
      });
    }
  });
})();
