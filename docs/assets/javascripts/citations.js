// Show a citation's full reference on hover or keyboard focus, as formatted in the page's own
// reference list or notes. Without JavaScript the link's `title` gives the same text.
(function () {
  var tip = null;

  function target(link) {
    var id = decodeURIComponent((link.getAttribute("href") || "").replace(/^#/, ""));
    return id ? document.getElementById(id) : null;
  }

  function show(link) {
    var entry = target(link);
    if (!entry) { return; }
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "ev-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.id = "ev-tooltip";
      document.body.appendChild(tip);
    }
    var copy = entry.cloneNode(true);
    copy.querySelectorAll(".ev-bib-link, .ev-footnote-back, .ev-cited-by").forEach(function (n) {
      n.remove();
    });
    tip.innerHTML = copy.innerHTML;
    tip.hidden = false;
    if (link.title) { link.dataset.title = link.title; link.removeAttribute("title"); }
    link.setAttribute("aria-describedby", "ev-tooltip");
    var box = link.getBoundingClientRect();
    var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(window.scrollX + 8, left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function hide(link) {
    if (tip) { tip.hidden = true; }
    if (link && link.dataset.title) { link.title = link.dataset.title; }
  }

  function citation(event) {
    return event.target.closest ? event.target.closest("a.ev-cite, .ev-footnote-ref a") : null;
  }

  document.addEventListener("mouseover", function (e) { var a = citation(e); if (a) { show(a); } });
  document.addEventListener("mouseout", function (e) { var a = citation(e); if (a) { hide(a); } });
  document.addEventListener("focusin", function (e) { var a = citation(e); if (a) { show(a); } });
  document.addEventListener("focusout", function (e) { var a = citation(e); if (a) { hide(a); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(null); } });
})();
