/* Keyboard access that Material's theme leaves out. Loaded after Material's bundle (main.html).
 *
 * 1. The menu button. On narrow screens (and at high zoom) the site navigation lives in a drawer
 *    that Material opens with a <label> for a hidden checkbox: it cannot be reached by keyboard.
 *    Here a real button takes the label's place (Tab, Enter, Space; Escape closes the drawer) and
 *    says whether the menu is open. The stylesheet keeps the closed drawer's links out of the tab
 *    order.
 *
 * 2. Scrolling tables. Wide tables scroll sideways on narrow screens. A scroller that holds nothing
 *    focusable cannot be scrolled from the keyboard (WCAG 2.1.1), so while one overflows it becomes
 *    a named, focusable region; when it fits again it stops being a tab stop.
 *
 * Without JavaScript nothing here is needed: Material's drawer does not open either, the tabs
 * and footer links stay, and every table's own wrapper scrolls.
 */
(function () {
  "use strict";

  /* 1. The menu button ------------------------------------------------------------------------- */

  function enhanceMenu() {
    var toggle = document.getElementById("__drawer");
    var label = document.querySelector('.md-header label[for="__drawer"]');
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !label || document.querySelector(".insp-menu-button")) return;

    // A real button in the label's place; the label stays in the page, hidden, for Material.
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon insp-menu-button";
    button.setAttribute("aria-label", "Menu");
    button.innerHTML = label.innerHTML; // Material's menu icon (an inline SVG from the theme)
    if (drawer) {
      drawer.id = drawer.id || "insp-drawer";
      button.setAttribute("aria-controls", drawer.id);
    }
    label.parentNode.insertBefore(button, label);
    label.hidden = true;

    function sync() {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    }

    function set(open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change", { bubbles: true })); // Material watches this toggle
      sync();
    }

    button.addEventListener("click", function () {
      set(!toggle.checked);
    });
    button.addEventListener("keydown", function (event) {
      // Material treats Enter on the page as "follow the focused label": keep it to this button.
      if (event.key === "Enter") event.stopPropagation();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        set(false);
        button.focus();
      }
    });
    toggle.addEventListener("change", sync);
    sync();
  }

  /* 2. Scrolling tables ------------------------------------------------------------------------ */

  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";

  function regionLabel(scroller) {
    var caption = scroller.querySelector("caption");
    return (caption ? caption.textContent.trim() : "Table") + " (scrolls sideways)";
  }

  function updateScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code").forEach(function (scroller) {
      var overflows = scroller.scrollWidth > scroller.clientWidth + 1;
      var reachable = scroller.querySelector(FOCUSABLE) !== null;
      if (overflows && !reachable) {
        if (!scroller.hasAttribute("data-insp-region")) {
          scroller.setAttribute("data-insp-region", "");
          scroller.setAttribute("tabindex", "0");
          if (scroller.tagName !== "CODE") {
            scroller.setAttribute("role", "region");
            scroller.setAttribute("aria-label", regionLabel(scroller));
          }
        }
      } else if (scroller.hasAttribute("data-insp-region")) {
        scroller.removeAttribute("data-insp-region");
        scroller.removeAttribute("tabindex");
        scroller.removeAttribute("role");
        scroller.removeAttribute("aria-label");
      }
    });
  }

  var pending = false;
  function scheduleScrollers() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      updateScrollers();
    });
  }

  /* Start ------------------------------------------------------------------------------------- */

  function start() {
    enhanceMenu();
    scheduleScrollers();
  }

  window.addEventListener("resize", scheduleScrollers);
  // Material's instant navigation swaps pages without reloading; its document$ announces each.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
