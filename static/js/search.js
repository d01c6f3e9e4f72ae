/* Search page: "use my location" (only after a click) and autocomplete
   suggestions from /api/search/suggest/. No inline script (strict CSP). */
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) { return; }

  // --- Near me -------------------------------------------------------------
  var locate = form.querySelector("[data-locate]");
  var status = form.querySelector("[data-locate-status]");
  var near = form.querySelector("#search-near");
  if (locate && near && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        near.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        var district = form.querySelector("#search-near-district");
        if (district) { district.value = ""; }
        var sort = form.querySelector("#search-sort");
        if (sort) { sort.value = "distance"; }
        form.submit();
      }, function () {
        locate.disabled = false;
        if (status) { status.textContent = locate.getAttribute("data-error-text"); }
      }, { timeout: 10000, maximumAge: 60000 });
    });
  }

  // --- Suggestions -----------------------------------------------------------
  var input = form.querySelector("#search-q");
  var list = form.querySelector("#search-suggestions");
  var url = form.getAttribute("data-suggest-url");
  if (!input || !list || !url || !window.fetch) { return; }
  var timer = null;
  var active = -1;

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  // A business opens its profile, a category its filtered search (both in
  // the page's language); anything else is searched for as typed.
  function choose(item) {
    input.value = item.text;
    close();
    if (item.url) { window.location.assign(item.url); }
    else { form.submit(); }
  }

  var shown = [];

  function render(suggestions) {
    shown = suggestions;
    list.textContent = "";
    suggestions.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = "search-suggestion-" + index;
      option.setAttribute("role", "option");
      option.textContent = item.text;
      // A name in another script reads in its own direction inside the list.
      option.setAttribute("dir", "auto");
      option.setAttribute("data-type", item.type);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(item);
      });
      list.appendChild(option);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) { close(); return; }
    timer = setTimeout(function () {
      // The page's language: names and links come back in it.
      var lang = document.documentElement.lang || "";
      fetch(url + "?q=" + encodeURIComponent(value) + "&lang=" + encodeURIComponent(lang),
            { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { render(data.suggestions || []); })
        .catch(close);
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(shown[active]);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
