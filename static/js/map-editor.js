/* Editor position panel: a small Leaflet map with a draggable pin that writes
   to the plain latitude/longitude inputs and marks the position as manual. */
(function () {
  "use strict";

  function toNumber(input) {
    var value = parseFloat(String(input.value || "").replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function init(element) {
    if (element.dataset.ready || typeof QuartierMap === "undefined") return;
    element.dataset.ready = "1";
    var latInput = document.getElementById(element.dataset.latitudeInput);
    var lngInput = document.getElementById(element.dataset.longitudeInput);
    var sourceInput = element.dataset.sourceInput
      ? document.getElementById(element.dataset.sourceInput)
      : null;
    if (!latInput || !lngInput) return;

    var lat = toNumber(latInput);
    var lng = toNumber(lngInput);
    var hasPoint = lat !== null && lng !== null;
    var centre = hasPoint
      ? [lat, lng]
      : [parseFloat(element.dataset.defaultLat), parseFloat(element.dataset.defaultLng)];

    var map = QuartierMap.create(element, { keyboard: true }).setView(centre, hasPoint ? 17 : 13);
    var marker = null;

    function markManual() {
      if (sourceInput) {
        sourceInput.value = "manual";
        sourceInput.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function writeInputs(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lngInput.value = latlng.lng.toFixed(6);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
      lngInput.dispatchEvent(new Event("change", { bubbles: true }));
      markManual();
    }

    function placeMarker(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
        return;
      }
      marker = L.marker(latlng, {
        draggable: true,
        keyboard: true,
        title: element.dataset.pinLabel || "",
        alt: element.dataset.pinLabel || "",
        autoPan: true,
      }).addTo(map);
      marker.on("dragend", function () {
        writeInputs(marker.getLatLng());
      });
    }

    if (hasPoint) placeMarker(centre);

    map.on("click", function (event) {
      placeMarker(event.latlng);
      writeInputs(event.latlng);
    });

    function fromInputs() {
      var newLat = toNumber(latInput);
      var newLng = toNumber(lngInput);
      if (newLat === null || newLng === null) return;
      placeMarker([newLat, newLng]);
      map.panTo([newLat, newLng]);
    }
    [latInput, lngInput].forEach(function (input) {
      input.addEventListener("input", function () {
        fromInputs();
        markManual();
      });
    });

    // The panel may sit in a hidden tab: recalculate the size once visible.
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(element);
    }
  }

  function initAll() {
    document.querySelectorAll("[data-location-editor]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
