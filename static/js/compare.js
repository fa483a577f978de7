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
  var notes = Array.prototype.slice.call(document.querySelectorAll("[data-change-row]"));
  var whatChanged = document.querySelector("[data-what-changed]");
  var rewrittenNote = document.querySelector("[data-rewritten-note]");
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

  // The same sentence the server writes: what is shown, and on what the filter is based.
  function describe(shown, themes, changedOnly) {
    var names = Array.prototype.filter.call(
      form.querySelectorAll("input[name=theme]"), function (input) { return input.checked; }
    ).map(function (input) { return input.getAttribute("data-theme-name"); });
    var text = "Showing " + shown + " of " + showing.getAttribute("data-total") + " subjects";
    if (themes.length) {
      text += ": subjects coded " + names.join(" or ");
    }
    if (changedOnly) {
      text += (themes.length ? "," : ":") + " unchanged ones hidden";
    }
    return text + ".";
  }

  function update() {
    var params = query();
    var themes = params.getAll("theme");
    var changedOnly = params.get("changed") === "1";
    // Counts and notes are about the rows shown, never about hidden ones.
    var counts = {};
    var shown = 0;
    var amended = 0;
    var rewritten = 0;
    rows.forEach(function (row) {
      var kind = row.getAttribute("data-kind");
      var visible = matches(row, themes) && !(changedOnly && kind === "unchanged");
      row.hidden = !visible;
      if (visible) {
        shown += 1;
        counts[kind] = (counts[kind] || 0) + 1;
        amended += kind === "amended" ? 1 : 0;
        rewritten += row.hasAttribute("data-rewritten") ? 1 : 0;
      }
    });
    var anyNote = false;
    notes.forEach(function (item) {
      item.hidden = !matches(item, themes);
      anyNote = anyNote || !item.hidden;
    });
    if (whatChanged) {
      whatChanged.hidden = !anyNote;
    }
    document.querySelectorAll("[data-count]").forEach(function (element) {
      var count = counts[element.getAttribute("data-count")] || 0;
      element.textContent = count;
      element.closest("[data-count-item]").hidden = !count;
    });
    if (rewrittenNote) {
      rewrittenNote.hidden = !rewritten;
      rewrittenNote.querySelector("[data-rewritten-count]").textContent = rewritten;
      rewrittenNote.querySelector("[data-amended-count]").textContent = amended;
    }
    if (showing) {
      showing.textContent = describe(shown, themes, changedOnly);
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
