/* The service worker: plain JavaScript, served at /sw.js by base/offline.py, which puts SOCIALAB_OFFLINE (the
   shell's URLs, the offline page of each language, the version) and the rule of offline-rule.js before it.
   - install: the shell (stylesheet, logo, scripts, each language's offline page) into this version's cache;
   - activate: the caches of other versions are deleted (the reader's saved pages are kept);
   - pages: network first, stored only as socialabMayKeep allows; without a network, the stored copy, else
     the offline page of the address's language;
   - static files: cache first (in development, where their names do not change, network first). */
/* global SOCIALAB_OFFLINE, socialabMayKeep */
"use strict";

var CONFIG = SOCIALAB_OFFLINE;
var SHELL = "socialab-shell-" + CONFIG.version;
var PAGES = "socialab-pages-" + CONFIG.version;
var SAVED = "socialab-saved"; /* what the reader saved: never emptied by a new version */
var KEPT = [SHELL, PAGES, SAVED];
var MAX_PAGES = 60;

function keep(cacheName, request, response) {
  if (!socialabMayKeep(self.location.origin, request, response)) return Promise.resolve(false);
  return caches.open(cacheName).then(function (cache) {
    return cache.put(request, response).then(function () { return true; });
  });
}

function fetchAndKeep(cacheName, request) {
  return fetch(request).then(function (response) {
    keep(cacheName, request, response.clone()).then(function (kept) {
      if (kept && cacheName === PAGES) return trimPages();
    }).catch(function () { /* a full disk: not kept */ });
    return response;
  });
}

function trimPages() {
  return caches.open(PAGES).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (key) {
        return cache.delete(key);
      }));
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    Promise.all(CONFIG.shell.map(function (url) {
      var request = new Request(url, { credentials: "omit" });
      return fetch(request).then(function (response) { return keep(SHELL, request, response); });
    })).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("socialab-") === 0 && KEPT.indexOf(name) === -1;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function languageOf(url) {
  var code = url.pathname.split("/")[1];
  return CONFIG.offline[code] ? code : CONFIG.default_language;
}

function stored(request) {
  return caches.match(request, { ignoreVary: true });
}

function page(event, url) {
  return fetchAndKeep(PAGES, event.request).catch(function () {
    return stored(event.request).then(function (copy) {
      if (copy) return copy;
      return stored(CONFIG.offline[languageOf(url)]).then(function (offline) {
        return offline || Response.error();
      });
    });
  });
}

function staticFile(event) {
  if (CONFIG.static_network_first) {
    return fetchAndKeep(SHELL, event.request).catch(function () {
      return stored(event.request).then(function (copy) { return copy || Response.error(); });
    });
  }
  return stored(event.request).then(function (copy) {
    return copy || fetchAndKeep(SHELL, event.request);
  });
}

function isFile(url) {
  return CONFIG.files.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function wantsPage(request) {
  return request.mode === "navigate" || (request.headers.get("Accept") || "").indexOf("text/html") !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (CONFIG.never.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; })) return;
  if (url.pathname.indexOf(CONFIG.static) === 0) {
    event.respondWith(staticFile(event));
  } else if (isFile(url) || !wantsPage(request)) {
    /* Documents and pictures: the network, else what the reader saved. */
    event.respondWith(fetch(request).catch(function () {
      return stored(request).then(function (copy) { return copy || Response.error(); });
    }));
  } else {
    event.respondWith(page(event, url));
  }
});
