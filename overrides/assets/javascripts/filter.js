/* Narrows a list down by status, area, theme or type, in place.
 * Progressive enhancement: the form ships with the `hidden` attribute, so without JavaScript the
 * page is a plain, complete list (with plain links to each status, area and theme page). Each list
 * item carries its values as data attributes, e.g. data-status="early" data-themes="leadership planning".
 */
(function () {
  "use strict";

  function apply(form) {
    var scope = document.querySelector(form.getAttribute("data-filter-scope"));
    if (!scope) return;
    var wanted = {};
    form.querySelectorAll("select").forEach(function (select) {
      if (select.value) wanted[select.name] = select.value;
    });
    var shown = 0;
    scope.querySelectorAll("[data-filter-item]").forEach(function (item) {
      var match = Object.keys(wanted).every(function (key) {
        var values = (item.getAttribute("data-" + key) || "").split(" ");
        return values.indexOf(wanted[key]) !== -1;
      });
      item.hidden = !match;
      if (match) shown += 1;
    });
    scope.querySelectorAll("[data-filter-group]").forEach(function (group) {
      group.hidden = group.querySelector("[data-filter-item]:not([hidden])") === null;
    });
    var count = form.querySelector("[data-filter-count]");
    if (count) count.textContent = shown + (shown === 1 ? " item shown" : " items shown");
  }

  function enhance() {
    document.querySelectorAll("form[data-filter-scope]").forEach(function (form) {
      if (form.getAttribute("data-filter-ready")) return;
      form.setAttribute("data-filter-ready", "true");
      form.hidden = false;
      form.addEventListener("change", function () { apply(form); });
      form.addEventListener("reset", function () { setTimeout(function () { apply(form); }, 0); });
      form.addEventListener("submit", function (event) { event.preventDefault(); apply(form); });
      apply(form);
    });
  }

  // Material's instant navigation swaps pages without reloading; its document$ observable announces each.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
