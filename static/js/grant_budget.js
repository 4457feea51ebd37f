// Budget revision page: the total of the rows as they are typed, against the grant amount.
// The server checks everything again; this only saves a round trip.
(function () {
  "use strict";
  var form = document.getElementById("budget-form");
  if (!form) { return; }
  var target = parseInt(form.dataset.amountCents, 10) || 0;
  var totalEl = document.getElementById("budget-live-total");
  var gapEl = document.getElementById("budget-live-gap");

  function cents(raw) {
    var value = (raw || "").replace(/[,\s¥]/g, "");
    if (!/^\d+(\.\d{1,2})?$/.test(value)) { return null; }
    var parts = value.split(".");
    return parseInt(parts[0], 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
  }

  function yuan(c) {
    var whole = Math.floor(c / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "¥" + whole + "." + ("0" + (c % 100)).slice(-2);
  }

  function update() {
    var total = 0;
    form.querySelectorAll("[data-budget-row]").forEach(function (row) {
      var remove = row.querySelector("input[name=remove]");
      var removed = Boolean(remove && remove.checked);
      row.classList.toggle("is-removed", removed);
      if (removed) { return; }
      var c = cents(row.querySelector("input[name=amount]").value);
      if (c !== null) { total += c; }
    });
    var gap = total - target;
    totalEl.textContent = yuan(total);
    gapEl.textContent = "";
    gapEl.className = gap === 0 ? "text-success" : "text-danger";
    if (gap === 0) {
      gapEl.textContent = form.dataset.equalLabel;
    } else {
      gapEl.appendChild(document.createTextNode((gap > 0 ? form.dataset.moreLabel : form.dataset.lessLabel) + " "));
      var amount = document.createElement("span");
      amount.className = "money";
      amount.textContent = yuan(Math.abs(gap));
      gapEl.appendChild(amount);
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();  // amounts typed before this script arrived, or restored by the browser, count too
})();
