// Print CSP Evaluator's bypass lists (Apache-2.0) as JSON, to refresh src/postdeploy/csp/bypass_data.py.
// usage: node export_bypasses.js node_modules/csp_evaluator
const base = require('path').resolve(process.argv[2]);
const jsonp = require(base + '/dist/allowlist_bypasses/jsonp.js');
const angular = require(base + '/dist/allowlist_bypasses/angular.js');
const flash = require(base + '/dist/allowlist_bypasses/flash.js');
const version = require(base + '/package.json').version;
console.log(JSON.stringify({version, jsonp: jsonp.URLS, needs_eval: jsonp.NEEDS_EVAL, angular: angular.URLS, flash: flash.URLS}));
