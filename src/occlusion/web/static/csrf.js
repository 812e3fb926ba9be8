// Every htmx request carries the CSRF token of the cookie as it is now. The token changes at
// sign-in (it is bound to the session), and a boosted page keeps its first <body> attributes,
// so a token written into the page when it was first loaded may be stale.
(function () {
  "use strict";
  if (window.occlusionCsrf) { return; }
  window.occlusionCsrf = true;
  document.body.addEventListener("htmx:configRequest", function (event) {
    var found = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    if (found) { event.detail.headers["x-csrftoken"] = decodeURIComponent(found[1]); }
  });
})();
