// Live handoff (ADR 0076, 0083): the one place where a live case is followed in the browser – on /assistent
// (section #live) and in the widget's dialog on every other page (public/assistant-widget.js loads this file
// when its dialog shows an open case and calls KpAssistantLive.watch). It polls the case's JSON endpoint, appends
// new messages to the aria-live list (screen readers announce only the new one), keeps the status line and
// "Ihre Nachricht wurde gelesen." in step and tells the caller when the case waited in vain or was closed.
// Without JavaScript the "Neue Antworten abrufen" link reloads. No inline script or style (strict CSP).
(function () {
  "use strict";
  if (window.KpAssistantLive || !window.fetch) return;

  /** One message as the server renders it (LiveMessageItem in liveViews.tsx): ids `${idPrefix}${seq}`. */
  function item(m, idPrefix) {
    var li = document.createElement("li");
    li.className = "kp-assistant-turn kp-assistant-live-message kp-assistant-live-message--" + m.author;
    li.id = idPrefix + m.seq;
    li.setAttribute("data-seq", String(m.seq));
    var p = document.createElement("p");
    p.className = "kern-body kp-pre";
    var strong = document.createElement("strong");
    strong.textContent = m.label + ":";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(" " + m.text));
    li.appendChild(p);
    return li;
  }

  /**
   * Follows the case of `root` (data-live-poll = endpoint, data-live-after, data-live-state). opts: list, status,
   * read (elements), idPrefix, active() (false stops the loop), onEnd() (the case expired or was closed).
   * Returns { stop }.
   */
  function watch(root, opts) {
    var url = root.getAttribute("data-live-poll");
    var after = Number(root.getAttribute("data-live-after") || "0");
    var state = root.getAttribute("data-live-state");
    var delay = 4000;
    var timer = 0;
    var stopped = false;
    var active = opts.active || function () { return true; };

    function schedule(ms) {
      window.clearTimeout(timer);
      if (!stopped) timer = window.setTimeout(poll, ms);
    }
    function poll() {
      if (stopped || !active()) return;
      if (document.hidden) return schedule(delay * 2);
      fetch(url + "?nach=" + after, { credentials: "same-origin", headers: { accept: "application/json" } })
        .then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          return res.json();
        })
        .then(function (data) {
          if (stopped) return;
          data.messages.forEach(function (m) {
            if (!document.getElementById(opts.idPrefix + m.seq)) opts.list.appendChild(item(m, opts.idPrefix));
            if (m.seq > after) after = m.seq;
          });
          root.setAttribute("data-live-after", String(after));
          // Read receipt: set or cleared, only when it changes (aria-live announces changes).
          if (opts.read && opts.read.textContent !== data.readText) opts.read.textContent = data.readText;
          if (data.state === "expired" || data.state === "closed") {
            stopped = true;
            return opts.onEnd();
          }
          if (data.state !== state) {
            state = data.state;
            root.setAttribute("data-live-state", state);
            if (opts.status) opts.status.textContent = data.status;
          }
          delay = 4000;
          schedule(delay);
        })
        .catch(function () {
          // Server busy or offline: back off; the reload link still works.
          delay = Math.min(delay * 2, 60000);
          schedule(delay);
        });
    }
    schedule(delay);
    return {
      stop: function () {
        stopped = true;
        window.clearTimeout(timer);
      },
    };
  }

  window.KpAssistantLive = { item: item, watch: watch };

  // The chat page's own case (/assistent#live).
  var section = document.querySelector("[data-live-poll][data-live-page]");
  if (section)
    watch(section, {
      list: document.getElementById("live-verlauf"),
      status: document.getElementById("live-status"),
      read: document.getElementById("live-gelesen"),
      idPrefix: "live-",
      onEnd: function () { location.reload(); },
    });
})();
