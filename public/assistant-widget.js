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

  // First load: the whole fragment. Later: only the turns not yet shown go into the live list, and the
  // form is replaced (new CSRF token, error message next to the field when there is one).
  function apply(fresh, first) {
    if (!fresh) return;
    if (first || !dialog.querySelector(".kp-assistant-widget")) {
      dialog.replaceChildren(document.importNode(fresh, true));
      wire();
      return;
    }
    var list = dialog.querySelector("#kp-widget-verlauf");
    Array.prototype.forEach.call(fresh.querySelectorAll("#kp-widget-verlauf > li"), function (li) {
      if (!document.getElementById(li.id)) list.appendChild(document.importNode(li, true));
    });
    var form = dialog.querySelector("[data-widget-form]");
    form.replaceWith(document.importNode(fresh.querySelector("[data-widget-form]"), true));
    wire();
  }

  function wire() {
    var close = dialog.querySelector("[data-widget-close]");
    if (close) close.addEventListener("click", function () { dialog.close(); });
    var form = dialog.querySelector("[data-widget-form]");
    if (!form) return;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var submit = form.querySelector('button[type="submit"]');
      if (submit) submit.disabled = true;
      fetch("/assistent", {
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
        scrollDown();
        var input = field();
        if (input) input.focus();
      })
      .catch(function () {
        location.href = "/assistent";
      });
  });
  dialog.addEventListener("close", function () { button.focus(); });
})();
