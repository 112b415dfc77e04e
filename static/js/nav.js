// The main menu's disclosure menus (<details>, templates/includes/header.html) work without
// this script; it only closes them as a menu would: one open at a time, Escape, a click or
// focus elsewhere. It changes nothing before the visitor acts, so no layout waits for it.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var menus = Array.prototype.slice.call(document.querySelectorAll(".main-nav details"));
    function closeAll(except) {
      menus.forEach(function (menu) {
        if (menu !== except) { menu.open = false; }
      });
    }
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (menu.open) { closeAll(menu); }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var open = menus.filter(function (menu) { return menu.open; })[0];
      if (open) {
        open.open = false;
        open.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".main-nav details")) { closeAll(null); }
    });
    document.addEventListener("focusin", function (event) {
      if (!event.target.closest(".main-nav details")) { closeAll(null); }
    });
  });
})();
