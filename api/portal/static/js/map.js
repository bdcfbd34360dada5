// A small map of one place (Leaflet). Tiles come from KOOPERACJA_TILE_URL; when they fail
// (offline office, no tile server) the marker is still drawn on the plain background.
(function () {
  "use strict";
  // Leaflet treats a string tooltip as HTML: pass a text node so a name is never markup.
  function text(value) { var span = document.createElement("span"); span.textContent = value; return span; }
  var el = document.getElementById("mapa");
  if (!el || !window.L) { return; }
  var lat = parseFloat(el.getAttribute("data-lat"));
  var lon = parseFloat(el.getAttribute("data-lon"));
  if (isNaN(lat) || isNaN(lon)) { return; }
  var map = window.L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 13);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    window.L.tileLayer(tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  }
  window.L.circleMarker([lat, lon], { radius: 9, color: "#084886", weight: 3, fillColor: "#0b5cad", fillOpacity: 0.9 })
    .addTo(map).bindTooltip(text(el.getAttribute("data-name") || ""));
})();
