// Road-works map (progressive enhancement, ADR 0059; after Leaflet and kp-map.js): only where the page carries
// #kp-roadworks-map (with MAP_TILE_URL). Fetches the listed works as GeoJSON and draws the works (red) and their
// detours (dashed blue) over the tiles, fitted to the view; pan and zoom by mouse, touch and keys. Without
// JavaScript or without a tile URL the list with its coordinates is the whole page.
(function () {
  "use strict";
  var box = document.getElementById("kp-roadworks-map");
  var kp = window.kpMap, L = window.L;
  if (!box || !box.dataset.tiles || !window.fetch || !kp || !L) return;
  var work = { color: "#c00000", weight: 5, fillOpacity: 0.3 };
  var detour = { color: "#0b5cad", weight: 5, dashArray: "8 6", fill: false };
  function layer(geometry, style) {
    return L.geoJSON(geometry, {
      interactive: false,
      style: style,
      pointToLayer: function (_f, latlng) { return L.circleMarker(latlng, { radius: 7, color: style.color, fillColor: style.color, fillOpacity: 1, interactive: false }); },
    });
  }
  kp.features(box.dataset.features)
    .then(function (fc) {
      if (!fc.features || fc.features.length === 0) return;
      var map = kp.create(box, { height: 380 });
      var all = L.featureGroup().addTo(map);
      fc.features.forEach(function (f) {
        if (f.properties && f.properties.detour) layer(f.properties.detour, detour).addTo(all);
        if (f.geometry) layer(f.geometry, work).addTo(all);
      });
      kp.fit(map, all.getBounds(), 17);
    })
    .catch(function () { /* the list stays */ });
})();
