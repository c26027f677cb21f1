(function () {
  "use strict";
  var me = document.currentScript;
  // A page framed by docgen's own side-by-side page: that page reloads, and its frames with it.
  try { if (window.parent !== window && window.parent.location.origin === location.origin) { return; } } catch (e) { /* another origin */ }
  var token = me ? me.getAttribute("data-token") : "";
  var events = new EventSource("/__docgen/events?since=" + encodeURIComponent(token || ""));
  events.addEventListener("reload", function () { events.close(); location.reload(); });
})();
