// Fault js-error-on-browse: an uncaught exception in the browse page's script.
(function () {
  var filters = undefined;
  filters.apply();
})();
