/* Offline reading in the page: registers the service worker (static/js/sw.js, served at /sw.js), reveals the
   "Save for offline reading" button of practices and resources, and fills the offline page's list.
   Progressive enhancement: where service workers are not supported, none of it shows and the site works as before.
   What is saved goes through socialabMayKeep (offline-rule.js), fetched without cookies: only the public version
   of a page and of its files is ever kept. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches || !window.fetch || !window.socialabMayKeep) return;
  if (window.location.pathname.indexOf("/admin/") === 0) return; /* a page previewed in the admin */
  var SAVED = "socialab-saved"; /* the service worker keeps this cache across versions */
  var RECORDS = "/__saved__/"; /* a JSON record per saved page: title, url, language, date saved, files */
  var body = document.body;
  var origin = window.location.origin;

  navigator.serviceWorker.register(body.getAttribute("data-service-worker"), { scope: "/" }).catch(function () {
    /* no worker (private browsing, an old browser): pages still work online */
  });

  function recordKey(url) {
    return RECORDS + encodeURIComponent(url);
  }

  function open() {
    return caches.open(SAVED);
  }

  function readRecord(cache, key) {
    return cache.match(key).then(function (response) { return response ? response.json() : null; });
  }

  function records() {
    return open().then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (request) {
          return new URL(request.url).pathname.indexOf(RECORDS) === 0;
        }).map(function (request) { return readRecord(cache, request); }));
      });
    });
  }

  function filesOnPage(url) {
    var found = [];
    document.querySelectorAll("[data-offline-file]").forEach(function (link) { found.push(link.href); });
    document.querySelectorAll("main img").forEach(function (image) { found.push(image.currentSrc || image.src); });
    return found.filter(function (file, index) {
      return file && new URL(file).origin === origin && found.indexOf(file) === index && file !== url;
    });
  }

  function store(cache, url) {
    var request = new Request(url, { credentials: "omit" });
    return fetch(request).then(function (response) {
      if (!socialabMayKeep(origin, request, response)) throw new Error("not public: " + url);
      return cache.put(url, response);
    });
  }

  function save(url, title) {
    var files = filesOnPage(origin + url);
    return open().then(function (cache) {
      return store(cache, url).then(function () {
        return Promise.all(files.map(function (file) {
          return store(cache, file).then(function () { return file; }, function () { return null; });
        }));
      }).then(function (kept) {
        var record = {
          title: title,
          url: url,
          language: document.documentElement.lang,
          saved: new Date().toISOString(),
          files: kept.filter(Boolean)
        };
        var headers = { "Content-Type": "application/json" };
        return cache.put(recordKey(url), new Response(JSON.stringify(record), { headers: headers }));
      });
    });
  }

  function remove(url) {
    return Promise.all([open(), records()]).then(function (found) {
      var cache = found[0];
      var others = found[1].filter(function (record) { return record && record.url !== url; });
      var mine = found[1].filter(function (record) { return record && record.url === url; })[0] || { files: [] };
      var shared = [].concat.apply([], others.map(function (record) { return record.files || []; }));
      var files = (mine.files || []).filter(function (file) { return shared.indexOf(file) === -1; });
      return Promise.all([url, recordKey(url)].concat(files).map(function (key) { return cache.delete(key); }));
    });
  }

  function saveButton(box) {
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    var url = window.location.pathname;
    var saved = false;
    var busy = false;
    function show(isSaved) {
      saved = isSaved;
      button.textContent = button.getAttribute(isSaved ? "data-label-remove" : "data-label-save");
    }
    open().then(function (cache) { return readRecord(cache, recordKey(url)); }).then(function (record) {
      show(Boolean(record));
      box.hidden = false;
    });
    button.addEventListener("click", function () {
      if (busy) return;
      busy = true;
      var was = saved;
      (was ? remove(url) : save(url, box.getAttribute("data-title"))).then(function () {
        show(!was);
        status.textContent = button.getAttribute(was ? "data-done-remove" : "data-done-save");
      }, function () {
        if (!was) remove(url);
        status.textContent = button.getAttribute("data-failed");
      }).then(function () { busy = false; });
    });
  }

  function savedItem(list, record) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = record.url;
    link.lang = record.language;
    link.textContent = record.title;
    var when = document.createElement("span");
    when.className = "saved-list__date";
    when.textContent = " · " + list.getAttribute("data-label-saved") + " " +
      new Date(record.saved).toLocaleDateString(document.documentElement.lang) + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "saved-list__remove";
    button.textContent = list.getAttribute("data-label-remove") + " ";
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = record.title;
    button.appendChild(name);
    button.addEventListener("click", function () {
      remove(record.url).then(function () {
        document.querySelector("[data-offline-status]").textContent = list.getAttribute("data-done-remove");
        document.getElementById("saved-title").focus();
        return savedList(list);
      });
    });
    item.append(link, when, button);
    return item;
  }

  function savedList(list) {
    return records().then(function (found) {
      found = found.filter(Boolean).sort(function (a, b) { return b.saved.localeCompare(a.saved); });
      list.textContent = "";
      found.forEach(function (record) { list.appendChild(savedItem(list, record)); });
      list.hidden = !found.length;
      document.querySelector("[data-offline-empty]").hidden = Boolean(found.length);
    });
  }

  document.querySelectorAll("[data-offline-save]").forEach(saveButton);
  var list = document.querySelector("[data-offline-list]");
  if (list) {
    document.querySelector("[data-offline-unsupported]").hidden = true;
    savedList(list);
    var notice = document.querySelector("[data-offline-notice]");
    var here = window.location.pathname === body.getAttribute("data-offline-page");
    notice.hidden = navigator.onLine && here; /* the worker answered another address with this page */
  }
})();
