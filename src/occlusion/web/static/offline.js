// Installs the service worker (keeps the app and the live session page working without a
// connection) and tells it to forget the kept pages when someone signs out. Also says plainly
// when a page could not be reached because the connection is gone.
(function () {
  "use strict";
  if (window.occlusionOffline) { return; }
  window.occlusionOffline = true;
  var QUEUE = /^occlusion-queue-/;
  var SAVED = /^occlusion-(state|queue)-/;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () { /* not allowed here */ });
  }

  function unsent() {
    var count = 0;
    try {
      for (var index = 0; index < window.localStorage.length; index += 1) {
        var key = window.localStorage.key(index);
        if (QUEUE.test(key)) { count += JSON.parse(window.localStorage.getItem(key) || "[]").length; }
      }
    } catch (ignored) { /* storage not readable */ }
    return count;
  }

  function forget() {
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (SAVED.test(key)) { window.localStorage.removeItem(key); }
      });
    } catch (ignored) { /* storage not writable */ }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("signed-out");
    }
    if (window.caches) {
      window.caches.keys().then(function (keys) {
        keys.forEach(function (key) { if (key.indexOf("occlusion-pages-") === 0) { window.caches.delete(key); } });
      });
    }
  }

  // Signing out forgets what this phone kept of the person: the kept page, the session state and
  // the sets not yet sent (after asking, if there are any).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.action || new URL(form.action, window.location.href).pathname !== "/sign-out") { return; }
    var waiting = unsent();
    if (waiting && !window.confirm(waiting + (waiting === 1 ? " set logged without a connection has" : " sets logged without a connection have") +
        " not been sent yet. Sign out and discard " + (waiting === 1 ? "it" : "them") + "?")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    forget();
  }, true);

  function say(text) {
    var box = document.getElementById("connection");
    if (!box) {
      box = document.createElement("p");
      box.id = "connection"; box.className = "connection"; box.setAttribute("role", "status");
      var main = document.getElementById("main");
      if (!main) { return; }
      main.parentNode.insertBefore(box, main);
    }
    box.textContent = text;
    box.hidden = !text;
  }
  document.addEventListener("htmx:sendError", function () {
    say("No connection: that page could not be opened. Try again when the connection is back.");
  });
  document.addEventListener("htmx:afterSettle", function () { say(""); });
  window.addEventListener("online", function () { say(""); });
})();
