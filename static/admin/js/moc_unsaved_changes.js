// Asks before leaving an admin change form whose fields were changed and not saved.
// Loaded by mocsite.admin_conflicts.SafeEditingMixin; no prompt when the form is submitted.
"use strict";
(function () {
  function snapshot(form) {
    const parts = [];
    for (const element of form.elements) {
      if (!element.name || element.type === "hidden" || element.name === "csrfmiddlewaretoken") {
        continue;
      }
      if (element.type === "checkbox" || element.type === "radio") {
        parts.push(element.name + "=" + element.checked);
      } else if (element.type === "file") {
        parts.push(element.name + "=" + Array.from(element.files).map((f) => f.name).join("|"));
      } else if (element.tagName === "SELECT" && element.classList.contains("filtered")) {
        // filter_horizontal: what counts is the options moved to the "chosen" box.
        parts.push(element.name + "=" + Array.from(element.options).map((o) => o.value).join("|"));
      } else if (element.tagName === "SELECT") {
        parts.push(element.name + "=" + Array.from(element.selectedOptions).map((o) => o.value).join("|"));
      } else {
        parts.push(element.name + "=" + element.value);
      }
    }
    return parts.join("\n");
  }

  function watch(form) {
    let initial = snapshot(form);
    let submitting = false;
    // A form sent back with errors holds what was typed and not saved yet.
    const sentBack = document.querySelector("#content-main .errornote") !== null;
    // Widgets that fill fields after load (prepopulated slugs, selectors) count as the start.
    window.setTimeout(function () {
      if (!form.dataset.touched) {
        initial = snapshot(form);
      }
    }, 500);
    form.addEventListener("input", function () {
      form.dataset.touched = "1";
    });
    form.addEventListener("change", function () {
      form.dataset.touched = "1";
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || (!sentBack && snapshot(form) === initial)) {
        return;
      }
      event.preventDefault();
      event.returnValue = ""; // older browsers need it to show the prompt
    });
  }

  function start() {
    // The admin's change and add forms: <form id="<model>_form"> in #content-main.
    const form = document.querySelector("#content-main form[id$='_form']");
    if (form && !document.body.classList.contains("popup")) {
      watch(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
