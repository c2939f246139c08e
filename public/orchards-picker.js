// Map picker of the orchard listing form (progressive enhancement, ADR 0059; only with MAP_TILE_URL, after Leaflet and
// kp-map.js). A click or tap, or Enter/Space while the focused map shows the crosshair (move with the arrow keys, zoom
// with + and -), writes the point into "Breite (Nord)" and "Länge (Ost)"; a live region announces it. The typed fields
// stay the way without JavaScript and the text alternative; typing there moves the marker. The server checks the
// point (county area) and shows the public only its ~1 km grid cell.
(function () {
  "use strict";
  var box = document.getElementById("kp-orchard-picker");
  var status = document.getElementById("kp-orchard-picker-status");
  var help = document.getElementById("kp-orchard-picker-help");
  var kp = window.kpMap, L = window.L;
  if (!box || !box.dataset.tiles || !kp || !L) return;
  var lat = document.getElementById(box.dataset.lat), lon = document.getElementById(box.dataset.lon);
  if (!lat || !lon) return;
  var map = kp.create(box, { height: 320 });
  if (help) help.hidden = false;
  var marker = null;
  function num(v) { var n = parseFloat(String(v).trim().replace(",", ".")); return isFinite(n) ? n : null; }
  function typed() { var a = num(lat.value), b = num(lon.value); return a === null || b === null ? null : [a, b]; }
  function render() {
    var p = typed();
    if (marker) { map.removeLayer(marker); marker = null; }
    if (p) marker = L.circleMarker(p, { radius: 6, color: "#c00000", fillColor: "#c00000", fillOpacity: 1, interactive: false, className: "kp-picker-point" }).addTo(map);
  }
  kp.picker(map, function (latlng) {
    lat.value = kp.fixed(latlng.lat);
    lon.value = kp.fixed(latlng.lng);
    if (status) status.textContent = (box.dataset.set || "") + " " + lat.value + ", " + lon.value;
    render();
  });
  lat.addEventListener("input", render);
  lon.addEventListener("input", render);
  render();
  var p = typed();
  if (p) map.setView(p, 15);
})();
