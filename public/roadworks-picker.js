// Location picker for the road-works application (progressive enhancement, only with MAP_TILE_URL): a tile
// view with a crosshair. Keyboard: arrow keys move the view, + and - zoom, Enter adds the crosshair's point to
// the chosen field ("Lage" or "Umleitung"); a click adds the clicked point. The points of the chosen field are
// drawn over the tiles (a point, a line, or an area once closed); buttons remove the last point, close the area
// (repeat the first point) or delete all points; a live region announces every change. The text fields stay
// the text alternative and work without the script (typed coordinates, "lat, lon; lat, lon").
(function () {
  "use strict";
  var box = document.getElementById("kp-roadworks-picker");
  var tools = document.getElementById("kp-roadworks-picker-tools");
  var status = document.getElementById("kp-roadworks-picker-status");
  var tiles = window.kpMapTiles;
  if (!box || !box.dataset.tiles || !tiles || !document.getElementById(box.dataset.target)) return;
  var field = document.getElementById(box.dataset.target);
  var W = Math.min(box.parentElement.clientWidth || 480, 640), H = 320;
  var lon = 8.72, lat = 48.9, z = 11;
  var project = tiles.project, unproject = tiles.unproject;
  var NS = "http://www.w3.org/2000/svg";
  tiles.frame(box, W, H, "2px solid #333");
  box.hidden = false;
  if (tools) tools.hidden = false;

  // The field's points as [lon, lat] (typed as "lat, lon" separated by ";"); GeoJSON input is left alone.
  function points() {
    var v = field.value.trim();
    if (!v || v.charAt(0) === "{") return [];
    return v.split(";").map(function (p) {
      var n = p.split(",").map(function (x) { return parseFloat(x); });
      return n.length === 2 && isFinite(n[0]) && isFinite(n[1]) ? [n[1], n[0]] : null;
    }).filter(Boolean);
  }
  function write(list) {
    field.value = list.map(function (p) { return p[1].toFixed(5) + ", " + p[0].toFixed(5); }).join("; ");
  }
  function say(text) { if (status) status.textContent = text; }
  function render() {
    while (box.firstChild) box.removeChild(box.firstChild);
    var c = project(lon, lat, z), ox = c[0] - W / 2, oy = c[1] - H / 2;
    tiles.drawTiles(box, ox, oy, W, H, z);
    var pts = points();
    if (pts.length) {
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("width", W);
      svg.setAttribute("height", H);
      svg.setAttribute("aria-hidden", "true");
      svg.style.position = "absolute";
      svg.style.left = svg.style.top = "0";
      var xy = pts.map(function (p) { var q = project(p[0], p[1], z); return [q[0] - ox, q[1] - oy]; });
      var closed = pts.length > 3 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1];
      if (xy.length > 1) {
        var shape = document.createElementNS(NS, closed ? "polygon" : "polyline");
        shape.setAttribute("points", xy.map(function (p) { return p[0] + "," + p[1]; }).join(" "));
        shape.setAttribute("fill", closed ? "rgba(192,0,0,0.2)" : "none");
        shape.setAttribute("stroke", field.id === "umleitung" ? "#0b3e6f" : "#c00000");
        shape.setAttribute("stroke-width", "3");
        if (field.id === "umleitung") shape.setAttribute("stroke-dasharray", "6 4");
        svg.appendChild(shape);
      }
      xy.forEach(function (p) {
        var dot = document.createElementNS(NS, "circle");
        dot.setAttribute("cx", p[0]);
        dot.setAttribute("cy", p[1]);
        dot.setAttribute("r", "5");
        dot.setAttribute("fill", "#c00000");
        svg.appendChild(dot);
      });
      box.appendChild(svg);
    }
    var cross = document.createElement("div");
    cross.style.position = "absolute";
    cross.style.left = W / 2 - 10 + "px";
    cross.style.top = H / 2 - 10 + "px";
    cross.style.width = cross.style.height = "18px";
    cross.style.border = "3px solid #c00000";
    cross.style.borderRadius = "50%";
    box.appendChild(cross);
  }
  function add(lo, la) {
    var list = points();
    list.push([lo, la]);
    write(list);
    say((box.dataset.added || "") + " " + la.toFixed(5) + ", " + lo.toFixed(5));
    render();
  }
  box.addEventListener("keydown", function (e) {
    var c = project(lon, lat, z), step = 40, handled = true;
    if (e.key === "ArrowLeft") c[0] -= step;
    else if (e.key === "ArrowRight") c[0] += step;
    else if (e.key === "ArrowUp") c[1] -= step;
    else if (e.key === "ArrowDown") c[1] += step;
    else if (e.key === "+" && z < 18) z++;
    else if (e.key === "-" && z > 9) z--;
    else if (e.key === "Enter" || e.key === " ") { add(lon, lat); e.preventDefault(); return; }
    else handled = false;
    if (!handled) return;
    e.preventDefault();
    if (e.key.indexOf("Arrow") === 0) { var q = unproject(c[0], c[1], z); lon = q[0]; lat = q[1]; }
    render();
  });
  box.addEventListener("click", function (e) {
    var r = box.getBoundingClientRect(), c = project(lon, lat, z);
    var q = unproject(c[0] - W / 2 + (e.clientX - r.left), c[1] - H / 2 + (e.clientY - r.top), z);
    add(q[0], q[1]);
  });
  if (tools) {
    tools.addEventListener("change", function (e) {
      var next = e.target && e.target.name === "kp-picker-target" && document.getElementById(e.target.value);
      if (next) { field = next; render(); }
    });
    tools.addEventListener("click", function (e) {
      var btn = e.target && e.target.closest ? e.target.closest("button[data-picker]") : null;
      if (!btn) return;
      var list = points(), action = btn.getAttribute("data-picker");
      if (action === "undo" && list.length) { list.pop(); write(list); say(box.dataset.removed || ""); }
      else if (action === "close" && list.length > 2) { list.push(list[0]); write(list); say(box.dataset.closed || ""); }
      else if (action === "clear") { write([]); say(box.dataset.cleared || ""); }
      render();
    });
  }
  ["lage", "umleitung"].forEach(function (id) {
    var f = document.getElementById(id);
    if (f) f.addEventListener("input", function () { if (f === field) render(); });
  });
  render();
})();
