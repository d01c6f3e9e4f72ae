// Choosing businesses (directory/widgets.py): filters the checkbox list by
// name, district, category and "only selected"; nothing is sent for the
// filters, the form posts the checked boxes as before.
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase("de").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(chooser) {
    var filters = chooser.querySelector("[data-business-chooser-filters]");
    var search = chooser.querySelector("[data-business-chooser-search]");
    var district = chooser.querySelector("[data-business-chooser-district]");
    var category = chooser.querySelector("[data-business-chooser-category]");
    var onlySelected = chooser.querySelector("[data-business-chooser-selected]");
    var status = chooser.querySelector("[data-business-chooser-status]");
    var items = Array.prototype.slice.call(chooser.querySelectorAll("[data-business-chooser-list] > li"));
    var template = status.getAttribute("data-template") || "";
    filters.hidden = false;

    function update() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0, selected = 0;
      items.forEach(function (item) {
        var input = item.querySelector("input");
        var text = fold(item.textContent);
        var visible = words.every(function (word) { return text.indexOf(word) !== -1; }) &&
          (!district.value || input.getAttribute("data-district") === district.value) &&
          (!category.value || input.getAttribute("data-category") === category.value) &&
          (!onlySelected.checked || input.checked);
        item.hidden = !visible;
        if (visible) shown += 1;
        if (input.checked) selected += 1;
      });
      status.textContent = template
        .replace("{shown}", shown)
        .replace("{total}", items.length)
        .replace("{selected}", selected);
    }

    chooser.addEventListener("input", update);
    chooser.addEventListener("change", update);
    update();
  }

  function setUpAll() {
    document.querySelectorAll("[data-business-chooser]:not([data-ready])").forEach(function (chooser) {
      chooser.setAttribute("data-ready", "");
      setUp(chooser);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
