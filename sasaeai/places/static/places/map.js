/* Maps of gathering places (Leaflet, served from static/): markers from GeoJSON, tiles from
   settings.MAP_TILE_URL, and on the form a picker that fills 緯度 and 経度 on a click, from the
   keyboard (arrow keys, then Enter) or with the button under the map.
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
    var tools = document.getElementById(el.dataset.tools);
    var said = tools.querySelector("[data-map-picked]");
    var marker = null;
    function put(at, pan) {
      if (marker) marker.setLatLng(at);
      else marker = L.marker(at, { alt: "選んだ位置", keyboard: false }).addTo(map);
      if (pan) map.setView(at, Math.max(map.getZoom(), 15));
    }
    function pick(at) {
      lat.value = at.lat.toFixed(6);
      lon.value = at.lng.toFixed(6);
      put(at, false);
      said.textContent = said.dataset.said.replace("{lat}", lat.value).replace("{lon}", lon.value);
    }
    function fromInputs(pan) {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b)) put([a, b], pan);
    }
    map.on("click", function (e) { pick(e.latlng); });
    // Without a mouse: Leaflet pans with the arrow keys and zooms with + and - once the map has
    // the focus; Enter there, or the button below it, takes the centre (a + shows it, see CSS).
    el.classList.add("picker");
    el.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target === el) {
        e.preventDefault();
        pick(map.getCenter());
      }
    });
    tools.querySelector("[data-map-centre]").addEventListener("click", function () {
      pick(map.getCenter());
    });
    tools.hidden = false;
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
