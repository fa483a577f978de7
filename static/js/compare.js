// Comparison pages: apply the theme filter and the hide-unchanged toggle as soon as they
// change, without a reload. The same form works without JavaScript (GET, rendered by the
// server); this only hides rows client-side and keeps the address bar and export links in
// step, so a copied URL or a downloaded CSV shows what the reader sees.
(function () {
  "use strict";

  var form = document.querySelector("form[data-compare-filters]");
  if (!form || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
  var figures = Array.prototype.slice.call(document.querySelectorAll("[data-figure-row]"));
  var showing = form.querySelector("[data-showing]");
  var apply = form.querySelector("[data-apply]");
  if (apply) {
    apply.hidden = true; // changes apply at once
  }

  function themesOf(element) {
    return (element.getAttribute("data-themes") || "").split(" ").filter(Boolean);
  }

  function matches(element, themes) {
    if (!themes.length) {
      return true;
    }
    var own = themesOf(element);
    return themes.some(function (theme) { return own.indexOf(theme) !== -1; });
  }

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { params.append(key, value); });
    return params;
  }

  function update() {
    var params = query();
    var themes = params.getAll("theme");
    var changedOnly = params.get("changed") === "1";
    var counts = {};
    var shown = 0;
    rows.forEach(function (row) {
      var kind = row.getAttribute("data-kind");
      var themed = matches(row, themes);
      if (themed) {
        counts[kind] = (counts[kind] || 0) + 1;
      }
      var visible = themed && !(changedOnly && kind === "unchanged");
      row.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    figures.forEach(function (item) { item.hidden = !matches(item, themes); });
    document.querySelectorAll("[data-count]").forEach(function (element) {
      element.textContent = counts[element.getAttribute("data-count")] || 0;
    });
    if (showing) {
      showing.textContent = "Showing " + shown + " of " + rows.length + " rows";
    }

    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    document.querySelectorAll("a[data-export]").forEach(function (link) {
      var exported = new URLSearchParams(search);
      if (link.getAttribute("data-export") === "csv") {
        exported.set("format", "csv");
      }
      var target = new URL(link.href, location.href);
      target.search = exported.toString();
      link.href = target.toString();
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });

  // A permalink to a row the filters hide would land nowhere: show that row.
  var target = location.hash && document.getElementById(location.hash.slice(1));
  var row = target && target.closest("[data-row]");
  if (row && row.hidden) {
    row.hidden = false;
  }
})();
