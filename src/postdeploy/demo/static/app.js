// SkyMarket: small progressive enhancements; the site works without them.
document.documentElement.classList.add("js");
