// Map of a building plan (progressive enhancement): only where the page carries #kp-plan-map with a tile URL
// (MAP_TILE_URL). Draws the tiles around the plan, its area (red outline) and its areas (blue) as SVG.
// Without JavaScript or without a tile URL the list of areas and the XPlanGML download are the whole section.
(function () {
  "use strict";
  var box = document.getElementById("kp-plan-map");
  var tiles = window.kpMapTiles;
  if (!box || !box.dataset.tiles || !window.fetch || !tiles) return;
  var W = Math.min(box.clientWidth || 640, 960);
  var H = 420;
  var project = tiles.project;
  function rings(g) {
    var out = [];
    (g.coordinates || []).forEach(function (poly) { out.push(poly[0]); });
    return out;
  }
  fetch(box.dataset.features, { headers: { accept: "application/geo+json" } })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (fc) {
      var all = [];
      fc.features.forEach(function (f) { rings(f.geometry).forEach(function (r) { all = all.concat(r); }); });
      if (all.length === 0) return;
      var view = tiles.fitView(box, all, W, H, 18);
      var z = view.z, ox = view.ox, oy = view.oy, svg = view.svg;
      var NS = "http://www.w3.org/2000/svg";
      function draw(g, area) {
        rings(g).forEach(function (ring) {
          var d = "M" + ring.map(function (p) { var q = project(p[0], p[1], z); return (q[0] - ox).toFixed(1) + " " + (q[1] - oy).toFixed(1); }).join(" L") + " Z";
          var el = document.createElementNS(NS, "path");
          el.setAttribute("d", d);
          el.setAttribute("fill", area ? "none" : "#0b5cad");
          el.setAttribute("fill-opacity", "0.25");
          el.setAttribute("stroke", area ? "#c00000" : "#0b5cad");
          el.setAttribute("stroke-width", area ? 4 : 2);
          svg.appendChild(el);
        });
      }
      fc.features.forEach(function (f) { if (f.properties.role === "landUse") draw(f.geometry, false); });
      fc.features.forEach(function (f) { if (f.properties.role === "area") draw(f.geometry, true); });
      box.appendChild(svg);
      box.hidden = false;
    })
    .catch(function () { /* the list stays */ });
})();
