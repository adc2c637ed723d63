/* What the service worker and the "Save for offline reading" button may keep on the reader's device: one rule,
   a pure function of plain values, so that it can be tested on its own (tests/browser/test_offline.py).
   Only what anyone may read: a GET of this site, answered 200 without a redirect, whose Cache-Control says
   neither private nor no-store (the server marks so every answer rendered for one reader: base.page_cache),
   and never the admin, accounts, the APIs or the worker itself. */
(function (scope) {
  "use strict";
  var NEVER = ["/admin/", "/django-admin", "/accounts/", "/api/", "/_util/", "/sw.js"];

  function directives(cacheControl) {
    return (cacheControl || "").toLowerCase().split(",").map(function (part) {
      return part.split("=")[0].trim();
    });
  }

  function outOfBounds(origin, address) {
    var url = new URL(address, origin);
    if (url.origin !== origin) return true;
    return NEVER.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
  }

  /* request: {method, url}; response: {status, type, redirected, url, cacheControl}. */
  scope.socialabMayStore = function (origin, request, response) {
    if (!request || request.method !== "GET" || outOfBounds(origin, request.url)) return false;
    if (!response || response.status !== 200 || response.redirected) return false;
    if (response.type && response.type !== "basic" && response.type !== "default") return false;
    if (response.url && outOfBounds(origin, response.url)) return false;
    var said = directives(response.cacheControl);
    return said.indexOf("private") === -1 && said.indexOf("no-store") === -1;
  };

  /* The same question about real Request and Response objects. */
  scope.socialabMayKeep = function (origin, request, response) {
    return scope.socialabMayStore(
      origin,
      { method: request.method, url: request.url },
      response && {
        status: response.status,
        type: response.type,
        redirected: response.redirected,
        url: response.url,
        cacheControl: response.headers.get("Cache-Control")
      }
    );
  };
})(self);
