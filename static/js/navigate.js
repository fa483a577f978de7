// Comparison pages: unfold sources for printing, and jump from change to change with the "Next change" / "Previous change"
// buttons or the j and k keys, as diff viewers do. Without JavaScript the buttons stay
// hidden and every row keeps its own link; nothing else depends on this file.
(function () {
  "use strict";

  // Folded sources unfold on paper; the stylesheet does it where ::details-content exists.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"),
      function (details) { details.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  var nav = document.querySelector("[data-change-nav]");
  if (!nav) {
    return;
  }
  var status = nav.querySelector("[data-change-status]");
  var current = -1;
  var last = null; // the change visited last (focus moves to a button when it is clicked)

  function targets() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-change]"), function (el) {
      return !el.hidden && el.offsetParent !== null;
    });
  }

  // The first change below (or above) the top of the window, so the keys pick up from
  // wherever the reader has scrolled to.
  function fromScroll(list, step) {
    var offset = parseFloat(getComputedStyle(list[0]).scrollMarginTop) || 0;
    var top = offset + 1;
    for (var i = 0; i < list.length; i += 1) {
      var position = list[i].getBoundingClientRect().top;
      if (step > 0 ? position > top : position >= top - 2) {
        return step > 0 ? i : i - 1;
      }
    }
    return step > 0 ? list.length : list.length - 1;
  }

  function go(step) {
    var list = targets();
    if (!list.length) {
      status.textContent = "No change among the rows shown.";
      return;
    }
    var here = list.indexOf(document.activeElement);
    if (here === -1 && last) {
      here = list.indexOf(last);
    }
    var index = here !== -1 ? here + step : fromScroll(list, step);
    index = Math.max(0, Math.min(list.length - 1, index));
    current = index;
    var target = list[index];
    last = target;
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
    if (target.id) {
      history.replaceState(null, "", "#" + target.id);
    }
    var title = target.getAttribute("data-change") || "";
    status.textContent = "Change " + (current + 1) + " of " + list.length + (title ? ": " + title : "");
  }

  nav.hidden = false;
  nav.querySelector("[data-next-change]").addEventListener("click", function () { go(1); });
  nav.querySelector("[data-previous-change]").addEventListener("click", function () { go(-1); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var field = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (field) {
      return;
    }
    if (event.key === "j") {
      go(1);
    } else if (event.key === "k") {
      go(-1);
    }
  });
}());
