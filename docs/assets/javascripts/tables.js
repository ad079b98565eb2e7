// Make the collection index tables sortable by clicking a column header (tablesort, vendored).
// `document$` is Material's page-load observable, so this also runs after instant navigation.
(function () {
  function sortable() {
    document.querySelectorAll("table.ev-index").forEach(function (table) {
      if (!table.dataset.sortable) {
        table.dataset.sortable = "yes";
        new Tablesort(table);
      }
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(sortable); }
  else { document.addEventListener("DOMContentLoaded", sortable); }
})();
