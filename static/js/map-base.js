/* What every map shares: a Leaflet map on `element` with the tile server and
   attribution from its data-tile-url / data-tile-attribution (no tiles when
   the deployment configures none, e.g. offline). Load after leaflet.js. */
(function () {
  "use strict";
  if (typeof L === "undefined") return;
  window.QuartierMap = {
    create: function (element, options) {
      var map = L.map(element, options);
      map.attributionControl.setPrefix(false);
      if (element.dataset.tileUrl) {
        L.tileLayer(element.dataset.tileUrl, {
          attribution: element.dataset.tileAttribution || "",
          maxZoom: 19,
        }).addTo(map);
      }
      return map;
    },
  };
})();
