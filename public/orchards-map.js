// Map of a listing's approximate location (progressive enhancement): only where the page carries #kp-orchard-map
// with a tile URL (MAP_TILE_URL). Draws the ~1 km grid cell (or, for a municipality centre, a ring) over the tiles.
// The page already states the location as text with a link to OpenStreetMap; the exact point is never sent here.
(function () {
  "use strict";
  var box = document.getElementById("kp-orchard-map");
  var tiles = window.kpMapTiles;
  if (!box || !box.dataset.tiles || !tiles) return;
  var lat = Number(box.dataset.lat), lon = Number(box.dataset.lon);
  if (!isFinite(lat) || !isFinite(lon)) return;
  var cell = box.dataset.cell ? box.dataset.cell.split(",").map(Number) : null;
  var dLat = cell ? cell[0] / 2 : 0.02, dLon = cell ? cell[1] / 2 : 0.03;
  var W = Math.min(box.clientWidth || 480, 640), H = 320;
  var corners = [[lon - dLon * 3, lat - dLat * 3], [lon + dLon * 3, lat + dLat * 3]];
  var view = tiles.fitView(box, corners, W, H, 16);
  var z = view.z, ox = view.ox, oy = view.oy, svg = view.svg;
  var a = tiles.project(lon - dLon, lat + dLat, z), b = tiles.project(lon + dLon, lat - dLat, z);
  var NS = "http://www.w3.org/2000/svg";
  var shape;
  if (cell) {
    shape = document.createElementNS(NS, "rect");
    shape.setAttribute("x", (a[0] - ox).toFixed(1));
    shape.setAttribute("y", (a[1] - oy).toFixed(1));
    shape.setAttribute("width", (b[0] - a[0]).toFixed(1));
    shape.setAttribute("height", (b[1] - a[1]).toFixed(1));
  } else {
    var c = tiles.project(lon, lat, z);
    shape = document.createElementNS(NS, "circle");
    shape.setAttribute("cx", (c[0] - ox).toFixed(1));
    shape.setAttribute("cy", (c[1] - oy).toFixed(1));
    shape.setAttribute("r", String(Math.max(12, (b[0] - a[0]) / 2)));
  }
  shape.setAttribute("fill", "#0b5cad");
  shape.setAttribute("fill-opacity", "0.25");
  shape.setAttribute("stroke", "#0b5cad");
  shape.setAttribute("stroke-width", "3");
  svg.appendChild(shape);
  box.appendChild(svg);
  box.hidden = false;
})();
