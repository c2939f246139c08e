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
    var forms = dialog.querySelectorAll("[data-widget-form]");
    var freshForms = fresh.querySelectorAll("[data-widget-form]");
    Array.prototype.forEach.call(forms, function (form, i) {
      if (freshForms[i]) form.replaceWith(document.importNode(freshForms[i], true));
    });
    wire();
  }

  // An open live case (ADR 0076): poll its JSON endpoint every 4 s while the dialog is open and append new
  // messages; when the case ends or waited in vain, reload the fragment.
  var pollTimer = 0;
  var pollDelay = 4000;
  function schedulePoll() {
    window.clearTimeout(pollTimer);
    if (dialog.open && dialog.querySelector("[data-live-poll]")) pollTimer = window.setTimeout(poll, pollDelay);
  }
  function poll() {
    var list = dialog.querySelector("[data-live-poll]");
    if (!list || !dialog.open) return;
    var after = Number(list.getAttribute("data-live-after") || "0");
    fetch(list.getAttribute("data-live-poll") + "?nach=" + after, { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (data) {
        data.messages.forEach(function (m) {
          if (!document.getElementById("kp-widget-live-" + m.seq)) list.appendChild(messageItem(m));
          if (m.seq > after) after = m.seq;
        });
        list.setAttribute("data-live-after", String(after));
        if (data.state === "expired" || data.state === "closed") return reloadFragment();
        if (data.state !== list.getAttribute("data-live-state")) {
          list.setAttribute("data-live-state", data.state);
          var status = dialog.querySelector("#kp-widget-live-status");
          if (status) status.textContent = data.status;
        }
        pollDelay = 4000;
        schedulePoll();
      })
      .catch(function () {
        pollDelay = Math.min(pollDelay * 2, 60000);
        schedulePoll();
      });
  }
  function messageItem(m) {
    var li = document.createElement("li");
    li.className = "kp-assistant-turn kp-assistant-live-message kp-assistant-live-message--" + m.author;
    li.id = "kp-widget-live-" + m.seq;
    var p = document.createElement("p");
    p.className = "kern-body kp-pre";
    var strong = document.createElement("strong");
    strong.textContent = m.label + ":";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(" " + m.text));
    li.appendChild(p);
    return li;
  }
  function reloadFragment() {
    fetch("/assistent/widget", { credentials: "same-origin" })
      .then(function (res) { return res.text(); })
      .then(function (html) { apply(parse(html), false); schedulePoll(); })
      .catch(function () { schedulePoll(); });
  }

  function wire() {
    var close = dialog.querySelector("[data-widget-close]");
    if (close) close.addEventListener("click", function () { dialog.close(); });
    Array.prototype.forEach.call(dialog.querySelectorAll("[data-widget-form]"), wireForm);
    schedulePoll();
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
        schedulePoll();
        scrollDown();
        var input = field();
        if (input) input.focus();
      })
      .catch(function () {
        location.href = "/assistent";
      });
  });
  dialog.addEventListener("close", function () {
    window.clearTimeout(pollTimer);
    button.focus();
  });
})();
