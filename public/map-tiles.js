// Shared by the road-works map and location picker (loaded before them): Web-Mercator projection and drawing
// the slippy-map tiles of a view into a box. The tile URL comes from the box's data-tiles ({z}, {x}, {y}).
(function () {
  "use strict";
  var TILE = 256;
  function project(lon, lat, z) {
    var n = Math.pow(2, z) * TILE, s = Math.sin((lat * Math.PI) / 180);
    return [((lon + 180) / 360) * n, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n];
  }
  function unproject(x, y, z) {
    var n = Math.pow(2, z) * TILE;
    return [(x / n) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI];
  }
  /** Sizes the box as a clipping frame of W × H pixels. */
  function frame(box, W, H, border) {
    box.style.position = "relative";
    box.style.overflow = "hidden";
    box.style.width = W + "px";
    box.style.height = H + "px";
    box.style.border = border;
  }
  /** Appends the tiles covering the view whose top-left pixel (at zoom z) is ox, oy. */
  function drawTiles(box, ox, oy, W, H, z) {
    for (var tx = Math.floor(ox / TILE); tx * TILE < ox + W; tx++) {
      for (var ty = Math.floor(oy / TILE); ty * TILE < oy + H; ty++) {
        var img = document.createElement("img");
        img.alt = "";
        img.src = box.dataset.tiles.replace("{z}", z).replace("{x}", tx).replace("{y}", ty);
        img.style.position = "absolute";
        img.style.left = tx * TILE - ox + "px";
        img.style.top = ty * TILE - oy + "px";
        img.style.width = img.style.height = TILE + "px";
        box.appendChild(img);
      }
    }
  }
  /**
   * Fits the [lon, lat] points into a W × H view (highest zoom ≤ maxZ with a 20 px margin), frames the box,
   * draws the tiles and returns the zoom, the view's top-left pixel and an empty SVG overlay (not yet appended).
   */
  function fitView(box, all, W, H, maxZ) {
    var lons = all.map(function (p) { return p[0]; });
    var lats = all.map(function (p) { return p[1]; });
    var west = Math.min.apply(null, lons), east = Math.max.apply(null, lons);
    var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats);
    var z = maxZ;
    while (z > 8) {
      var a = project(west, north, z), b = project(east, south, z);
      if (b[0] - a[0] < W - 40 && b[1] - a[1] < H - 40) break;
      z--;
    }
    var c1 = project(west, north, z), c2 = project(east, south, z);
    var ox = (c1[0] + c2[0]) / 2 - W / 2, oy = (c1[1] + c2[1]) / 2 - H / 2;
    frame(box, W, H, "1px solid #666");
    // Without a tile server (MAP_TILE_URL unset) the view stays a plain frame for the overlay (care map).
    if (box.dataset.tiles) drawTiles(box, ox, oy, W, H, z);
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", W);
    svg.setAttribute("height", H);
    svg.setAttribute("aria-hidden", "true");
    svg.style.position = "absolute";
    svg.style.left = svg.style.top = "0";
    return { z: z, ox: ox, oy: oy, svg: svg };
  }
  window.kpMapTiles = { TILE: TILE, project: project, unproject: unproject, frame: frame, drawTiles: drawTiles, fitView: fitView };
})();
