// Suggestions while typing for every search field marked data-suggest (progressive enhancement:
// without this script the fields are plain GET forms to /suche). Combobox with listbox popup after
// the ARIA Authoring Practices (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): focus stays in
// the input, aria-activedescendant marks the active option, Enter opens it, Escape closes the list.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "de";
  var TEXT = {
    de: { count: function (n) { return n === 0 ? "Keine Vorschläge" : n === 1 ? "1 Vorschlag, mit Pfeiltasten auswählen" : n + " Vorschläge, mit Pfeiltasten auswählen"; }, service: "Leistung", office: "Behörde", page: "Seite" },
    en: { count: function (n) { return n === 0 ? "No suggestions" : n === 1 ? "1 suggestion, use the arrow keys" : n + " suggestions, use the arrow keys"; }, service: "Service", office: "Office", page: "Page" },
  }[lang];
  var counter = 0;

  function enhance(input) {
    var id = "kp-suggest-" + ++counter;
    var list = document.createElement("ul");
    list.id = id;
    list.className = "kp-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "Vorschläge");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "kp-sr-only";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var host = input.closest("form") || input.parentNode;
    if (getComputedStyle(host).position === "static") host.style.position = "relative";
    host.appendChild(list);
    host.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);

    var items = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function setActive(i) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.className = "kp-suggest__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.title;
        var type = document.createElement("span");
        type.className = "kp-suggest__type";
        type.textContent = "(" + (TEXT[s.type] || s.type) + ")";
        li.appendChild(type);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { window.location.href = s.url; });
        list.appendChild(li);
      });
      active = -1;
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else close();
      status.textContent = TEXT.count(suggestions.length);
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { render([]); status.textContent = ""; return; }
      var mine = ++seq;
      fetch("/api/v1/search/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (mine === seq) render(data.suggestions || []); })
        .catch(function () { /* the form still works */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        if (list.hidden) { if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } else fetchSuggestions(); return; }
        e.preventDefault();
        setActive(active + 1 >= items.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp") {
        if (list.hidden) return;
        e.preventDefault();
        setActive(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0 && items[active]) {
          e.preventDefault();
          window.location.href = items[active].url;
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); } else input.value = "";
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) enhance(inputs[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
