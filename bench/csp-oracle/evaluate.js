// Google's CSP Evaluator over a JSON array of policies: default + strict checks + reporting check,
// on the CSP3 effective policy (as csp-evaluator.withgoogle.com runs them).
// usage: node evaluate.js policies.json [--repeat-to N]  → JSON {results, elapsed_ms, count} on stdout
const fs = require('fs');
const {CspParser} = require('csp_evaluator/dist/parser.js');
const {CspEvaluator, DEFAULT_CHECKS, STRICTCSP_CHECKS} = require('csp_evaluator/dist/evaluator.js');
const {checkHasConfiguredReporting} = require('csp_evaluator/dist/checks/security_checks.js');
const {Severity, Type} = require('csp_evaluator/dist/finding.js');
const {Version} = require('csp_evaluator/dist/csp.js');

const policies = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const repeatIndex = process.argv.indexOf('--repeat-to');
const total = repeatIndex > 0 ? Number(process.argv[repeatIndex + 1]) : policies.length;
const checks = DEFAULT_CHECKS.concat(STRICTCSP_CHECKS, [checkHasConfiguredReporting]);

function evaluate(policy) {
  try {
    const parsed = new CspParser(policy).csp;
    return new CspEvaluator(parsed, Version.CSP3).evaluate([], checks);
  } catch (error) {
    return {error: String(error)};
  }
}

const started = process.hrtime.bigint();
const results = [];
for (let i = 0; i < total; i++) {
  const found = evaluate(policies[i % policies.length]);
  if (i < policies.length) results.push(found);
}
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
const named = results.map((found) => found.error ? found : found.map((f) => ({
  type: Type[f.type], severity: Severity[f.severity], directive: f.directive, value: f.value || '',
})));
process.stdout.write(JSON.stringify({count: total, elapsed_ms: elapsedMs, results: named}));
