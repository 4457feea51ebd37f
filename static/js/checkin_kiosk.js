// The check-in kiosk at the venue door: full screen on request, the screen kept awake, a notice
// while the connection is lost, and back to the sign-in page if the session ends.
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.querySelector("[data-kiosk-fullscreen]");
  if (button && root.requestFullscreen) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        root.requestFullscreen().catch(function () {});
      }
    });
    document.addEventListener("fullscreenchange", function () {
      button.textContent = document.fullscreenElement ? button.dataset.exitLabel : button.dataset.enterLabel;
    });
  }

  function keepAwake() {
    if (navigator.wakeLock && document.visibilityState === "visible") {
      navigator.wakeLock.request("screen").catch(function () {});
    }
  }
  keepAwake();
  document.addEventListener("visibilitychange", keepAwake);

  var offline = document.querySelector("[data-kiosk-offline]");
  function lost(flag) { if (offline) { offline.hidden = !flag; } }
  document.body.addEventListener("htmx:sendError", function () { lost(true); });
  document.body.addEventListener("htmx:responseError", function () { lost(true); });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });
  document.body.addEventListener("htmx:afterSwap", function () { lost(false); });
})();
