// Wagtail's tag fields (tag-it) type into an input of their own that has no label: screen
// readers announce an unnamed text box. Name it after the field's label, also for tag fields
// added later (the image upload form in a chooser).
(function () {
  "use strict";
  function name(root) {
    root.querySelectorAll("ul.tagit input.ui-autocomplete-input").forEach(function (input) {
      if (input.hasAttribute("aria-label") || input.hasAttribute("aria-labelledby")) return;
      var list = input.closest("ul.tagit");
      var field = list && list.previousElementSibling;
      var label = field && field.id && document.querySelector('label[for="' + field.id + '"]');
      if (label) {
        if (!label.id) label.id = field.id + "-label";
        input.setAttribute("aria-labelledby", label.id);
      }
    });
  }
  function start() {
    name(document);
    new MutationObserver(function () { name(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
