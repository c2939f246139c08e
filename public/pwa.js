/*
 * The app's client script (loaded with <script src>, the CSP forbids inline scripts): registers the
 * service worker; on Mein Konto → Benachrichtigungen it subscribes this browser to Web Push on request
 * and sends the subscription to the portal; on logout it tells the service worker to drop what it cached.
 * Everything works without it.
 */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });

  // Tell the service worker whether someone is signed in (the logout button is there): it keeps the
  // person's own documents for offline use only then, and forgets them otherwise.
  document.addEventListener("DOMContentLoaded", function () {
    var signedIn = !!document.querySelector('form[action="/abmelden"]');
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ type: "session", signedIn: signedIn });
    });
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form && form.getAttribute && form.getAttribute("action") === "/abmelden" && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "logout" });
    }
  });

  function keyBytes(base64url) {
    var s = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var raw = atob(s);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("kp-push");
    if (!box) return;
    var status = document.getElementById("kp-push-status");
    var say = function (text) { status.textContent = text; };
    var noJs = document.querySelector(".kp-push-nojs");
    if (noJs) noJs.hidden = true;
    box.hidden = false;
    if (!("PushManager" in window) || !("Notification" in window)) {
      say(box.getAttribute("data-unsupported"));
      document.getElementById("kp-push-enable").disabled = true;
      return;
    }
    document.getElementById("kp-push-enable").addEventListener("click", function () {
      Notification.requestPermission()
        .then(function (permission) {
          if (permission !== "granted") throw new Error("denied");
          return navigator.serviceWorker.ready;
        })
        .then(function (reg) {
          return reg.pushManager.getSubscription().then(function (existing) {
            return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.getAttribute("data-key")) });
          });
        })
        .then(function (sub) {
          var body = sub.toJSON();
          body._csrf = box.getAttribute("data-csrf");
          return fetch("/konto/benachrichtigungen/geraet", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        })
        .then(function (res) {
          if (!res.ok) throw new Error("save failed");
          say(box.getAttribute("data-enabled"));
        })
        .catch(function (err) {
          say(err && err.message === "denied" ? box.getAttribute("data-denied") : box.getAttribute("data-unsupported"));
        });
    });
  });
})();
