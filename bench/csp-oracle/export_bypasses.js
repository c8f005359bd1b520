const base = process.argv[2];
const jsonp = require(base + '/dist/allowlist_bypasses/jsonp.js');
const angular = require(base + '/dist/allowlist_bypasses/angular.js');
const flash = require(base + '/dist/allowlist_bypasses/flash.js');
const version = require(base + '/package.json').version;
console.log(JSON.stringify({version, jsonp: jsonp.URLS, needs_eval: jsonp.NEEDS_EVAL, angular: angular.URLS, flash: flash.URLS}));
