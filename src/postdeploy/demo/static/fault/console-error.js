// Fault console-error: a failing analytics snippet logs an error on every page view.
console.error("analytics: failed to initialise tracker (missing site id)");
