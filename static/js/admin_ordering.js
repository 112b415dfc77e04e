// Drag and drop ordering on the admin's ordered lists (those whose order column is
// editable): drag a row by its handle; the new order is saved at once (a POST to the
// list's reorder/ address). The order inputs stay, for the keyboard.
(function () {
  "use strict";

  const TEXT = {
    fr: {
      handle: "Glisser pour déplacer",
      saved: "Nouvel ordre enregistré.",
      failed: "L’ordre n’a pas pu être enregistré : rechargez la page et réessayez.",
    },
    en: {
      handle: "Drag to move",
      saved: "New order saved.",
      failed: "The order could not be saved: reload the page and try again.",
    },
  };

  function start() {
    const table = document.getElementById("result_list");
    const form = document.getElementById("changelist-form");
    if (!table || !form || new URLSearchParams(window.location.search).has("o")) {
      return; // no list, or sorted by another column
    }
    // The row's pk: the hidden id of its list form (form-N-ordering -> id_form-N-id).
    function pkOf(row) {
      const input = row.querySelector("td.field-ordering input");
      const prefix = input && input.name.replace(/-ordering$/, "");
      const id = prefix && document.getElementById("id_" + prefix + "-id");
      return id ? id.value : null;
    }
    const rows = Array.from(table.tBodies[0].rows).filter(pkOf);
    if (rows.length < 2) {
      return;
    }
    const text = TEXT[document.documentElement.lang] || TEXT.fr;
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    const url = window.location.pathname.replace(/\/?$/, "/") + "reorder/";
    const status = document.createElement("p");
    status.className = "ordering-status";
    status.setAttribute("role", "status");
    table.before(status);
    let dragged = null;

    // The row's opened values (mocsite/admin_conflicts.py), posted with the list.
    function openedStateOf(row) {
      const input = row.querySelector("td.field-ordering input");
      return document.getElementById(input.id.replace(/-ordering$/, "-_opened_state"));
    }

    async function save() {
      const order = Array.from(table.tBodies[0].rows).map(pkOf).filter(Boolean);
      const opened = {};
      rows.forEach(function (row) {
        const state = openedStateOf(row);
        if (state && state.value) {
          opened[pkOf(row)] = state.value;
        }
      });
      try {
        const response = await fetch(url, {
          method: "POST",
          body: JSON.stringify({ order: order, opened: opened }),
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token.value },
        });
        if (!response.ok) {
          throw new Error(response.status);
        }
        const answer = await response.json();
        const saved = answer.ordering;
        const reopened = answer.opened || {};
        rows.forEach(function (row) {
          const pk = pkOf(row);
          const input = row.querySelector("td.field-ordering input");
          if (pk in saved) {
            input.value = saved[pk];
            input.defaultValue = saved[pk];
          }
          const state = openedStateOf(row);
          if (state && pk in reopened) {
            state.value = reopened[pk];
          }
        });
        status.textContent = text.saved;
      } catch (error) {
        status.textContent = text.failed;
      }
    }

    rows.forEach(function (row) {
      const handle = document.createElement("span");
      handle.className = "drag-handle";
      handle.textContent = "↕";
      handle.title = text.handle;
      handle.setAttribute("aria-hidden", "true");
      row.querySelector("td.field-ordering").prepend(handle);
      handle.addEventListener("mousedown", function () {
        row.draggable = true;
      });
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        const box = row.getBoundingClientRect();
        const after = event.clientY > box.top + box.height / 2;
        row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
      });
      row.addEventListener("drop", function (event) {
        event.preventDefault();
      });
      row.addEventListener("dragend", function () {
        row.draggable = false;
        row.classList.remove("dragging");
        if (dragged) {
          dragged = null;
          save();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
