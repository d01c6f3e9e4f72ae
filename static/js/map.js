/* The public map: markers from /api/businesses.geojson in a cluster group,
   district outlines, workshop venues, filters that re-fetch the GeoJSON, and
   a keyboard-usable list of the businesses in the visible part of the map.
   All configuration comes from data-* attributes and json_script blocks. */
(function () {
  "use strict";

  var element = document.querySelector("[data-business-map]");
  if (!element || typeof QuartierMap === "undefined") return;

  var strings = (document.querySelector("[data-map-strings]") || { dataset: {} }).dataset;
  var listElement = document.querySelector("[data-map-list]");
  var statusElement = document.querySelector("[data-map-status]");
  var moreElement = document.querySelector("[data-map-more]");
  var form = document.querySelector("[data-map-filters]");
  var listLimit = parseInt(element.dataset.listLimit, 10) || 300;

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return [];
    try {
      return JSON.parse(node.textContent) || [];
    } catch (error) {
      return [];
    }
  }

  function format(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name] !== undefined ? values[name] : match;
    });
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var map = QuartierMap.create(element, { keyboard: true, zoomControl: true, maxZoom: 19 });

  // District outlines; the map fits all districts on load.
  var districtBounds = L.latLngBounds([]);
  readJson("map-districts").forEach(function (district) {
    if (district.boundary) {
      var outline = L.geoJSON(district.boundary, {
        interactive: false,
        style: { color: "#0b5394", weight: 2, fillOpacity: 0.04, dashArray: "6 4" },
      }).addTo(map);
      districtBounds.extend(outline.getBounds());
    } else if (district.centre) {
      districtBounds.extend(L.latLng(district.centre).toBounds(1500));
    }
  });
  if (districtBounds.isValid()) {
    map.fitBounds(districtBounds, { padding: [12, 12] });
  } else {
    map.setView([51.47, 6.76], 12);
  }

  var clusters = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
  });
  map.addLayer(clusters);
  var markers = {};
  var features = [];

  function stateText(openNow) {
    if (openNow === true) return strings.open;
    if (openNow === false) return strings.closed;
    return strings.unknown;
  }

  function popupContent(props) {
    var box = make("div", "map-popup");
    box.appendChild(make("strong", "map-popup__name", props.name));
    if (props.category_name) box.appendChild(make("p", "map-popup__category", props.category_name));
    var state = make("p", "map-popup__state", stateText(props.open_now));
    if (props.open_now === true) state.classList.add("is-open");
    box.appendChild(state);
    if (props.url) {
      var link = make("a", "map-popup__link", strings.profile);
      link.href = props.url;
      box.appendChild(link);
    }
    return box;
  }

  function businessIcon(props) {
    var dot = make("span", "map-marker__dot");
    if (props.colour && /^#[0-9a-fA-F]{3,8}$/.test(props.colour)) {
      dot.style.backgroundColor = props.colour; // CSSOM, allowed by style-src 'self'
    }
    dot.appendChild(make("span", "visually-hidden", props.name));
    return L.divIcon({
      className: "map-marker map-marker--" + (props.category || "none"),
      html: dot,
      iconSize: [22, 22],
      iconAnchor: [11, 11],
      popupAnchor: [0, -10],
    });
  }

  function showFeatures(collection) {
    clusters.clearLayers();
    markers = {};
    features = (collection && collection.features) || [];
    var layers = features.map(function (feature) {
      var props = feature.properties;
      var coordinates = feature.geometry.coordinates; // [lon, lat]
      var marker = L.marker([coordinates[1], coordinates[0]], {
        icon: businessIcon(props),
        keyboard: true,
        title: props.name,
        alt: props.name,
        riseOnHover: true,
      });
      marker.bindPopup(function () {
        return popupContent(props);
      });
      marker.featureId = props.id;
      markers[props.id] = marker;
      return marker;
    });
    clusters.addLayers(layers);
    updateList();
  }

  function showOnMap(id) {
    var marker = markers[id];
    if (!marker) return;
    clusters.zoomToShowLayer(marker, function () {
      marker.openPopup();
    });
  }

  function listItem(props) {
    var item = make("li", "map-list__item");
    item.dataset.featureId = props.id;
    var link = make("a", "map-list__link", props.name);
    link.href = props.url;
    item.appendChild(link);
    var meta = [props.category_name, props.district_name].filter(Boolean).join(" · ");
    item.appendChild(make("span", "map-list__meta", meta));
    item.appendChild(make("span", "map-list__state", props.open_now === null ? "" : stateText(props.open_now)));
    var button = make("button", "map-list__show button--secondary", strings.show);
    button.type = "button";
    button.setAttribute("aria-label", strings.show + ": " + props.name);
    button.addEventListener("click", function () {
      showOnMap(props.id);
    });
    item.appendChild(button);
    return item;
  }

  function updateList() {
    if (!listElement) return;
    var bounds = map.getBounds();
    var visible = features.filter(function (feature) {
      var c = feature.geometry.coordinates;
      return bounds.contains([c[1], c[0]]);
    });
    var fragment = document.createDocumentFragment();
    visible.slice(0, listLimit).forEach(function (feature) {
      fragment.appendChild(listItem(feature.properties));
    });
    listElement.replaceChildren(fragment);
    if (statusElement) {
      statusElement.textContent =
        visible.length === 0
          ? strings.countNone
          : visible.length === 1
            ? strings.countOne
            : format(strings.countMany, { count: visible.length });
    }
    if (moreElement) moreElement.hidden = visible.length <= listLimit;
    else if (visible.length > listLimit && statusElement) {
      moreElement = make("p", "", format(strings.more, { limit: listLimit }));
      moreElement.dataset.mapMore = "";
      statusElement.parentNode.appendChild(moreElement);
    }
  }

  var pending = null;
  function load(params) {
    var query = new URLSearchParams(params || "");
    query.set("lang", element.dataset.lang || "de");
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    if (statusElement) statusElement.textContent = strings.loading;
    element.setAttribute("aria-busy", "true");
    return fetch(element.dataset.geojsonUrl + "?" + query.toString(), {
      headers: { Accept: "application/geo+json" },
      signal: pending ? pending.signal : undefined,
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        element.removeAttribute("aria-busy");
        if (!result.ok) {
          var messages = Object.values((result.data && result.data.errors) || {});
          if (statusElement) statusElement.textContent = messages.join(" ") || strings.error;
          return;
        }
        showFeatures(result.data);
        element.dataset.loaded = "true";
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        element.removeAttribute("aria-busy");
        if (statusElement) statusElement.textContent = strings.error;
      });
  }

  map.on("moveend", updateList);

  // Workshop venues: a separate, smaller layer.
  var workshops = readJson("map-workshops");
  var workshopLayer = L.layerGroup();
  workshops.forEach(function (workshop) {
    var icon = L.divIcon({
      className: "map-marker map-marker--workshop",
      html: make("span", "map-marker__dot", "W"),
      iconSize: [24, 24],
      iconAnchor: [12, 12],
    });
    var marker = L.marker([workshop.lat, workshop.lng], {
      icon: icon,
      keyboard: true,
      zIndexOffset: -1000, // below the business clusters it may share a spot with
      title: strings.workshop + ": " + workshop.name,
      alt: strings.workshop + ": " + workshop.name,
    });
    marker.bindPopup(function () {
      var box = make("div", "map-popup");
      box.appendChild(make("strong", "map-popup__name", workshop.name));
      box.appendChild(make("p", "map-popup__category", strings.workshop + " · " + (workshop.venue || "")));
      if (workshop.start) {
        box.appendChild(make("p", "", new Date(workshop.start).toLocaleString(document.documentElement.lang || "de")));
      }
      if (workshop.url) {
        var link = make("a", "map-popup__link", strings.workshopDetails);
        link.href = workshop.url;
        box.appendChild(link);
      }
      return box;
    });
    workshopLayer.addLayer(marker);
  });
  var overlays = {};
  overlays[strings.businesses || "Geschäfte"] = clusters;
  if (workshops.length) {
    workshopLayer.addTo(map);
    overlays[strings.workshops || "Workshops"] = workshopLayer;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  }

  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim() !== "") params.append(key, value);
    });
    return params;
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = formParams();
      var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
      window.history.replaceState(null, "", url);
      load(params);
    });
  }

  load(form ? formParams() : window.location.search.slice(1));
})();
