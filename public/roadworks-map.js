// Road-works map (progressive enhancement): only where the page carries #kp-roadworks-map with a tile URL
// (MAP_TILE_URL). Draws the tiles around the listed works and the works (red) and detours (dashed blue) as
// SVG over them. Without JavaScript or without a tile URL the list with its coordinates is the whole page.
(function () {
  "use strict";
  var box = document.getElementById("kp-roadworks-map");
  var tiles = window.kpMapTiles;
  if (!box || !box.dataset.tiles || !window.fetch || !tiles) return;
  var W = Math.min(box.clientWidth || 640, 960);
  var H = 380;
  var project = tiles.project;
  function points(g) {
    if (!g) return [];
    if (g.type === "Point") return [g.coordinates];
    if (g.type === "LineString") return g.coordinates;
    if (g.type === "Polygon") return g.coordinates[0];
    return [];
  }
  fetch(box.dataset.features, { headers: { accept: "application/geo+json" } })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (fc) {
      var all = [];
      fc.features.forEach(function (f) { all = all.concat(points(f.geometry), points(f.properties.detour)); });
      if (all.length === 0) return;
      var lons = all.map(function (p) { return p[0]; });
      var lats = all.map(function (p) { return p[1]; });
      var west = Math.min.apply(null, lons), east = Math.max.apply(null, lons);
      var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats);
      var z = 17;
      while (z > 8) {
        var a = project(west, north, z), b = project(east, south, z);
        if (b[0] - a[0] < W - 40 && b[1] - a[1] < H - 40) break;
        z--;
      }
      var c1 = project(west, north, z), c2 = project(east, south, z);
      var ox = (c1[0] + c2[0]) / 2 - W / 2, oy = (c1[1] + c2[1]) / 2 - H / 2;
      tiles.frame(box, W, H, "1px solid #666");
      tiles.drawTiles(box, ox, oy, W, H, z);
      var NS = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("width", W);
      svg.setAttribute("height", H);
      svg.setAttribute("aria-hidden", "true");
      svg.style.position = "absolute";
      svg.style.left = svg.style.top = "0";
      function draw(g, colour, dashed) {
        var pts = points(g).map(function (p) { var q = project(p[0], p[1], z); return [q[0] - ox, q[1] - oy]; });
        if (pts.length === 0) return;
        var el;
        if (g.type === "Point") {
          el = document.createElementNS(NS, "circle");
          el.setAttribute("cx", pts[0][0]);
          el.setAttribute("cy", pts[0][1]);
          el.setAttribute("r", 7);
          el.setAttribute("fill", colour);
        } else {
          el = document.createElementNS(NS, "path");
          el.setAttribute("d", "M" + pts.map(function (p) { return p[0].toFixed(1) + " " + p[1].toFixed(1); }).join(" L") + (g.type === "Polygon" ? " Z" : ""));
          el.setAttribute("fill", g.type === "Polygon" ? colour : "none");
          el.setAttribute("fill-opacity", "0.3");
          el.setAttribute("stroke", colour);
          el.setAttribute("stroke-width", 5);
          if (dashed) el.setAttribute("stroke-dasharray", "8 6");
        }
        svg.appendChild(el);
      }
      fc.features.forEach(function (f) {
        if (f.properties.detour) draw(f.properties.detour, "#0b5cad", true);
        draw(f.geometry, "#c00000", false);
      });
      box.appendChild(svg);
      box.hidden = false;
    })
    .catch(function () { /* the list stays */ });
})();
