/* Listings and the search page: a filter, a page of results or "Skip to results" leads to #results, the heading of
   the results (base.listing.RESULTS, tabindex="-1"). Browsers focus a focusable target of the address's fragment; this
   makes sure of it, when the page loads and when "Skip to results" is followed again, so that the next Tab reaches the
   first result and a screen reader announces how many there are. Without it the fragment still scrolls there and
   moves the start of sequential focus navigation to the results. */
(function () {
  "use strict";
  var ID = "results";

  function focusResults() {
    if (window.location.hash !== "#" + ID) return;
    var heading = document.getElementById(ID);
    if (heading && document.activeElement !== heading) heading.focus();
  }

  focusResults();
  window.addEventListener("hashchange", focusResults);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href='#" + ID + "']");
    if (link) window.setTimeout(focusResults, 0);
  });
})();
