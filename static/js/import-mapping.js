// The import's category table: choosing "Neue Kategorie … anlegen" opens that
// row's translations, which the team is asked for. Without JavaScript the
// fields are one click away, behind their summary.
(function () {
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-new-value]");
    if (!select || select.value !== select.dataset.newValue) return;
    var details = select.parentElement.querySelector("details");
    if (details) details.open = true;
  });
})();
