// Filters of the activities and figures indexes (the gap map's segment filter: gapmap.js).
//
// The pages are complete without JavaScript: the full table shows and the filter forms stay
// hidden. With it, each form appears: a free-text search, and for each facet (country, theme,
// ...) check boxes, several values at once. Values of one facet widen the view (Colombia or
// Ecuador), facets narrow it (and the theme); each value shows how many rows it would give
// with the other facets as they are. The view lives in the address (?country=CO&country=EC&
// text=data; not q=, with which Material opens its search), so it can be shared and a reload
// shows it again. "Download this view" writes the rows shown, and only those, as CSV or JSON. Rows carry what they match as data attributes
// (data-country="CO EC"), written by macros/render/views/filters.py; their words come from
// the form's data attributes (the message catalogue).
(function () {
  "use strict";

  function tokens(row, name) {
    var value = row.getAttribute("data-" + name);
    return value ? value.split(" ") : [];
  }

  // Lower case, without accents: "migración" finds "Migracion" and the other way round.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  // Does a row match every facet (any of its chosen values) and every word of the search?
  function matches(row, chosen, words, skip) {
    var orgs = chosen.organisation || [], roles = chosen.role || [];
    var paired = orgs.length && roles.length && skip !== "organisation" && skip !== "role";
    var ok = Object.keys(chosen).every(function (name) {
      var wanted = chosen[name];
      if (name === skip || !wanted.length) { return true; }
      if (paired && (name === "organisation" || name === "role")) {
        var pairs = tokens(row, "orgrole");
        return orgs.some(function (o) {
          return roles.some(function (r) { return pairs.indexOf(o + ":" + r) >= 0; });
        });
      }
      var have = tokens(row, name);
      return wanted.some(function (v) { return have.indexOf(v) >= 0; });
    });
    if (!ok || !words.length) { return ok; }
    var text = row.getAttribute("data-text");
    if (text === null) { text = fold(row.textContent); row.setAttribute("data-text", text); }
    return words.every(function (w) { return text.indexOf(w) >= 0; });
  }

  function cellText(cell) {
    return cell.textContent.replace(/\s+/g, " ").trim();
  }

  function csvField(value) {
    return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function download(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function setupFilters(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table || !table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, cellText);
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var facets = Array.prototype.slice.call(form.querySelectorAll("details.ev-facet"));
    var search = form.querySelector("input[name=text]");
    var status = form.querySelector(".ev-filter-status");
    var one = form.getAttribute("data-one"), many = form.getAttribute("data-many");
    var names = facets.map(function (f) { return f.getAttribute("data-name"); });
    var ignored = [];

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      ignored = [];
      names.forEach(function (name) {
        params.getAll(name).forEach(function (wanted) {
          var box = boxes.filter(function (b) {
            return b.name === name && b.value === wanted;
          })[0];
          if (box) { box.checked = true; } else if (wanted) { ignored.push(name + "=" + wanted); }
        });
      });
      search.value = params.get("text") || "";
    }

    function chosenValues() {
      var chosen = {};
      names.forEach(function (name) { chosen[name] = []; });
      boxes.forEach(function (b) { if (b.checked) { chosen[b.name].push(b.value); } });
      return chosen;
    }

    function searchWords() {
      return fold(search.value).split(/\s+/).filter(Boolean);
    }

    function writeAddress(chosen) {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        params.delete(name);
        chosen[name].forEach(function (v) { params.append(name, v); });
      });
      if (search.value.trim()) { params.set("text", search.value.trim()); } else { params.delete("text"); }
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname +
        (query ? "?" + query : "") + window.location.hash);
    }

    function apply(updateAddress) {
      var chosen = chosenValues(), words = searchWords();
      var shown = 0;
      rows.forEach(function (row) {
        var match = matches(row, chosen, words, null);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      // Each value's count: the rows it would show, the other facets as they are.
      facets.forEach(function (facet) {
        var name = facet.getAttribute("data-name");
        var others = rows.filter(function (row) { return matches(row, chosen, words, name); });
        facet.querySelectorAll("input[type=checkbox]").forEach(function (box) {
          var n = others.filter(function (row) {
            var probe = {}; probe[name] = [box.value];
            return matches(row, probe, [], null);
          }).length;
          var label = box.parentNode;
          label.querySelector(".ev-facet-count").textContent = "(" + n + ")";
          label.classList.toggle("ev-facet-empty", n === 0 && !box.checked);
        });
        var count = chosen[name].length;
        facet.querySelector(".ev-facet-chosen").textContent = count ?
          fill(form.getAttribute("data-chosen"), { n: count }) : "";
      });
      var active = words.length + boxes.filter(function (b) { return b.checked; }).length;
      var records = rows.length === 1 ? one : many;
      var text = active ?
        fill(form.getAttribute("data-showing"), { shown: shown, total: rows.length, records: records }) :
        fill(form.getAttribute("data-all"), { total: rows.length, records: records });
      if (ignored.length) {
        text += " " + fill(form.getAttribute("data-ignored"), { values: ignored.join(", ") });
      }
      status.textContent = text;
      form.classList.toggle("ev-filtered", active > 0);
      if (updateAddress) { writeAddress(chosen); }
    }

    // The rows shown, as the table shows them: the record's id, each column's text, and the
    // address of the record's page.
    function view() {
      return rows.filter(function (row) { return !row.hidden; }).map(function (row) {
        var record = { id: row.getAttribute("data-id") };
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          record[headers[i]] = cellText(cell);
        });
        var link = row.cells[0] && row.cells[0].querySelector("a");
        record.url = link ? link.href : "";
        return record;
      });
    }

    form.querySelectorAll(".ev-download button").forEach(function (button) {
      button.addEventListener("click", function () {
        var records = view(), stem = form.getAttribute("data-collection") || "records";
        var keys = ["id"].concat(headers, ["url"]);
        if (button.getAttribute("data-format") === "json") {
          download(stem + "-view.json", "application/json",
            JSON.stringify(records, null, 2) + "\n");
        } else {
          var lines = [keys.map(csvField).join(",")].concat(records.map(function (r) {
            return keys.map(function (k) { return csvField(r[k] || ""); }).join(",");
          }));
          download(stem + "-view.csv", "text/csv;charset=utf-8", lines.join("\r\n") + "\r\n");
        }
      });
    });

    // One facet open at a time; a click outside, or Escape, closes it.
    facets.forEach(function (facet) {
      facet.addEventListener("toggle", function () {
        if (!facet.open) { return; }
        facets.forEach(function (other) { if (other !== facet) { other.open = false; } });
      });
      facet.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && facet.open) {
          facet.open = false;
          facet.querySelector("summary").focus();
        }
      });
    });
    document.addEventListener("pointerdown", function (event) {
      facets.forEach(function (facet) {
        if (facet.open && !facet.contains(event.target)) { facet.open = false; }
      });
    });

    var typing = null;
    form.addEventListener("change", function () { ignored = []; apply(true); });
    search.addEventListener("input", function () {
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { ignored = []; apply(true); }, 150);
    });
    form.addEventListener("reset", function () {
      ignored = [];
      window.setTimeout(function () { apply(true); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    readAddress();
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
