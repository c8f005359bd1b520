// Fault layout-shift: a late promo banner pushes the whole page down.
setTimeout(function () {
  var banner = document.createElement("div");
  banner.className = "promo-banner";
  banner.textContent = "Spring sale: 20% off inspections";
  var main = document.getElementById("main");
  main.insertBefore(banner, main.firstChild);
}, 700);
