// Narrow screens: the navigation folds behind a "Menü" button (progressive enhancement: without this
// script the navigation is simply always open). Disclosure pattern: aria-expanded on the button.
(function () {
  "use strict";
  var button = document.querySelector(".kp-menu-button");
  var nav = document.getElementById("kp-navigation");
  if (!button || !nav) return;
  document.documentElement.classList.add("kp-js-nav");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("kp-nav--open", open);
    if (open) {
      var first = nav.querySelector("a, button");
      if (first) first.focus();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      nav.classList.remove("kp-nav--open");
      button.focus();
    }
  });
})();
