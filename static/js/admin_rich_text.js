// « Aperçu » under each long text the site formats: the text rendered by the site's own
// renderer (a POST to the admin's rich-text preview), refreshed while typing.
(function () {
  "use strict";

  function setUp(area) {
    const button = document.createElement("button");
    const preview = document.createElement("div");
    let timer = null;
    button.type = "button";
    button.className = "button rich-text-preview-toggle";
    button.textContent = area.dataset.previewLabel;
    button.setAttribute("aria-expanded", "false");
    preview.className = "rich-text-preview";
    preview.id = area.id + "-preview";
    preview.hidden = true;
    preview.setAttribute("aria-live", "polite");
    button.setAttribute("aria-controls", preview.id);
    const tools = document.createElement("div");
    tools.className = "rich-text-tools";
    tools.append(button, preview);
    area.after(tools);

    async function refresh() {
      const body = new FormData();
      const token = area.form && area.form.querySelector("input[name=csrfmiddlewaretoken]");
      body.append("text", area.value);
      body.append("mode", area.dataset.richText);
      try {
        const response = await fetch(area.dataset.previewUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: token ? { "X-CSRFToken": token.value } : {},
        });
        // Sanitised by the server (nh3), as on the public site.
        preview.innerHTML = response.ok ? await response.text() : "";
      } catch (error) {
        preview.textContent = "";
      }
    }

    button.addEventListener("click", function () {
      const opening = preview.hidden;
      preview.hidden = !opening;
      button.setAttribute("aria-expanded", String(opening));
      button.textContent = opening ? area.dataset.hideLabel : area.dataset.previewLabel;
      if (opening) {
        refresh();
      }
    });
    area.addEventListener("input", function () {
      if (!preview.hidden) {
        clearTimeout(timer);
        timer = setTimeout(refresh, 400);
      }
    });
  }

  function start() {
    document.querySelectorAll("textarea[data-rich-text]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
