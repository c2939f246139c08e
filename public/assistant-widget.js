// The assistant on every page (issue 19): progressive enhancement of the navigation's "Assistent" link.
// Without this script the link leads to /assistent, a plain form page. With it, a button opens a modal
// <dialog> holding the same conversation (GET /assistent/widget) and a form that posts to the same
// endpoint (POST /assistent, header X-KP-Widget: 1 → the fragment instead of a redirect). New turns are
// appended to an aria-live list, so screen readers announce only the new answer. Escape closes the
// dialog and focus returns to the button. No inline script or style (strict CSP).
(function () {
  "use strict";
  if (/^\/assistent(\/|$)/.test(location.pathname) || !window.fetch || !window.DOMParser) return;
  var link = document.querySelector('#kp-navigation a[href="/assistent"]');
  var host = document.querySelector(".kp-footer .kern-container");
  if (!link || !host) return;
  var dialog = document.createElement("dialog");
  if (typeof dialog.showModal !== "function") return;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = "/assets/assistant-widget.css";
  document.head.appendChild(css);

  var button = document.createElement("button");
  button.type = "button";
  button.className = "kern-btn kern-btn--primary kp-assistant-launch";
  button.id = "kp-assistant-launch";
  button.setAttribute("aria-haspopup", "dialog");
  var label = document.createElement("span");
  label.className = "kern-label";
  label.textContent = link.textContent.trim();
  button.appendChild(label);
  dialog.className = "kp-assistant-dialog";
  dialog.setAttribute("aria-labelledby", "kp-widget-title");
  host.appendChild(button);
  host.appendChild(dialog);

  function parse(html) {
    return new DOMParser().parseFromString(html, "text/html").querySelector(".kp-assistant-widget");
  }
  function field() {
    return dialog.querySelector("#kp-widget-nachricht");
  }
  function scrollDown() {
    var list = dialog.querySelector("#kp-widget-verlauf");
    if (list) list.scrollTop = list.scrollHeight;
  }

  // First load, or the fragment changed its mode (a live case opened or ended, the offer of a person came or
  // went): the whole fragment. Otherwise only the turns and messages not yet shown go into the live lists,
  // and the forms are replaced (new CSRF token, error message next to the field when there is one).
  function apply(fresh, first) {
    if (!fresh) return;
    var current = dialog.querySelector(".kp-assistant-widget");
    if (first || !current || current.getAttribute("data-widget-mode") !== fresh.getAttribute("data-widget-mode")) {
      dialog.replaceChildren(document.importNode(fresh, true));
      wire();
      return;
    }
    ["#kp-widget-verlauf", "#kp-widget-live"].forEach(function (sel) {
      var list = dialog.querySelector(sel);
      if (!list) return;
      Array.prototype.forEach.call(fresh.querySelectorAll(sel + " > li"), function (li) {
        if (!document.getElementById(li.id)) list.appendChild(document.importNode(li, true));
      });
    });
    // The status line and the read receipt follow the server (a new own message clears "gelesen").
    ["#kp-widget-live-status", "#kp-widget-live-gelesen"].forEach(function (sel) {
      var now = dialog.querySelector(sel);
      var next = fresh.querySelector(sel);
      if (now && next && now.textContent !== next.textContent) now.textContent = next.textContent;
    });
    var forms = dialog.querySelectorAll("[data-widget-form]");
    var freshForms = fresh.querySelectorAll("[data-widget-form]");
    Array.prototype.forEach.call(forms, function (form, i) {
      if (freshForms[i]) form.replaceWith(document.importNode(freshForms[i], true));
    });
    wire();
  }

  // An open live case (ADR 0076): public/assistant-live.js (the same code as on /assistent, loaded the first time a
  // case is shown) polls while the dialog is open and appends new messages; when the case ends or waited in vain,
  // the fragment is reloaded.
  var watcher = null;
  function withLive(cb) {
    if (window.KpAssistantLive) return cb(window.KpAssistantLive);
    var script = document.createElement("script");
    script.src = "/assets/assistant-live.js";
    script.onload = function () { if (window.KpAssistantLive) cb(window.KpAssistantLive); };
    document.head.appendChild(script);
  }
  function stopWatching() {
    if (watcher) watcher.stop();
    watcher = null;
  }
  function watchLive() {
    stopWatching();
    var root = dialog.querySelector("[data-live-poll]");
    if (!root || !dialog.open) return;
    withLive(function (live) {
      if (!dialog.open || !dialog.contains(root)) return;
      stopWatching();
      watcher = live.watch(root, {
        list: root,
        status: dialog.querySelector("#kp-widget-live-status"),
        read: dialog.querySelector("#kp-widget-live-gelesen"),
        idPrefix: "kp-widget-live-",
        active: function () { return dialog.open && dialog.contains(root); },
        onEnd: reloadFragment,
      });
    });
  }
  function reloadFragment() {
    fetch("/assistent/widget", { credentials: "same-origin" })
      .then(function (res) { return res.text(); })
      .then(function (html) { apply(parse(html), false); })
      .catch(function () { watchLive(); });
  }

  function wire() {
    var close = dialog.querySelector("[data-widget-close]");
    if (close) close.addEventListener("click", function () { dialog.close(); });
    Array.prototype.forEach.call(dialog.querySelectorAll("[data-widget-form]"), wireForm);
    watchLive();
  }

  function wireForm(form) {
    if (form.getAttribute("data-wired")) return;
    form.setAttribute("data-wired", "1");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var submit = form.querySelector('button[type="submit"]');
      if (submit) submit.disabled = true;
      fetch(form.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-kp-widget": "1" },
        body: new URLSearchParams(new FormData(form)).toString(),
      })
        .then(function (res) { return res.text(); })
        .then(function (html) {
          apply(parse(html), false);
          scrollDown();
          var input = field();
          if (input) input.focus();
        })
        .catch(function () {
          // Offline or the server failed: the plain page still works.
          location.href = "/assistent";
        });
    });
  }

  button.addEventListener("click", function () {
    fetch("/assistent/widget", { credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (html) {
        apply(parse(html), true);
        dialog.showModal();
        watchLive();
        scrollDown();
        var input = field();
        if (input) input.focus();
      })
      .catch(function () {
        location.href = "/assistent";
      });
  });
  dialog.addEventListener("close", function () {
    stopWatching();
    button.focus();
  });
})();
