// The service worker: the app shell and the live session page keep working without a connection.
// Served as /sw.js (scope "/") with the version and the shell's files written in by the server, so
// every change of a static file makes a new worker with new caches; the old caches go on activate.
// Never cached: anything but GET, the JSON API (and its live stream), and any page but the session
// page. Signing out empties the page cache, so the next person on this phone sees nothing of it.
"use strict";
var VERSION = "__OCCLUSION_VERSION__";
var SHELL = __OCCLUSION_SHELL__;
var PREFIX = "occlusion-";
var STATIC_CACHE = PREFIX + "static-" + VERSION;
var PAGE_CACHE = PREFIX + "pages-" + VERSION;
var OFFLINE_PAGE = "/offline";
var SESSION_PAGE = /^\/people\/[0-9a-f-]{36}\/session$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    return cache.addAll(SHELL.concat([OFFLINE_PAGE]));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(PREFIX) === 0 && key !== STATIC_CACHE && key !== PAGE_CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function forgetPages() { return caches.delete(PAGE_CACHE); }

self.addEventListener("message", function (event) {
  if (event.data === "signed-out") { event.waitUntil(forgetPages()); }
});

function fromShell(request) {
  return caches.match(request, {cacheName: STATIC_CACHE}).then(function (hit) {
    return hit || fetch(request);
  });
}

// Network first: a page is always as fresh as the connection allows. Only the session page is
// kept, and only a plain 200 of it (not a redirect to the sign-in page, not an error). The cache
// writes hold the worker awake (waitUntil), so it is not stopped before the copy is kept.
function page(event, url) {
  return fetch(event.request).then(function (response) {
    var landed = response.url ? new URL(response.url).pathname : url.pathname;
    if (landed === "/sign-in") {
      event.waitUntil(forgetPages());
    } else if (SESSION_PAGE.test(url.pathname) && response.ok && !response.redirected) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) {
        return cache.put(url.pathname, copy);
      }));
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname, {cacheName: PAGE_CACHE}).then(function (hit) {
      if (hit) { return hit; }
      return caches.match(OFFLINE_PAGE, {cacheName: STATIC_CACHE}).then(function (offline) {
        return offline || Response.error();
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (url.pathname === "/sign-out") { event.waitUntil(forgetPages()); }
    return;
  }
  if (url.pathname.indexOf("/api/") === 0) { return; }
  if (url.pathname.indexOf("/static/") === 0) { event.respondWith(fromShell(request)); return; }
  // A whole page, or the session page fetched by its own script to refresh the kept copy.
  if (request.mode === "navigate" || (SESSION_PAGE.test(url.pathname) && !request.headers.get("hx-request"))) {
    event.respondWith(page(event, url));
  }
});
