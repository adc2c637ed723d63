/* Filters beside the results on wide screens: their panel opens there. On phones it stays closed behind its
   summary, above the results; without this script it is closed everywhere and opens at a click or a key. */
(function () {
  "use strict";
  if (!window.matchMedia || window.matchMedia("(max-width: 48rem)").matches) return;
  document.querySelectorAll("details.filters-panel").forEach(function (panel) {
    panel.open = true;
  });
})();
