// On a phone the filters start closed, so that the first result shows on the
// first screen; they stay open on wider screens and without JavaScript.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 40rem)").matches) return;
  document.querySelectorAll("details[data-phone-collapse]").forEach(function (details) {
    details.open = false;
  });
})();
