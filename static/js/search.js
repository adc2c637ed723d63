/* Autocomplete for the search box: titles that contain what is typed, offered in a <datalist>.
   Progressive enhancement: without this script the form works the same, without suggestions. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !window.fetch) return;
  var list = document.createElement("datalist");
  list.id = input.id + "-suggestions";
  input.parentNode.appendChild(list);
  input.setAttribute("list", list.id);
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var typed = input.value.trim();
      if (typed.length < 2 || typed === last) return;
      last = typed;
      fetch(input.getAttribute("data-autocomplete") + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() !== typed) return;
          list.textContent = "";
          data.results.forEach(function (result) {
            var option = document.createElement("option");
            option.value = result.title;
            list.appendChild(option);
          });
        })
        .catch(function () { /* no suggestions: the search itself still works */ });
    }, 200);
  });
})();
