// Updates every <time data-countdown> once a minute: "3 days, 4 hours left". The server renders the first text;
// the unit words come translated in data-units, so this file holds no language of its own.
(function () {
  "use strict";
  function words(el) {
    var units = JSON.parse(el.dataset.units || "{}");
    var left = Math.max(0, Math.floor((new Date(el.getAttribute("datetime")) - new Date()) / 1000));
    var days = Math.floor(left / 86400), hours = Math.floor((left % 86400) / 3600), minutes = Math.floor((left % 3600) / 60);
    function say(n, unit) { return n + " " + (units[unit] ? units[unit][n === 1 ? 0 : 1] : unit); }
    var parts = [];
    if (days) parts.push(say(days, "day"));
    if (hours && parts.length < 2) parts.push(say(hours, "hour"));
    if (!days && (minutes || !parts.length)) parts.push(say(minutes, "minute"));
    return parts.join(", ") + (el.dataset.suffix ? " " + el.dataset.suffix : "");
  }
  function tick() {
    document.querySelectorAll("time[data-countdown]").forEach(function (el) { el.textContent = words(el); });
  }
  setInterval(tick, 60000);
  document.addEventListener("htmx:afterSwap", tick);
})();
