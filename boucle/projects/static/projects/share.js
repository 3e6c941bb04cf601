/* Share a project: the Web Share API where the device has it (phones), otherwise copy the link.
   Without JavaScript the link stays in a read-only field to copy, and the e-mail link works. No third party. */
(function () {
  "use strict";

  function setup(root) {
    root.querySelectorAll("[data-share]").forEach(function (box) {
      if (box.dataset.shareReady) return;
      box.dataset.shareReady = "1";
      var url = box.dataset.shareUrl;
      var input = box.querySelector("input");
      var status = box.querySelector("[data-share-status]");
      var nativeButton = box.querySelector("[data-share-native]");
      var copyButton = box.querySelector("[data-share-copy]");

      function say(text) {
        if (status) status.textContent = text;
      }

      function copyBySelection() {
        var ok = false;
        input.focus();
        input.select();
        try {
          ok = document.execCommand("copy");
        } catch (e) {
          ok = false;
        }
        say(ok ? box.dataset.copied : box.dataset.copyFailed);
      }

      if (nativeButton && navigator.share) {
        nativeButton.hidden = false;
        nativeButton.addEventListener("click", function () {
          navigator.share({ title: box.dataset.shareTitle, text: box.dataset.shareText, url: url }).catch(function () {});
        });
      }
      if (copyButton) {
        copyButton.hidden = false;
        copyButton.addEventListener("click", function () {
          if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(url).then(function () { say(box.dataset.copied); }, copyBySelection);
          } else {
            copyBySelection();
          }
        });
      }
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setup(document); });
  document.addEventListener("htmx:load", function (event) { setup(event.target); });
})();
