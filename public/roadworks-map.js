// Road-works map (progressive enhancement, ADR 0059; after Leaflet and kp-map.js): only where the page carries
// #kp-roadworks-map (with MAP_TILE_URL). Fetches the listed works as GeoJSON and draws the works (red) and their
// detours (dashed blue) over the tiles, fitted to the view; pan and zoom by mouse, touch and keys. Each work's shape
// is a link to its entry in the list below (#baustelle-<id>): named ("Baustelle <title>: zum Eintrag in der Liste"),
// reachable with Tab, Enter or a click moves the focus to the entry; the focused shape is drawn thicker and dark.
// Without JavaScript or without a tile URL the list with its coordinates is the whole page.
(function () {
  "use strict";
  var box = document.getElementById("kp-roadworks-map");
  var kp = window.kpMap, L = window.L;
  if (!box || !box.dataset.tiles || !window.fetch || !kp || !L) return;
  var work = { color: "#c00000", weight: 5, fillOpacity: 0.3 };
  var focusedWork = { color: "#1b1b1b", weight: 8, fillOpacity: 0.5 };
  var detour = { color: "#0b5cad", weight: 5, dashArray: "8 6", fill: false };
  var labelTemplate = box.dataset.shapeLabel || "{title}";
  function layer(geometry, style, interactive) {
    return L.geoJSON(geometry, {
      interactive: interactive,
      style: style,
      pointToLayer: function (_f, latlng) { return L.circleMarker(latlng, { radius: 7, color: style.color, fillColor: style.color, fillOpacity: 1, interactive: interactive }); },
    });
  }
  function goTo(id) {
    var entry = document.getElementById(id);
    if (!entry) return;
    location.hash = id;
    entry.focus();
  }
  /** Makes the work's drawn shapes a named link to its list entry (keyboard: Tab to it, Enter or Space follows it). */
  function linkShape(group, f) {
    var id = "baustelle-" + f.properties.id;
    if (!document.getElementById(id)) return;
    var label = labelTemplate.replace("{title}", f.properties.title || "");
    group.eachLayer(function (shape) {
      var el = shape.getElement && shape.getElement();
      if (!el) return;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "link");
      el.setAttribute("aria-label", label);
      shape.bindTooltip(f.properties.title || "", { sticky: true });
      shape.on("click", function () { goTo(id); });
      el.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        e.stopPropagation();
        goTo(id);
      });
      el.addEventListener("focus", function () { shape.setStyle(focusedWork); });
      el.addEventListener("blur", function () { shape.setStyle(work); });
    });
  }
  kp.features(box.dataset.features)
    .then(function (fc) {
      if (!fc.features || fc.features.length === 0) return;
      var map = kp.create(box, { height: 380 });
      var all = L.featureGroup().addTo(map);
      fc.features.forEach(function (f) {
        if (f.properties && f.properties.detour) layer(f.properties.detour, detour, false).addTo(all);
        if (f.geometry) linkShape(layer(f.geometry, work, true).addTo(all), f);
      });
      kp.fit(map, all.getBounds(), 17);
    })
    .catch(function () { /* the list stays */ });
})();
