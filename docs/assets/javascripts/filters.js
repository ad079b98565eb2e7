// Filters of the activities and figures indexes, and the segment filter of the gap map.
//
// The pages are complete without JavaScript: the full table shows and the filter forms stay
// hidden. With it, each form appears; choosing a value hides the rows that do not match and
// writes the filter into the address (?country=CO&theme=...), so a view can be shared and a
// reload shows the same view. Rows carry what they match as data attributes
// (data-country="CO EC"), written by macros/review.py.
(function () {
  "use strict";

  function tokens(row, name) {
    var value = row.getAttribute("data-" + name);
    return value ? value.split(" ") : [];
  }

  function writeAddress(values) {
    var params = new URLSearchParams(window.location.search);
    Object.keys(values).forEach(function (name) {
      if (values[name]) { params.set(name, values[name]); } else { params.delete(name); }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname +
      (query ? "?" + query : "") + window.location.hash);
  }

  function rowMatches(row, values) {
    var org = values.organisation, role = values.role;
    return Object.keys(values).every(function (name) {
      var wanted = values[name];
      if (!wanted) { return true; }
      if ((name === "organisation" || name === "role") && org && role) {
        return tokens(row, "orgrole").indexOf(org + ":" + role) >= 0;
      }
      return tokens(row, name).indexOf(wanted) >= 0;
    });
  }

  function setupFilters(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table || !table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = form.querySelector(".ev-filter-status");
    var one = form.getAttribute("data-one"), many = form.getAttribute("data-many");
    var params = new URLSearchParams(window.location.search);
    var ignored = [];
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted === null || wanted === "") { return; }
      var known = Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      });
      if (known) { select.value = wanted; } else { ignored.push(select.name + "=" + wanted); }
    });

    function current() {
      var values = {};
      selects.forEach(function (select) { values[select.name] = select.value; });
      return values;
    }

    function apply(updateAddress) {
      var values = current();
      var shown = 0;
      rows.forEach(function (row) {
        var match = rowMatches(row, values);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      var active = selects.filter(function (s) { return s.value; }).length;
      var text = active ?
        "Showing " + shown + " of " + rows.length + " " + (rows.length === 1 ? one : many) + "." :
        "Showing all " + rows.length + " " + (rows.length === 1 ? one : many) + ".";
      if (ignored.length) {
        text += " Not a value of this list, so ignored: " + ignored.join(", ") + ".";
      }
      status.textContent = text;
      form.classList.toggle("ev-filtered", active > 0);
      if (updateAddress) { writeAddress(values); }
    }

    form.addEventListener("change", function () { ignored = []; apply(true); });
    form.addEventListener("reset", function () {
      ignored = [];
      window.setTimeout(function () { apply(true); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  // Gap map: show the counts of one segment (a kind of organisation or a status).
  function setupSegments(form) {
    var select = form.querySelector("select");
    var status = form.querySelector(".ev-filter-status");
    var cells = Array.prototype.slice.call(document.querySelectorAll("td[data-total]"));
    var wanted = new URLSearchParams(window.location.search).get("segment");
    if (wanted && Array.prototype.some.call(select.options, function (o) {
      return o.value === wanted;
    })) { select.value = wanted; }

    function countOf(cell, segment) {
      if (!segment) { return Number(cell.getAttribute("data-total")); }
      var found = cell.getAttribute("data-segments").split(" ").filter(function (entry) {
        return entry.split("=")[0] === segment;
      })[0];
      return found ? Number(found.split("=")[1]) : 0;
    }

    function apply(updateAddress) {
      var segment = select.value;
      var parts = segment.split(":");
      var empty = 0;
      cells.forEach(function (cell) {
        var link = cell.querySelector("a");
        if (!cell.hasAttribute("data-href")) {
          cell.setAttribute("data-href", link.getAttribute("href"));
          cell.setAttribute("data-label", link.getAttribute("aria-label"));
        }
        var n = countOf(cell, segment);
        var href = cell.getAttribute("data-href");
        if (segment) { href += (href.indexOf("?") >= 0 ? "&" : "?") + parts[0] + "=" + parts[1]; }
        link.setAttribute("href", href);
        link.textContent = n ? String(n) : "–";
        var label = cell.getAttribute("data-label").replace(/: .*$/, ": ") +
          (n ? n + " " + (n === 1 ? "activity" : "activities") : "none of this segment");
        link.setAttribute("aria-label", label);
        link.setAttribute("title", label);
        cell.classList.toggle("ev-segment-gap", n === 0);
        if (n === 0) { empty += 1; }
      });
      status.textContent = segment ?
        "Showing only " + select.options[select.selectedIndex].text + ": " + empty +
          " more cells become gaps." : "";
      if (updateAddress) { writeAddress({ segment: segment }); }
    }

    select.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  function setup() {
    document.querySelectorAll("form.ev-filters:not([data-ready])").forEach(function (form) {
      form.setAttribute("data-ready", "yes");
      setupFilters(form);
    });
    document.querySelectorAll("form.ev-segments:not([data-ready])").forEach(function (form) {
      form.setAttribute("data-ready", "yes");
      setupSegments(form);
    });
  }

  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
