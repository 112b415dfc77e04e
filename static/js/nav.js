// On narrow screens, folds the main menu behind a "Menu" button. Without this script the
// menu is simply shown in full.
(function () {
  var query = window.matchMedia("(max-width: 47.99rem)");
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".main-nav");
    var button = nav && nav.querySelector(".nav-toggle");
    if (!button) { return; }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    function apply() {
      nav.classList.toggle("is-collapsible", query.matches);
      button.hidden = !query.matches;
      setOpen(false);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        setOpen(false);
        button.focus();
      }
    });
    query.addEventListener("change", apply);
    apply();
  });
})();
