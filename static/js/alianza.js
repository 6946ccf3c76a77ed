// Project-wide behaviour. The Content-Security-Policy runs no inline script or on*= handler,
// so what templates used to write inline lives here, driven by data attributes.
(function () {
  "use strict";
  // <select data-autosubmit>: choosing a value submits its form (period and currency pickers).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof Element && field.matches("[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });

  // A wide table scrolls sideways in its own box (.table-responsive): when it does, the box
  // takes the keyboard focus, so that the arrow keys scroll it (WCAG 2.1.1).
  function focusableScrollBoxes() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableScrollBoxes);
  window.addEventListener("resize", focusableScrollBoxes);
  document.addEventListener("htmx:afterSettle", focusableScrollBoxes);
})();
