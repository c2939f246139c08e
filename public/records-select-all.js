// Bulk release of scans: a "select all" checkbox (progressive enhancement). Without JavaScript the button
// "Alle freigeben" does the same on the server. The user's own scans (four-eyes rule) are not ticked.
(function () {
  var form = document.querySelector("form[data-select-all]");
  if (!form) return;
  var own = (form.getAttribute("data-own") || "").split(" ");
  var boxes = Array.prototype.filter.call(form.querySelectorAll('input[type="checkbox"][name="scans"]'), function (b) {
    return own.indexOf(b.value) < 0;
  });
  var body = form.querySelector(".kern-fieldset__body");
  if (!boxes.length || !body) return;
  var wrap = document.createElement("div");
  wrap.className = "kern-form-check";
  var all = document.createElement("input");
  all.type = "checkbox";
  all.id = "scans-select-all";
  all.className = "kern-form-check__checkbox";
  var label = document.createElement("label");
  label.className = "kern-label";
  label.htmlFor = all.id;
  label.textContent = form.getAttribute("data-select-all");
  wrap.appendChild(all);
  wrap.appendChild(label);
  body.insertBefore(wrap, body.firstChild);
  function sync() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    all.checked = n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    sync();
  });
  boxes.forEach(function (b) { b.addEventListener("change", sync); });
  sync();
})();
