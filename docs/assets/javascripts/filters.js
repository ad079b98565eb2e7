// Filters of the activities and figures indexes (the gap map's segment filter: gapmap.js).
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

  function setup() {
    document.querySelectorAll("form.ev-filters:not([data-ready])").forEach(function (form) {
      form.setAttribute("data-ready", "yes");
      setupFilters(form);
    });
  }

  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
