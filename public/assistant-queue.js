// Live queue on /verwaltung/assistent (ADR 0083): every 10 s ask /verwaltung/assistent/live-faelle (staff
// only, like the page) for the list, rendered on the server by the page's own view, and put it in place of the
// old one; a case that waits and was not on screen before is announced in the status line (role="status").
// Without JavaScript the "Aktualisieren" link reloads the page. No inline script (strict CSP).
(function () {
  "use strict";
  var section = document.querySelector("[data-queue-poll]");
  if (!section || !window.fetch) return;
  var url = section.getAttribute("data-queue-poll");
  var list = document.getElementById("live-liste");
  var news = document.getElementById("live-neu");
  var known = {};
  (section.getAttribute("data-queue-waiting") || "").split(" ").forEach(function (id) {
    if (id) known[id] = true;
  });
  var shown = null;
  var interval = 10000;
  var delay = interval;

  function poll() {
    if (document.hidden) return schedule(interval * 3);
    fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (data) {
        if (shown !== data.html) {
          // Keep the keyboard focus where it was (the same link, else the table's scroll region).
          var active = document.activeElement;
          var inside = active && list.contains(active);
          var href = inside ? active.getAttribute("href") : null;
          list.innerHTML = data.html;
          shown = data.html;
          if (inside) {
            var again = (href && list.querySelector('a[href="' + href + '"]')) || list.querySelector("[tabindex]");
            if (again) again.focus();
          }
        }
        var fresh = data.waiting.filter(function (c) {
          return !known[c.id];
        });
        fresh.forEach(function (c) {
          known[c.id] = true;
        });
        if (fresh.length && news) news.textContent = fresh.map(function (c) { return c.announce; }).join(" ");
        delay = interval;
        schedule(delay);
      })
      .catch(function () {
        // Signed out, server busy or offline: back off; the link still works.
        delay = Math.min(delay * 2, 120000);
        schedule(delay);
      });
  }
  function schedule(ms) {
    window.setTimeout(poll, ms);
  }
  schedule(delay);
})();
