// The evidence gap map: a cell's list of records on hover and keyboard focus, placed beside
// the cell, and the segment filter ("Show only") that recounts every cell.
//
// Without JavaScript the page still works: each cell's number is a button that opens its list
// as an HTML popover (popovertarget), centred on the screen, and closes with Escape, a click
// outside or its Close button. This script only adds hover and focus, and the placement.
(function () {
  "use strict";

  function place(button, pop) {
    var r = button.getBoundingClientRect();
    var width = Math.min(pop.offsetWidth, window.innerWidth - 16);
    var left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    var below = r.bottom + 4;
    var top = below + pop.offsetHeight > window.innerHeight - 8 ?
      Math.max(8, r.top - pop.offsetHeight - 4) : below;
    pop.style.left = left + "px";
    pop.style.top = top + "px";
    pop.classList.add("ev-pop-placed");
  }

  function setupCells(root) {
    var buttons = Array.prototype.slice.call(root.querySelectorAll("button.ev-cell-button"));
    if (!buttons.length || !("showPopover" in HTMLElement.prototype)) { return; }
    var timer = null;

    function popOf(button) {
      return document.getElementById(button.getAttribute("popovertarget"));
    }
    function open(button, pinned) {
      var pop = popOf(button);
      if (!pop) { return; }
      if (!pop.matches(":popover-open")) {
        // (a browser without the `source` option ignores it; one already opening this
        // popover, as a focus during a click does, throws, and it opens anyway)
        try { pop.showPopover({ source: button }); } catch (e) { /* opening already */ }
      }
      if (pinned) { pop.setAttribute("data-pinned", "yes"); }
      place(button, pop);
    }
    function closeLater(pop) {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (pop.matches(":popover-open") && !pop.hasAttribute("data-pinned") &&
            !pop.matches(":hover") && !pop.contains(document.activeElement)) {
          pop.hidePopover();
        }
      }, 250);
    }

    buttons.forEach(function (button) {
      var pop = popOf(button);
      if (!pop) { return; }
      pop.addEventListener("toggle", function (event) {
        if (event.newState === "closed") { pop.removeAttribute("data-pinned"); }
        else { place(button, pop); }
      });
      pop.addEventListener("mouseleave", function () { closeLater(pop); });
      pop.addEventListener("mouseenter", function () { window.clearTimeout(timer); });
      button.addEventListener("mouseenter", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { open(button, false); }, 120);
      });
      button.addEventListener("mouseleave", function () { closeLater(pop); });
      button.addEventListener("focus", function () {
        if (button.matches(":focus-visible")) { open(button, false); }
      });
      // A click or a tap keeps the list open (the popover's own toggle would close a list
      // that hovering had just opened); a second one closes it.
      button.addEventListener("click", function (event) {
        event.preventDefault();
        if (pop.matches(":popover-open") && pop.hasAttribute("data-pinned")) {
          pop.hidePopover();
        } else { open(button, true); }
      });
    });
  }

  // "Show only": recount every cell for one segment (a kind of record, of organisation, or a
  // status of activities), mark the cells it empties as gaps, and keep the view in the address.
  function setupSegments(form) {
    var select = form.querySelector("select");
    var status = form.querySelector(".ev-filter-status");
    var cells = Array.prototype.slice.call(document.querySelectorAll("td[data-total]"));
    var one = form.getAttribute("data-one"), many = form.getAttribute("data-many");
    var wanted = new URLSearchParams(window.location.search).get("segment");
    if (wanted && Array.prototype.some.call(select.options, function (o) {
      return o.value === wanted;
    })) { select.value = wanted; }

    function countOf(cell, segment, layer) {
      var total = layer === "region" ? "data-region" : "data-total";
      var list = layer === "region" ? "data-region-segments" : "data-segments";
      if (!segment) { return Number(cell.getAttribute(total) || 0); }
      var found = (cell.getAttribute(list) || "").split(" ").filter(function (entry) {
        return entry.split("=")[0] === segment;
      })[0];
      return found ? Number(found.split("=")[1]) : 0;
    }

    function label(n, m, where) {
      var count = n + " " + (n === 1 ? one : many);
      if (!n && !m) { return form.getAttribute("data-gap") + ": " + where; }
      var template = form.getAttribute(m ? "data-label-region" : "data-label");
      return template.replace("{count}", count).replace("{m}", String(m))
        .replace("{where}", where);
    }

    function apply(updateAddress) {
      var segment = select.value;
      var parts = segment.split(":");
      var empty = 0;
      cells.forEach(function (cell) {
        var button = cell.querySelector("button.ev-cell-button");
        var n = countOf(cell, segment, "named"), m = countOf(cell, segment, "region");
        cell.querySelector(".ev-cell-count").textContent = n ? String(n) : (m ? "" : "–");
        var plus = cell.querySelector(".ev-cell-region");
        if (plus) { plus.textContent = m ? "+" + m : ""; }
        cell.querySelector(".ev-cell-label").textContent =
          label(n, m, button.getAttribute("data-where"));
        cell.classList.toggle("ev-segment-gap", n === 0 && m === 0);
        if (n === 0 && m === 0) { empty += 1; }
        cell.querySelectorAll(".ev-pop li[data-segments]").forEach(function (item) {
          item.hidden = segment !== "" &&
            item.getAttribute("data-segments").split(" ").indexOf(segment) < 0;
        });
        cell.querySelectorAll(".ev-pop-group").forEach(function (group) {
          group.hidden = !group.querySelector("li:not([hidden])");
        });
        cell.querySelectorAll(".ev-pop-layer").forEach(function (heading) {
          heading.hidden = !cell.querySelector(".ev-pop-group[data-layer=" +
            heading.getAttribute("data-layer") + "]:not([hidden])");
        });
        var more = cell.querySelector(".ev-pop-more a");
        if (more) {
          var href = more.getAttribute("data-href");
          if (segment && parts[0] !== "kind") {
            href += (href.indexOf("?") >= 0 ? "&" : "?") + parts[0] + "=" + parts[1];
          }
          more.setAttribute("href", href);
          more.parentNode.hidden = segment !== "" && segment !== "kind:activities" &&
            parts[0] === "kind";
        }
      });
      status.textContent = segment ? form.getAttribute("data-status")
        .replace("{segment}", select.options[select.selectedIndex].text)
        .replace("{n}", String(empty)) : "";
      var params = new URLSearchParams(window.location.search);
      if (segment) { params.set("segment", segment); } else { params.delete("segment"); }
      if (updateAddress) {
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname +
          (query ? "?" + query : "") + window.location.hash);
      }
    }

    select.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  function setup() {
    document.querySelectorAll("form.ev-segments:not([data-ready])").forEach(function (form) {
      form.setAttribute("data-ready", "yes");
      setupSegments(form);
    });
    document.querySelectorAll("table.ev-gap-map:not([data-ready])").forEach(function (table) {
      table.setAttribute("data-ready", "yes");
      setupCells(table);
    });
  }

  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
