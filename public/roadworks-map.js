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
      var view = tiles.fitView(box, all, W, H, 17);
      var z = view.z, ox = view.ox, oy = view.oy, svg = view.svg;
      var NS = "http://www.w3.org/2000/svg";
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
