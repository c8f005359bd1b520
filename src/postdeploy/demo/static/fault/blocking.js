// Fault render-blocking: a synchronous script in <head> that hogs the main thread, then more long tasks.
(function () {
  function busy(ms) { var end = performance.now() + ms; while (performance.now() < end) { /* spin */ } }
  busy(600);
  window.addEventListener("load", function () {
    setTimeout(function () { busy(400); }, 0);
    setTimeout(function () { busy(400); }, 50);
    setTimeout(function () { busy(400); }, 100);
  });
})();
