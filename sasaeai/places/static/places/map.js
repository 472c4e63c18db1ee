/* Maps of gathering places (Leaflet, served from static/): markers from GeoJSON, tiles from
   settings.MAP_TILE_URL, and on the form a picker that fills 緯度 and 経度 on a click.
   Everything works without tiles: markers and the list still show, and a notice says so. */
(function () {
  "use strict";
  var AGEO = [35.9775, 139.5933]; // 上尾市役所: where a map with nothing on it starts

  function addTiles(map, el) {
    var notice = el.dataset.notice ? document.getElementById(el.dataset.notice) : null;
    var layer = L.tileLayer(el.dataset.tileUrl, {
      attribution: el.dataset.tileAttribution,
      maxZoom: 18
    });
    layer.on("tileerror", function () {
      if (notice) notice.hidden = false;
    });
    layer.addTo(map);
  }

  function popupLink(props) {
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.name;
    return link;
  }

  function showFeatures(map, el, collection) {
    var points = [];
    collection.features.forEach(function (f) {
      if (!f.geometry) return; // a private host: listed, never placed on the map
      var at = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      var marker = L.marker(at, { title: f.properties.name, alt: f.properties.name });
      if (f.properties.url) marker.bindPopup(popupLink(f.properties));
      marker.addTo(map);
      points.push(at);
    });
    if (points.length === 1) map.setView(points[0], 16);
    else if (points.length) map.fitBounds(points, { padding: [30, 30], maxZoom: 16 });
    el.dataset.markers = String(points.length);
  }

  function loadFeatures(map, el) {
    if (el.dataset.features) {
      var script = document.getElementById(el.dataset.features);
      showFeatures(map, el, JSON.parse(script.textContent));
    } else if (el.dataset.geojson) {
      fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.json(); })
        .then(function (collection) { showFeatures(map, el, collection); });
    }
  }

  function addPicker(map, el) {
    var lat = document.getElementById(el.dataset.latInput);
    var lon = document.getElementById(el.dataset.lonInput);
    var marker = null;
    function put(at, pan) {
      if (marker) marker.setLatLng(at);
      else marker = L.marker(at, { alt: "選んだ位置", keyboard: false }).addTo(map);
      if (pan) map.setView(at, Math.max(map.getZoom(), 15));
    }
    function fromInputs(pan) {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b)) put([a, b], pan);
    }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      put(e.latlng, false);
    });
    lat.addEventListener("change", function () { fromInputs(true); });
    lon.addEventListener("change", function () { fromInputs(true); });
    fromInputs(true);
  }

  document.querySelectorAll("[data-places-map]").forEach(function (el) {
    var map = L.map(el, { scrollWheelZoom: false }).setView(AGEO, 13);
    addTiles(map, el);
    loadFeatures(map, el);
    if (el.dataset.latInput) addPicker(map, el);
    el.dataset.ready = "true";
  });
})();
