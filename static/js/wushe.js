// Wushe front-end behaviour. Loaded as a file so the Content-Security-Policy needs no inline script.
(function () {
  "use strict";

  // htmx requests carry the CSRF token found on the page.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
  });

  // Place picker: a chosen result becomes a chip with a hidden input carrying its id.
  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-place-id]");
    if (pick) {
      event.preventDefault();
      var picker = pick.closest(".place-picker");
      var chips = picker.querySelector(".place-picker-chips");
      var field = picker.dataset.field;
      var multiple = picker.dataset.multiple === "1";
      if (!multiple) { chips.innerHTML = ""; }
      if (!chips.querySelector('input[value="' + pick.dataset.placeId + '"]')) {
        var chip = document.createElement("span");
        chip.className = "chip";
        chip.textContent = pick.dataset.placeLabel;
        var input = document.createElement("input");
        input.type = "hidden"; input.name = field; input.value = pick.dataset.placeId;
        var remove = document.createElement("button");
        remove.type = "button"; remove.setAttribute("data-place-remove", "");
        remove.setAttribute("aria-label", picker.dataset.removeLabel || "×"); remove.textContent = "×";
        chip.appendChild(input); chip.appendChild(remove); chips.appendChild(chip);
      }
      picker.querySelector(".place-picker-results").innerHTML = "";
      var search = picker.querySelector("input[type=search]");
      search.value = "";
      search.focus();
      return;
    }
    var removeButton = event.target.closest("[data-place-remove]");
    if (removeButton) {
      event.preventDefault();
      removeButton.closest(".chip").remove();
    }
  });

  // Autosaving forms: what was typed before this script arrived (a slow phone connection)
  // is sent as soon as htmx is listening, instead of waiting for the next keystroke.
  function isDirty(field) {
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    if (field.tagName === "TEXTAREA") { return field.value !== field.defaultValue; }
    if (field.tagName !== "INPUT" || field.type === "hidden") { return false; }
    if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
    return field.value !== field.defaultValue;
  }
  if (window.htmx) {
    window.htmx.onLoad(function (root) {
      var forms = root.matches && root.matches("form[data-autosave]") ? [root] : root.querySelectorAll("form[data-autosave]");
      Array.prototype.forEach.call(forms, function (form) {
        var dirty = Array.prototype.find.call(form.elements, isDirty);
        if (dirty) { dirty.dispatchEvent(new Event("input", { bubbles: true })); }
      });
    });
  }

  // Confirm before destructive form submissions.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Copy-to-clipboard buttons.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var target = document.getElementById(button.dataset.copy);
    if (target && navigator.clipboard) {
      navigator.clipboard.writeText(target.value || target.textContent);
      button.textContent = button.dataset.copiedLabel || "✓";
    }
  });
})();

// Repeating rows (budget lines, coaching comments): clone a <template> into a container.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) { return; }
    event.preventDefault();
    var container = document.getElementById(button.dataset.addRow);
    var template = document.getElementById(button.dataset.template);
    if (container && template) {
      container.appendChild(template.content.cloneNode(true));
      var inputs = container.querySelectorAll("input, textarea, select");
      if (inputs.length) { inputs[inputs.length - 1].focus(); }
    }
  });
})();
