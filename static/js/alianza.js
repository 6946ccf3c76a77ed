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

  // <select multiple data-searchable>: a searchable multiple choice (Tom Select, vendored in
  // static/vendor/tom-select) instead of Ctrl-click. Its words come from the element's data
  // attributes (data-placeholder, data-no-results, data-remove-label), in the page's language.
  // The original <select> stays in the form and keeps its value: the form submits as before
  // and its change events still reach htmx.
  function searchable(root) {
    if (typeof window.TomSelect !== "function" || !root.querySelectorAll) {
      return;
    }
    var selects = root.querySelectorAll("select[multiple][data-searchable]");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.tomselect) {
        return;
      }
      var noResults = select.getAttribute("data-no-results") || "";
      // Tom Select points the <label> at its own input; the original <select>, which stays
      // in the form (visually hidden), keeps the label's text as its accessible name.
      var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
      if (label && !select.getAttribute("aria-label")) {
        select.setAttribute("aria-label", label.textContent.replace(/\s+/g, " ").trim());
      }
      new window.TomSelect(select, {
        plugins: { remove_button: { title: select.getAttribute("data-remove-label") || "" } },
        placeholder: select.getAttribute("data-placeholder") || "",
        maxOptions: null,
        hidePlaceholder: true,
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = noResults;
            return div;
          },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { searchable(document); });
  } else {
    searchable(document);
  }
  // Content htmx swaps in (an excerpt form, a filtered list) gets the same treatment.
  document.addEventListener("htmx:load", function (event) { searchable(event.target); });
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
