// The admin's opening-hours editor (directory/hours/widget.py): turns "9",
// "9.30" or "9-18" into 09:00 / 09:30 / 09:00 + 18:00 as the owner types,
// switches off a closed day's times, copies a day to Monday–Friday, adds
// exception rows and switches between the table and the text. The server
// normalises and checks everything again; without JavaScript the form works.
(function () {
  "use strict";

  function normaliseTime(text) {
    var match = /^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr|h)?\s*$/i.exec(text);
    if (!match) return text;
    var hours = parseInt(match[1], 10);
    var minutes = parseInt(match[2] || "0", 10);
    if (hours > 24 || minutes > 59 || (hours === 24 && minutes)) return text;
    return (hours < 10 ? "0" : "") + hours + ":" + (minutes < 10 ? "0" : "") + minutes;
  }

  function onTimeChange(input) {
    var value = input.value.replace(/[\u2012-\u2015\u2212\u2011]/g, "-");
    var parts = value.split("-");
    var range = input.closest("[data-hours-range]");
    var inputs = range ? range.querySelectorAll("[data-hours-time]") : [];
    if (parts.length === 2 && inputs.length === 2 && input === inputs[0] && !inputs[1].value) {
      inputs[0].value = normaliseTime(parts[0]);
      inputs[1].value = normaliseTime(parts[1]);
      return;
    }
    input.value = normaliseTime(value);
  }

  function syncClosed(box) {
    var row = box.closest("fieldset");
    row.querySelectorAll("[data-hours-time]").forEach(function (input) {
      input.disabled = box.checked;
    });
  }

  function setUp(editor) {
    editor.querySelectorAll("[data-hours-copy], [data-hours-ex-add]").forEach(function (button) {
      button.hidden = false;
    });
    editor.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches("[data-hours-time]")) onTimeChange(target);
      if (target.matches("[data-hours-closed]")) syncClosed(target);
      if (target.matches("[data-hours-mode]")) {
        editor.querySelectorAll("[data-hours-section]").forEach(function (section) {
          section.hidden = section.getAttribute("data-hours-section") !== target.value;
        });
      }
    });
    editor.addEventListener("click", function (event) {
      var copy = event.target.closest("[data-hours-copy]");
      if (copy) {
        var source = copy.closest("[data-hours-day]");
        var values = Array.prototype.map.call(source.querySelectorAll("[data-hours-time]"), function (input) { return input.value; });
        var closed = source.querySelector("[data-hours-closed]").checked;
        editor.getAttribute("data-copy-days").split(",").forEach(function (number) {
          var row = editor.querySelector('[data-hours-day="' + number + '"]');
          if (!row || row === source) return;
          row.querySelectorAll("[data-hours-time]").forEach(function (input, index) { input.value = values[index]; });
          var box = row.querySelector("[data-hours-closed]");
          box.checked = closed;
          syncClosed(box);
        });
        copy.setAttribute("aria-live", "polite");
        return;
      }
      if (event.target.closest("[data-hours-ex-add]")) {
        var count = editor.querySelector("[data-hours-ex-count]");
        var number = parseInt(count.value, 10);
        var html = editor.querySelector("[data-hours-ex-template]").innerHTML.replace(/__N__/g, String(number));
        var list = editor.querySelector("[data-hours-ex-list]");
        list.insertAdjacentHTML("beforeend", html);
        count.value = String(number + 1);
        list.lastElementChild.querySelector("input").focus();
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-hours-editor]:not([data-hours-ready])").forEach(function (editor) {
      editor.setAttribute("data-hours-ready", "");
      setUp(editor);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
