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

  // Live fields (autosave, searches, pickers) react to typing through htmx. What was typed before
  // htmx arrived (a slow phone connection) or what the browser restored on going back is sent as
  // soon as htmx is listening, instead of waiting for the next keystroke.
  var LIVE_EVENTS = ["input", "keyup", "change"];
  function isDirty(field) {
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    if (field.tagName === "TEXTAREA") { return field.value !== field.defaultValue; }
    if (field.tagName !== "INPUT" || field.type === "hidden") { return false; }
    if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
    return field.value !== field.defaultValue;
  }
  function listenedFields(element, spec) {
    var from = /\bfrom:(#[\w-]+)/.exec(spec);
    if (from) { return document.querySelectorAll(from[1]); }
    return element.tagName === "FORM" ? element.elements : [element];
  }
  var VERBS = ["get", "post", "put", "patch", "delete"];
  function sendWhatWasTyped(element) {
    var typed = (element.getAttribute("hx-trigger") || "").split(",").some(function (spec) {
      var name = spec.trim().split(/\s+/)[0];
      return LIVE_EVENTS.indexOf(name) >= 0 && Array.prototype.some.call(listenedFields(element, spec), isDirty);
    });
    if (!typed) { return; }
    // Asked of htmx directly: an event now would be dropped by its "changed" filter, which took
    // the typed text as the starting value.
    VERBS.some(function (verb) {
      var url = element.getAttribute("hx-" + verb);
      if (url === null) { return false; }
      window.htmx.ajax(verb.toUpperCase(), url || window.location.href, { source: element });
      return true;
    });
  }
  if (window.htmx) {
    window.htmx.onLoad(function (root) {
      if (root.matches && root.matches("[hx-trigger]")) { sendWhatWasTyped(root); }
      Array.prototype.forEach.call(root.querySelectorAll("[hx-trigger]"), sendWhatWasTyped);
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
