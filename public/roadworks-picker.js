// Location picker of the road-works application (progressive enhancement, ADR 0059, only with MAP_TILE_URL; after
// Leaflet and kp-map.js). Pan and zoom by mouse, touch and keys (arrows, + and -); Enter while the map has the
// focus adds the point under the crosshair to the chosen field ("Lage" or "Umleitung"), a click or tap adds the
// clicked point. The chosen field's points are drawn (a point, a line, or an area once closed); buttons remove the
// last point, close the area (repeat the first point) or delete all points; a live region announces every change.
// The text fields stay the text alternative and work without the script (typed coordinates, "lat, lon; lat, lon").
(function () {
  "use strict";
  var box = document.getElementById("kp-roadworks-picker");
  var tools = document.getElementById("kp-roadworks-picker-tools");
  var status = document.getElementById("kp-roadworks-picker-status");
  var kp = window.kpMap, L = window.L;
  if (!box || !box.dataset.tiles || !kp || !L || !document.getElementById(box.dataset.target)) return;
  var field = document.getElementById(box.dataset.target);
  var map = kp.create(box, { height: 340 });
  var drawn = L.layerGroup().addTo(map);
  if (tools) tools.hidden = false;

  // The field's points as [lat, lon] (typed as "lat, lon" separated by ";"); GeoJSON input is left alone.
  function points() {
    var v = field.value.trim();
    if (!v || v.charAt(0) === "{") return [];
    return v.split(";").map(function (p) {
      var n = p.split(",").map(function (x) { return parseFloat(x); });
      return n.length === 2 && isFinite(n[0]) && isFinite(n[1]) ? [n[0], n[1]] : null;
    }).filter(Boolean);
  }
  function write(list) {
    field.value = list.map(function (p) { return kp.fixed(p[0]) + ", " + kp.fixed(p[1]); }).join("; ");
  }
  function say(text) { if (status) status.textContent = text; }
  function render() {
    drawn.clearLayers();
    var pts = points();
    var detour = field.id === "umleitung";
    var colour = detour ? "#0b3e6f" : "#c00000";
    var closed = pts.length > 3 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1];
    if (closed) L.polygon(pts.slice(0, -1), { color: colour, weight: 3, fillOpacity: 0.2, interactive: false, className: "kp-picker-area" }).addTo(drawn);
    else if (pts.length > 1) L.polyline(pts, { color: colour, weight: 3, dashArray: detour ? "6 4" : null, interactive: false, className: "kp-picker-line" }).addTo(drawn);
    pts.forEach(function (p) {
      L.circleMarker(p, { radius: 5, color: "#c00000", fillColor: "#c00000", fillOpacity: 1, interactive: false, className: "kp-picker-point" }).addTo(drawn);
    });
  }
  kp.picker(map, function (latlng) {
    var list = points();
    list.push([latlng.lat, latlng.lng]);
    write(list);
    say((box.dataset.added || "") + " " + kp.fixed(latlng.lat) + ", " + kp.fixed(latlng.lng));
    render();
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
  // Typed points of the field (e.g. after a refused submit) are in view.
  if (points().length) kp.fit(map, L.latLngBounds(points()), 16);
})();
