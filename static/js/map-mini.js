/* The small map on a business profile; position and tiles from data-*. */
(function () {
  "use strict";
  if (typeof L === "undefined") return;
  document.querySelectorAll("[data-mini-map]").forEach(function (element) {
    var lat = parseFloat(element.dataset.lat);
    var lng = parseFloat(element.dataset.lng);
    if (!isFinite(lat) || !isFinite(lng)) return;
    var map = L.map(element, { keyboard: true, scrollWheelZoom: false }).setView([lat, lng], 16);
    map.attributionControl.setPrefix(false);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {
        attribution: element.dataset.tileAttribution || "",
        maxZoom: 19,
      }).addTo(map);
    }
    L.marker([lat, lng], {
      keyboard: true,
      title: element.dataset.title || "",
      alt: element.dataset.title || "",
    }).addTo(map);
  });
})();
