// Road-works map (progressive enhancement, ADR 0059; after Leaflet and kp-map.js): only where the page carries
// #kp-roadworks-map (with MAP_TILE_URL). Fetches the listed works as GeoJSON and draws the works (red) and their
// detours (dashed blue) over the tiles, fitted to the view; pan and zoom by mouse, touch and keys. A click on a work's
// shape moves the focus to its entry in the list below (#baustelle-<id>); the shapes themselves are no Tab stops
// (aria-hidden): the keyboard gets one list of the works on the map, whose links show the work on the map (drawn
// thicker and dark) while focused and lead to the entry.
// Without JavaScript or without a tile URL the list with its coordinates is the whole page.
(function () {
  "use strict";
  var box = document.getElementById("kp-roadworks-map");
  var kp = window.kpMap, L = window.L;
  if (!box || !box.dataset.tiles || !window.fetch || !kp || !L) return;
  var work = { color: "#c00000", weight: 5, fillOpacity: 0.3 };
  var focusedWork = { color: "#1b1b1b", weight: 8, fillOpacity: 0.5 };
  var detour = { color: "#0b5cad", weight: 5, dashArray: "8 6", fill: false };
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
  /**
   * The drawn shapes are no Tab stops (many overlapping shapes would each be one): they are hidden from assistive
   * technology and only answer the mouse (a click moves to the list entry). The keyboard gets one list of the works
   * on the map instead, next to it: each entry a link to the work's entry in the list below; focusing or pointing at
   * it draws the work's shape dark and brings it into view.
   */
  function hideShape(group, f, id) {
    group.eachLayer(function (shape) {
      var el = shape.getElement && shape.getElement();
      if (!el) return;
      shape.bindTooltip(f.properties.title || "", { sticky: true });
      // Chromium makes an SVG shape with focus listeners (the tooltip's) a Tab stop; -1 takes it out of the order.
      el.setAttribute("tabindex", "-1");
      el.setAttribute("aria-hidden", "true");
      shape.on("click", function () { goTo(id); });
    });
  }
  function listEntry(map, group, f, id) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "kern-link";
    a.href = "#" + id;
    a.textContent = f.properties.title || id;
    function mark(on) {
      group.setStyle(on ? focusedWork : work);
      if (on) {
        group.bringToFront();
        var bounds = group.getBounds();
        if (bounds.isValid() && !map.getBounds().contains(bounds)) kp.fit(map, bounds, 17);
      }
    }
    a.addEventListener("focus", function () { mark(true); });
    a.addEventListener("blur", function () { mark(false); });
    a.addEventListener("mouseenter", function () { mark(true); });
    a.addEventListener("mouseleave", function () { if (document.activeElement !== a) mark(false); });
    a.addEventListener("click", function (e) {
      e.preventDefault();
      goTo(id);
    });
    li.appendChild(a);
    return li;
  }
  kp.features(box.dataset.features)
    .then(function (fc) {
      if (!fc.features || fc.features.length === 0) return;
      var map = kp.create(box, { height: 380 });
      var all = L.featureGroup().addTo(map);
      var list = document.createElement("ul");
      list.className = "kern-list kp-roadworks-map-list";
      fc.features.forEach(function (f) {
        if (f.properties && f.properties.detour) layer(f.properties.detour, detour, false).addTo(all);
        if (!f.geometry) return;
        var group = layer(f.geometry, work, true).addTo(all);
        var id = "baustelle-" + f.properties.id;
        if (!document.getElementById(id)) return;
        hideShape(group, f, id);
        list.appendChild(listEntry(map, group, f, id));
      });
      kp.fit(map, all.getBounds(), 17);
      if (list.children.length === 0) return;
      var nav = document.createElement("nav");
      nav.className = "kp-roadworks-map-works";
      nav.setAttribute("aria-label", box.dataset.listLabel || "");
      var intro = document.createElement("p");
      intro.className = "kern-body";
      intro.textContent = box.dataset.listIntro || "";
      nav.appendChild(intro);
      nav.appendChild(list);
      box.parentNode.insertBefore(nav, box.nextSibling);
    })
    .catch(function () { /* the list stays */ });
})();
