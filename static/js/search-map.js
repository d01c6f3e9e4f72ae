/* The search results on a map: one marker per result with coordinates, read
   from the result list's data-* attributes. The list stays the main way in. */
(function () {
  "use strict";
  var element = document.querySelector("[data-results-map]");
  if (!element || typeof QuartierMap === "undefined") return;
  var hits = Array.prototype.filter.call(
    document.querySelectorAll(".search-hit[data-lat][data-lng]"),
    function (hit) {
      return isFinite(parseFloat(hit.dataset.lat)) && isFinite(parseFloat(hit.dataset.lng));
    }
  );
  if (!hits.length) return;
  element.hidden = false;
  var map = QuartierMap.create(element, { keyboard: true, scrollWheelZoom: false });
  var points = hits.map(function (hit) {
    var link = hit.querySelector(".search-hit__title a");
    var point = [parseFloat(hit.dataset.lat), parseFloat(hit.dataset.lng)];
    var title = link ? link.textContent.trim() : "";
    var marker = L.marker(point, { keyboard: true, title: title, alt: title }).addTo(map);
    if (link) {
      var popup = document.createElement("a");
      popup.href = link.getAttribute("href");
      popup.textContent = title;
      marker.bindPopup(popup);
    }
    return point;
  });
  map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 16 });
})();
