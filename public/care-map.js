// Map of the care search's results (progressive enhancement over the list, ADR 0059; after Leaflet and kp-map.js):
// #kp-care-map carries data-points (a provider whose address was geocoded at its own location, `exact`; the others
// one point per municipality centre, counted) and data-origin. Each point is a focusable marker (Tab) named after its
// provider or municipality and counts; a click, Enter or Space jumps to that result (a municipality's first) in the
// list. Municipality names stay on the map; a provider's name shows on hover and focus (many would cover the map).
// The origin is ringed. Pan and zoom by
// mouse, touch and keys; tiles only with MAP_TILE_URL.
(function () {
  "use strict";
  var box = document.getElementById("kp-care-map");
  var figure = document.getElementById("kp-care-map-figure");
  var kp = window.kpMap, L = window.L;
  if (!box || !figure || !kp || !L) return;
  var points;
  try {
    points = JSON.parse(box.dataset.points || "[]");
  } catch (e) {
    return;
  }
  if (!points.length) return;
  figure.hidden = false;
  var map = kp.create(box, { height: 420 });
  var bounds = L.latLngBounds([]);
  if (box.dataset.origin) {
    var o = box.dataset.origin.split(",").map(Number);
    L.circleMarker(o, { radius: 16, fill: false, color: "#a3140f", weight: 3, dashArray: "4 3", interactive: false, className: "kp-care-map-origin" }).addTo(map);
    bounds.extend(o);
  }
  points.forEach(function (p) {
    var marker = kp.countMarker(map, p, { step: 4, className: "kp-care-map-point" + (p.exact ? " kp-care-map-point--exact" : "") + (p.free ? " kp-map-point--free" : ""), permanent: !p.exact });
    marker.getElement().setAttribute("data-ags", p.ags);
    bounds.extend([p.lat, p.lon]);
  });
  // A single point would zoom to the street: keep the view at the scale of a few municipalities.
  kp.fit(map, bounds.pad(0.1), 12);
})();
