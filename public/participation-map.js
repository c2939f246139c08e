// Maps of a building plan (progressive enhancement, ADR 0059; loaded after Leaflet and kp-map.js):
// #kp-plan-map on the procedure page shows the plan's area (red outline) and its land-use areas (blue), lines and
// points labelled with their names (the API's label, the same text as the list under the map);
// #kp-comment-map on the statement form shows the same and sets the statement's point: a click or tap, or Enter
// at the crosshair while the map has the focus, fills the latitude/longitude fields (which stay the way without
// JavaScript) and places a marker; typing in the fields moves the marker. Tiles only with MAP_TILE_URL.
(function () {
  "use strict";
  var kp = window.kpMap, L = window.L;
  if (!kp || !L || !window.fetch) return;

  function planLayer(fc) {
    var landUse = fc.features.filter(function (f) { return f.properties && f.properties.role === "landUse"; });
    var area = fc.features.filter(function (f) { return f.properties && f.properties.role === "area"; });
    var group = L.featureGroup();
    // Surfaces with their holes (Leaflet fills even-odd), lines (Baugrenze …) and points (a tree to keep …) alike.
    L.geoJSON({ type: "FeatureCollection", features: landUse }, {
      interactive: false,
      style: { color: "#0b5cad", weight: 2, fillOpacity: 0.25 },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 5, color: "#0b5cad", weight: 2, fillOpacity: 0.6, interactive: false }); },
      // Lines and points carry their name (the server's label, the same text as in the list under the map): a line or a
      // dot alone does not say whether it is a Baugrenze or a tree. Areas are named in the list only (labels would cover them).
      onEachFeature: function (f, layer) {
        var label = f.properties && f.properties.label;
        if (!label || !f.geometry || f.geometry.type === "MultiPolygon") return;
        var point = f.geometry.type === "MultiPoint";
        var named = point && layer.getLayers ? layer.getLayers() : [layer];
        // Every point of a MultiPoint (a row of trees is several points of one feature) gets the name; a line one label.
        named.forEach(function (l) {
          l.bindTooltip(label, { permanent: true, direction: point ? "right" : "center", offset: point ? [6, 0] : [0, 0], className: "kp-plan-label" });
        });
      }
    }).addTo(group);
    L.geoJSON({ type: "FeatureCollection", features: area }, { interactive: false, style: { color: "#c00000", weight: 4, fill: false } }).addTo(group);
    return group;
  }
  function show(box, then) {
    kp.features(box.dataset.features)
      .then(function (fc) {
        if (!fc.features || fc.features.length === 0) return;
        var map = kp.create(box);
        var layer = planLayer(fc).addTo(map);
        kp.fit(map, layer.getBounds(), 18);
        if (then) then(map);
      })
      .catch(function () { /* the list and the fields stay */ });
  }

  var plan = document.getElementById("kp-plan-map");
  if (plan) show(plan);

  var pick = document.getElementById("kp-comment-map");
  var lat = document.getElementById("breite"), lon = document.getElementById("laenge");
  if (!pick || !lat || !lon) return;
  var status = document.getElementById("kp-comment-map-status");
  var help = document.getElementById("kp-comment-map-help");
  // The fields take a decimal comma in German, as their hint shows.
  var comma = (document.documentElement.lang || "de").indexOf("de") === 0;
  function write(n) { var s = kp.fixed(n); return comma ? s.replace(".", ",") : s; }
  function read(el) { var n = parseFloat(el.value.trim().replace(",", ".")); return isFinite(n) ? n : null; }
  show(pick, function (map) {
    if (help) help.hidden = false;
    var marker = null;
    function place(latlng) {
      if (!marker) {
        // Not focusable: the point is a result shown on the map; the fields are its accessible form.
        marker = L.marker(latlng, { keyboard: false, interactive: false, alt: "" }).addTo(map);
        marker.getElement().classList.add("kp-comment-marker");
      } else marker.setLatLng(latlng);
    }
    var a = read(lat), b = read(lon);
    if (a !== null && b !== null) place(L.latLng(a, b));
    kp.picker(map, function (latlng) {
      lat.value = write(latlng.lat);
      lon.value = write(latlng.lng);
      place(latlng);
      if (status) status.textContent = (pick.dataset.placed || "") + " " + lat.value + "; " + lon.value;
    });
    function typed() {
      var x = read(lat), y = read(lon);
      if (x !== null && y !== null && Math.abs(x) <= 90 && Math.abs(y) <= 180) place(L.latLng(x, y));
    }
    lat.addEventListener("input", typed);
    lon.addEventListener("input", typed);
  });
})();
