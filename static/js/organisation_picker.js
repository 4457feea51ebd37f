// The organisation picker (wushe/orgs/widgets.py OrganisationPicker). Typing a name, its pinyin
// or its initials asks the server for suggestions, which htmx swaps in; the server renders them.
//
// Several organisations (data-multiple="1", the support activity form): the suggestions are a
// list box under the search; a chosen organisation becomes a chip carrying a hidden input with
// its id. Arrow keys move through the suggestions, Enter chooses, Escape closes; each chip has a
// remove button. Every change of the chosen organisations fires "organisations-changed" on the
// picker, which the form listens for.
//
// One organisation or none (data-multiple="0", the walk-in form): the suggestions are the radio
// buttons themselves and work without this script. It only keeps Enter in the search box from
// submitting the form: Enter chooses the first organisation found, and the down arrow moves into
// the radio buttons.
//
// Enter pressed before the suggestions for what was typed have arrived chooses once they have.
(function () {
  "use strict";

  function pickerOf(element) { return element.closest("[data-org-picker]"); }
  function isMultiple(picker) { return picker.dataset.multiple !== "0"; }
  function searchOf(picker) { return picker.querySelector("[data-org-search]"); }
  function resultsOf(picker) { return picker.querySelector("[data-org-results]"); }
  function optionsOf(picker) { return Array.prototype.slice.call(picker.querySelectorAll("[data-org-id]")); }
  function radiosOf(picker) { return Array.prototype.slice.call(resultsOf(picker).querySelectorAll("input[type=radio]")); }
  function activeIndex(options) {
    for (var i = 0; i < options.length; i++) { if (options[i].classList.contains("active")) { return i; } }
    return -1;
  }

  function setActive(picker, index) {
    var options = optionsOf(picker);
    var search = searchOf(picker);
    options.forEach(function (option, i) {
      option.classList.toggle("active", i === index);
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && options[index]) {
      search.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      search.removeAttribute("aria-activedescendant");
    }
  }

  // Whether the suggestions shown are those for what is in the search box now; if not, Enter is
  // kept for when they arrive.
  function current(picker) {
    var typed = searchOf(picker).value.trim();
    if (typed === (picker.dataset.shownFor || "")) { return true; }
    picker.dataset.enterPending = typed;
    return false;
  }

  // What the suggestions just swapped in were asked for.
  function askedFor(detail, search) {
    var params = detail.requestConfig && detail.requestConfig.parameters;
    var value = params ? (typeof params.get === "function" ? params.get(search.name) : params[search.name]) : null;
    return (value === null || value === undefined ? search.value : String(value)).trim();
  }

  function close(picker) {
    var search = searchOf(picker);
    resultsOf(picker).innerHTML = "";
    picker.dataset.shownFor = "";
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
  }

  function changed(picker) {
    picker.dispatchEvent(new CustomEvent("organisations-changed", { bubbles: true }));
  }

  function choose(picker, option) {
    var chips = picker.querySelector("[data-org-chips]");
    var id = option.dataset.orgId;
    if (!chips.querySelector('input[value="' + id + '"]')) {
      var chip = document.createElement("li");
      chip.className = "chip";
      var label = document.createElement("span");
      label.textContent = option.dataset.orgLabel;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = picker.dataset.field;
      input.value = id;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.setAttribute("data-org-remove", "");
      remove.setAttribute("aria-label", (picker.dataset.removeLabel || "×") + " " + option.dataset.orgLabel);
      remove.textContent = "×";
      chip.appendChild(label);
      chip.appendChild(input);
      chip.appendChild(remove);
      chips.appendChild(chip);
    }
    var search = searchOf(picker);
    if (window.htmx) { window.htmx.trigger(search, "htmx:abort"); }
    search.value = "";
    close(picker);
    search.focus();
    changed(picker);
  }

  // One or none: Enter checks the first organisation found ("no organisation" is never a match),
  // the down arrow goes to the radio checked (or the first), where the arrow keys go on.
  function checkFirst(picker) {
    var found = radiosOf(picker).filter(function (radio) { return radio.value !== ""; });
    if (found.length && searchOf(picker).value.trim()) { found[0].checked = true; }
  }

  function keydownOne(event, picker) {
    var radios = radiosOf(picker);
    if (event.key === "Enter") {
      event.preventDefault();
      if (current(picker)) { checkFirst(picker); }
    } else if (event.key === "ArrowDown" && radios.length) {
      event.preventDefault();
      var checked = radios.filter(function (radio) { return radio.checked; })[0];
      (checked || radios[0]).focus();
    }
  }

  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-org-id]");
    if (option && pickerOf(option)) {
      event.preventDefault();
      choose(pickerOf(option), option);
      return;
    }
    var remove = event.target.closest("[data-org-remove]");
    if (remove && pickerOf(remove)) {
      event.preventDefault();
      var picker = pickerOf(remove);
      remove.closest(".chip").remove();
      searchOf(picker).focus();
      changed(picker);
      return;
    }
    document.querySelectorAll("[data-org-picker]").forEach(function (picker) {
      if (isMultiple(picker) && !picker.contains(event.target)) { close(picker); }
    });
  });

  document.addEventListener("keydown", function (event) {
    var search = event.target.closest ? event.target.closest("[data-org-search]") : null;
    if (!search || event.isComposing || event.keyCode === 229) { return; }  // an input method is composing
    var picker = pickerOf(search);
    if (!isMultiple(picker)) {
      keydownOne(event, picker);
      return;
    }
    var options = optionsOf(picker);
    var index = activeIndex(options);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) { return; }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive(picker, (index + step + options.length) % options.length);
    } else if (event.key === "Enter") {
      event.preventDefault();  // Enter in the search box chooses; it never submits the form
      if (current(picker) && options.length) { choose(picker, options[index >= 0 ? index : 0]); }
    } else if (event.key === "Escape") {
      if (resultsOf(picker).children.length) {
        event.preventDefault();
        close(picker);
      }
    } else if (event.key === "Tab") {
      close(picker);
    }
  });

  // Fresh suggestions: the list is open and its first option is the one Enter would choose.
  document.addEventListener("htmx:afterSwap", function (event) {
    var results = event.detail.target;
    if (!results.matches || !results.matches("[data-org-results]")) { return; }
    var picker = pickerOf(results);
    var search = searchOf(picker);
    var typed = askedFor(event.detail, search);
    var enter = picker.dataset.enterPending === typed && search.value.trim() === typed;
    picker.dataset.shownFor = typed;
    delete picker.dataset.enterPending;
    if (isMultiple(picker)) {
      search.setAttribute("aria-expanded", results.children.length ? "true" : "false");
      setActive(picker, optionsOf(picker).length ? 0 : -1);
      if (enter && optionsOf(picker).length) { choose(picker, optionsOf(picker)[0]); return; }
    } else if (enter) {
      checkFirst(picker);
    }
    // On a phone the on-screen keyboard leaves little room: bring the list up into view.
    var visible = window.visualViewport ? window.visualViewport.height : window.innerHeight;
    if (results.children.length && results.getBoundingClientRect().bottom > visible) {
      search.scrollIntoView({ block: "start" });
    }
  });
})();
