// A save asked for while Wagtail's autosave is on its way waits for it.
//
// Wagtail's autosave sends the editor's form a moment after each change. On a new page, the first
// one creates the page and only then points the form at the page's edit view. A click on "Save
// draft", "Submit" or "Publish" in the meantime went to the creation view as well: two creations of
// one page, and the second was refused ("slug already in use", in a tab the person is not looking
// at). On a slow connection an autosave takes seconds, so this was the common case, not a rare one.
//
// Here the click's submission is held until the autosave has answered, then sent again, to the
// address the autosave left, with the clicked button's name. No autosave starts once a save is
// asked for: the page is about to be saved anyway.
(function () {
  "use strict";

  function autosaveOf(form) {
    var app = window.wagtail && window.wagtail.app;
    if (!app || !(form instanceof HTMLFormElement)) return null;
    return app.getControllerForElementAndIdentifier(form, "w-autosave");
  }

  function keepButton(form, button) {
    // The button may be disabled by its progress indicator, or replaced when the autosave refreshes the
    // form: its name and value go in a field of their own.
    if (!button || !button.name) return;
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = button.name;
    field.value = button.value;
    form.appendChild(field);
  }

  function sendAfterAutosave(form, autosave, button) {
    keepButton(form, button);
    // The autosave may chain a second one for changes made while the first was on its way.
    (function wait() {
      var pending = autosave.submitPromise;
      if (pending) {
        pending.then(wait, wait);
        return;
      }
      form.requestSubmit();
    })();
  }

  // First of all listeners: hold a submission while an autosave is on its way.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var autosave = autosaveOf(form);
      if (!autosave || !autosave.submitPromise) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      sendAfterAutosave(form, autosave, event.submitter);
    },
    true
  );

  // Last of all listeners: a submission that goes ahead stops the autosave.
  window.addEventListener("submit", function (event) {
    var autosave = autosaveOf(event.target);
    if (autosave && !event.defaultPrevented) autosave.activeValue = false;
  });
})();
