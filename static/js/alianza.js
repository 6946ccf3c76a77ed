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
})();
