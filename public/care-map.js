// Map of the care search's results (progressive enhancement over the list): only where the page carries
// #kp-care-map with data-points (one point per municipality: the municipality centre, not the provider's
// address). Draws the tiles when a tile server is configured (data-tiles), else a plain frame with the town
// names. A click on a point jumps to the first result of that municipality in the list.
(function () {
  "use strict";
  var box = document.getElementById("kp-care-map");
  var figure = document.getElementById("kp-care-map-figure");
  var tiles = window.kpMapTiles;
  if (!box || !figure || !tiles) return;
  var points;
  try {
    points = JSON.parse(box.dataset.points || "[]");
  } catch (e) {
    return;
  }
  if (!points.length) return;
  var origin = box.dataset.origin ? box.dataset.origin.split(",").map(Number) : null;
  var all = points.map(function (p) { return [p.lon, p.lat]; });
  if (origin) all.push([origin[1], origin[0]]);
  var c0 = all[0];
  all.push([c0[0] - 0.04, c0[1] - 0.025], [c0[0] + 0.04, c0[1] + 0.025]);
  var W = Math.min(figure.parentNode.clientWidth || 480, 720), H = 420;
  if (!box.dataset.tiles) box.style.background = "#eef2f5";
  var view = tiles.fitView(box, all, W, H, 13);
  var z = view.z, ox = view.ox, oy = view.oy, svg = view.svg;
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  if (origin) {
    var o = tiles.project(origin[1], origin[0], z);
    svg.appendChild(el("circle", { cx: (o[0] - ox).toFixed(1), cy: (o[1] - oy).toFixed(1), r: "16", fill: "none", stroke: "#a3140f", "stroke-width": "3", "stroke-dasharray": "4 3" }));
  }
  points.forEach(function (p) {
    var c = tiles.project(p.lon, p.lat, z);
    var x = c[0] - ox, y = c[1] - oy;
    var g = el("g", { "class": "kp-care-map-point", "data-ags": p.ags });
    g.style.cursor = "pointer";
    g.appendChild(el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: String(9 + Math.min(p.n, 6) * 2), fill: p.free ? "#0b5cad" : "#6b6b6b", "fill-opacity": "0.85", stroke: "#fff", "stroke-width": "2" }));
    var n = el("text", { x: x.toFixed(1), y: (y + 4).toFixed(1), "text-anchor": "middle", fill: "#fff", "font-size": "12", "font-weight": "bold" });
    n.textContent = String(p.n);
    g.appendChild(n);
    var label = el("text", { x: x.toFixed(1), y: (y - 16 - Math.min(p.n, 6) * 2).toFixed(1), "text-anchor": "middle", fill: "#1b1b1b", "font-size": "12", stroke: "#fff", "stroke-width": "3", "paint-order": "stroke" });
    label.textContent = p.name;
    g.appendChild(label);
    g.addEventListener("click", function () {
      var target = document.getElementById(p.target);
      if (!target) return;
      location.hash = p.target;
      target.focus();
    });
    svg.appendChild(g);
  });
  box.appendChild(svg);
  figure.hidden = false;
})();
