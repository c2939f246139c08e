// Staff check-in: scanning the QR code with the device camera where the browser offers
// BarcodeDetector (progressive enhancement). Without it, a USB scanner or typing into the field works.
(function () {
  var form = document.querySelector("form[data-qr-scan]");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  var field = form.querySelector("#" + form.getAttribute("data-qr-scan"));
  if (!field) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "kern-btn kern-btn--secondary";
  button.innerHTML = '<span class="kern-label">Mit Kamera scannen</span>';
  var video = document.createElement("video");
  video.setAttribute("playsinline", "");
  video.setAttribute("aria-label", "Kamerabild zum Scannen des QR-Codes");
  video.hidden = true;
  video.width = 320;
  form.appendChild(button);
  form.appendChild(video);
  var stream = null;
  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
  }
  button.addEventListener("click", function () {
    if (stream) return stop();
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      return video.play().then(function tick() {
        if (!stream) return;
        return detector.detect(video).then(function (codes) {
          if (codes.length > 0) {
            field.value = codes[0].rawValue;
            stop();
            form.submit();
            return;
          }
          setTimeout(tick, 250);
        });
      });
    }).catch(function () { stop(); field.focus(); });
  });
})();
