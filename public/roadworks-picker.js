// Location picker for the road-works application (progressive enhancement, only with MAP_TILE_URL): a tile
// view with a crosshair. Keyboard: arrow keys move the view, + and - zoom, Enter adds the crosshair's point to
// the "Lage" field; a click adds the clicked point. The field itself stays the text alternative.
(function () {
  "use strict";
  var box = document.getElementById("kp-roadworks-picker");
  var field = box && document.getElementById(box.dataset.target);
  var status = document.getElementById("kp-roadworks-picker-status");
  var tiles = window.kpMapTiles;
  if (!box || !field || !box.dataset.tiles || !tiles) return;
  var W = Math.min(box.parentElement.clientWidth || 480, 640), H = 320;
  var lon = 8.72, lat = 48.9, z = 11;
  var project = tiles.project, unproject = tiles.unproject;
  tiles.frame(box, W, H, "2px solid #333");
  box.hidden = false;
  function render() {
    while (box.firstChild) box.removeChild(box.firstChild);
    var c = project(lon, lat, z), ox = c[0] - W / 2, oy = c[1] - H / 2;
    tiles.drawTiles(box, ox, oy, W, H, z);
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
    var p = la.toFixed(5) + ", " + lo.toFixed(5);
    field.value = field.value.trim() && field.value.trim().charAt(0) !== "{" ? field.value.trim() + "; " + p : p;
    if (status) status.textContent = (box.dataset.added || "") + " " + p;
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
  render();
})();
