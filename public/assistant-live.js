// Live handoff on /assistent (ADR 0076): while a case is open, poll its JSON endpoint every few seconds and
// append new messages to the aria-live list (screen readers announce only the new one); the status line
// follows the case. When the case waited in vain or was closed, the page reloads once to show the call
// back offer or the assistant's form again. Without JavaScript the "Neue Antworten abrufen" link reloads.
// No inline script or style (strict CSP); nothing kept between nodes – the server reads PostgreSQL.
(function () {
  "use strict";
  var section = document.querySelector("[data-live-poll]");
  if (!section || !window.fetch) return;
  var url = section.getAttribute("data-live-poll");
  var after = Number(section.getAttribute("data-live-after") || "0");
  var state = section.getAttribute("data-live-state");
  var list = document.getElementById("live-verlauf");
  var status = document.getElementById("live-status");
  var read = document.getElementById("live-gelesen");
  var delay = 4000;

  function item(m) {
    var li = document.createElement("li");
    li.className = "kp-assistant-turn kp-assistant-live-message kp-assistant-live-message--" + m.author;
    li.id = "live-" + m.seq;
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

  function poll() {
    if (document.hidden) return schedule(delay * 2);
    fetch(url + "?nach=" + after, { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (data) {
        data.messages.forEach(function (m) {
          if (m.seq > after && !document.getElementById("live-" + m.seq)) list.appendChild(item(m));
          if (m.seq > after) after = m.seq;
        });
        // "Ihre Nachricht wurde gelesen" (ADR 0083): set or cleared, only when it changes (aria-live).
        if (read && read.textContent !== data.readText) read.textContent = data.readText;
        if (data.state !== state) {
          if (data.state === "expired" || data.state === "closed") return location.reload();
          state = data.state;
          if (status) status.textContent = data.status;
        }
        delay = 4000;
        schedule(delay);
      })
      .catch(function () {
        // Server busy or offline: back off; the link still works.
        delay = Math.min(delay * 2, 60000);
        schedule(delay);
      });
  }
  function schedule(ms) {
    window.setTimeout(poll, ms);
  }
  schedule(delay);
})();
