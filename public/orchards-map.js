// Orchard maps (progressive enhancement, ADR 0059; after Leaflet and kp-map.js). Only public points are ever sent
// here: the ~1 km grid cell centre or the municipality centre, never the exact point.
// #kp-orchard-map (a listing, only with MAP_TILE_URL): the grid cell as a rectangle, or a ring for a municipality
// centre, over the tiles; pan and zoom. #kp-orchards-overview (/streuobst/karte): every place as a focusable marker
// (a filled circle for a grid cell, a ring for a municipality centre, the number of listings in it) that jumps to
// its entry in the list; it replaces the page's SVG overview, which stays the view without JavaScript.
(function () {
  "use strict";
  var kp = window.kpMap, L = window.L;
  if (!kp || !L) return;

  var one = document.getElementById("kp-orchard-map");
  if (one && one.dataset.tiles) {
    var lat = Number(one.dataset.lat), lon = Number(one.dataset.lon);
    if (isFinite(lat) && isFinite(lon)) {
      var map = kp.create(one, { height: 320 });
      var cell = one.dataset.cell ? one.dataset.cell.split(",").map(Number) : null;
      var shape = cell
        ? L.rectangle([[lat - cell[0] / 2, lon - cell[1] / 2], [lat + cell[0] / 2, lon + cell[1] / 2]], { color: "#0b5cad", weight: 3, fillOpacity: 0.25, interactive: false })
        : L.circle([lat, lon], { radius: 1500, color: "#0b5cad", weight: 3, fillOpacity: 0.25, interactive: false });
      shape.addTo(map);
      kp.fit(map, shape.getBounds().pad(2), 15);
    }
  }

  var box = document.getElementById("kp-orchards-overview");
  if (!box) return;
  var points;
  try {
    points = JSON.parse(box.dataset.points || "[]");
  } catch (e) {
    return;
  }
  if (!points.length) return;
  var overview = kp.create(box, { height: 460 });
  var bounds = L.latLngBounds([]);
  points.forEach(function (p) {
    kp.countMarker(overview, p, { step: 3, className: "kp-orchards-point" + (p.grid ? " kp-map-point--free" : " kp-map-point--ring") });
    bounds.extend([p.lat, p.lon]);
  });
  kp.fit(overview, bounds.pad(0.1), 13);
  var svg = document.querySelector("svg.kp-orchard-overview");
  if (svg) svg.style.display = "none";
})();
