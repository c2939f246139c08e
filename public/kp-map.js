// Shared map setup (ADR 0059), loaded after Leaflet (/assets/leaflet/leaflet.js) and before a module's map script.
// Turns a server-rendered box (platform/views/map.tsx: hidden, data-tiles, data-attribution, data-zoom-in/-out,
// data-height) into a Leaflet map with pan and zoom by mouse, touch and keyboard (arrows, + and -). Without a tile
// URL the map has no background; the module's shapes still pan and zoom. Without JavaScript the box stays hidden.
(function () {
  "use strict";
  var L = window.L;
  if (!L) return;
  L.Icon.Default.imagePath = "/assets/leaflet/images/";
  // Where a map starts before its shapes are fitted (the county's area); pickers without shapes start here.
  var HOME = [48.9, 8.72];

  function plain(s) {
    var d = document.createElement("div");
    d.textContent = s;
    return d.innerHTML;
  }
  function create(box, opts) {
    opts = opts || {};
    box.hidden = false;
    box.style.height = (Number(box.dataset.height) || opts.height || 380) + "px";
    var map = L.map(box, { zoomControl: false, attributionControl: false, minZoom: 6, maxZoom: 18 });
    L.control.zoom({ zoomInTitle: box.dataset.zoomIn || "+", zoomOutTitle: box.dataset.zoomOut || "-" }).addTo(map);
    L.control.attribution({ prefix: '<a href="https://leafletjs.com/">Leaflet</a>' }).addTo(map);
    // The attribution is configuration text, not markup (Leaflet would insert it as HTML).
    if (box.dataset.tiles) L.tileLayer(box.dataset.tiles, { attribution: plain(box.dataset.attribution || ""), maxZoom: 19 }).addTo(map);
    map.setView(opts.center || HOME, opts.zoom || 11);
    return map;
  }
  function fit(map, bounds, maxZoom) {
    if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: maxZoom || 17 });
  }
  function features(url) {
    return fetch(url, { headers: { accept: "application/geo+json" } }).then(function (r) {
      return r.ok ? r.json() : { type: "FeatureCollection", features: [] };
    });
  }
  /**
   * Picking a point: a click or tap on the map, or Enter (or Space) while the map itself has the focus, which
   * takes the point under the crosshair in the middle. onPick gets an L.LatLng.
   */
  function picker(map, onPick) {
    var box = map.getContainer();
    L.DomUtil.create("div", "kp-map-crosshair", box).setAttribute("aria-hidden", "true");
    map.on("click", function (e) { onPick(e.latlng); });
    // An arrow key pans with a short animation: Enter pressed while it runs takes where the pan ends, not where it is.
    var moving = false;
    map.on("movestart", function () { moving = true; });
    map.on("moveend", function () { moving = false; });
    box.addEventListener("keydown", function (e) {
      if (e.target !== box || (e.key !== "Enter" && e.key !== " ")) return;
      e.preventDefault();
      if (moving) map.once("moveend", function () { onPick(map.getCenter()); });
      else onPick(map.getCenter());
    });
  }
  /** A marker as a named button: Leaflet gives it focus and role=button but no keys, so Enter and Space do the click. */
  function pressable(marker, label, action) {
    marker.on("click", action);
    var el = marker.getElement();
    if (!el) return;
    el.setAttribute("aria-label", label);
    el.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault();
      e.stopPropagation();
      action();
    });
  }
  /**
   * A place with a count (care, orchards): a round marker showing the number, its name as a tooltip, a named button
   * that moves to and focuses the place's entry in the list (p: lat, lon, n, name, label, target).
   */
  function countMarker(map, p, o) {
    var size = 22 + Math.min(p.n, 6) * o.step;
    var icon = L.divIcon({ className: "kp-map-point " + o.className, html: '<span aria-hidden="true">' + Number(p.n) + "</span>", iconSize: [size, size] });
    var marker = L.marker([p.lat, p.lon], { icon: icon, keyboard: true, title: p.name }).addTo(map);
    marker.bindTooltip(p.name, { permanent: !!o.permanent, direction: "top", offset: [0, -size / 2] });
    pressable(marker, p.label, function () {
      var target = document.getElementById(p.target);
      if (!target) return;
      location.hash = p.target;
      target.focus();
    });
    return marker;
  }
  function fixed(n) { return (Math.round(n * 1e5) / 1e5).toFixed(5); }
  window.kpMap = { create: create, fit: fit, features: features, picker: picker, pressable: pressable, countMarker: countMarker, fixed: fixed };
})();
