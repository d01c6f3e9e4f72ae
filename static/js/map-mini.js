/* The small map on a business profile; position and tiles from data-*. */
(function () {
  "use strict";
  if (typeof QuartierMap === "undefined") return;
  document.querySelectorAll("[data-mini-map]").forEach(function (element) {
    var lat = parseFloat(element.dataset.lat);
    var lng = parseFloat(element.dataset.lng);
    if (!isFinite(lat) || !isFinite(lng)) return;
    var map = QuartierMap.create(element, { keyboard: true, scrollWheelZoom: false });
    map.setView([lat, lng], 16);
    L.marker([lat, lng], {
      keyboard: true,
      title: element.dataset.title || "",
      alt: element.dataset.title || "",
    }).addTo(map);
  });
})();
