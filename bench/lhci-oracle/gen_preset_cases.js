// Presets, user assertions merged over them, and lighthouserc files (JSON, YAML, JS, `extends`, dotted
// keys, `budgetsFile`), each judged by the installed @lhci/utils 0.15 so the expected verdicts are
// Lighthouse CI's own. Output: selftests/data/lhci_preset_cases.json (one result per line).
//   node bench/lhci-oracle/gen_preset_cases.js
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {getAllAssertionResults} = require('@lhci/utils/src/assertions.js');
const {convertBudgetsToAssertions} = require('@lhci/utils/src/budgets-converter.js');
const {loadAndParseRcFile} = require('@lhci/utils/src/lighthouserc.js');
const all = require('@lhci/utils/src/presets/all.js');

const clone = x => JSON.parse(JSON.stringify(x));

// A deterministic pseudo-random number in [0, 1) per string, so the synthetic results are stable.
function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h / 2 ** 32;
}

// Two runs with every audit lighthouse:all names (minus a few, so auditRan failures show too), in
// every shape an audit takes: scored, notApplicable, informative, numeric, with and without items.
function fullLhr(run, finalUrl) {
  const audits = {};
  for (const id of Object.keys(all.assertions)) {
    const r = hash(`${id}:${run}`);
    if (hash(id) < 0.04) continue; // missing from the result
    const audit = {id};
    if (r < 0.55) audit.score = 1;
    else if (r < 0.65) audit.score = 0.95;
    else if (r < 0.72) audit.score = 0.5;
    else if (r < 0.8) audit.score = 0;
    else if (r < 0.9) { audit.score = null; audit.scoreDisplayMode = 'notApplicable'; }
    else { audit.score = null; audit.scoreDisplayMode = 'informative'; }
    if (hash(`n:${id}`) < 0.4) audit.numericValue = Math.round(hash(`v:${id}:${run}`) * 5000);
    const items = Math.floor(hash(`i:${id}:${run}`) * 4) - 1;
    if (items >= 0) audit.details = {items: Array.from({length: items}, () => ({}))};
    audits[id] = audit;
  }
  audits['resource-summary'] = {id: 'resource-summary', score: null, scoreDisplayMode: 'informative', details: {items: [
    {resourceType: 'total', requestCount: 20 + run, transferSize: 400000 + 1000 * run},
    {resourceType: 'script', requestCount: 8, transferSize: 160000 + 2000 * run},
    {resourceType: 'third-party', requestCount: run, transferSize: 1000 * run}]}};
  const categories = {performance: {score: (86 + 2 * run) / 100}, accessibility: {score: 0.97},
    'best-practices': {score: 0.93}, seo: {score: 0.9}};
  return {finalUrl, categories, audits};
}
const lhrSets = {
  full: [fullLhr(1, 'https://app.example.com/'), fullLhr(2, 'https://app.example.com/')],
  twoPages: [fullLhr(1, 'https://app.example.com/'), fullLhr(3, 'https://app.example.com/pricing')],
};

const originDocs = {
  preset: 'lighthouse:recommended',
  assertions: {
    'categories:performance': ['error', {minScore: 0.9}],
    'categories:accessibility': ['error', {minScore: 0.95}],
    'categories:best-practices': ['error', {minScore: 0.95}],
    'categories:seo': ['error', {minScore: 0.9}],
  },
};
const cases = [
  ['lighthouse:all', {preset: 'lighthouse:all'}, 'full'],
  ['lighthouse:recommended', {preset: 'lighthouse:recommended'}, 'full'],
  ['lighthouse:no-pwa', {preset: 'lighthouse:no-pwa'}, 'full'],
  ['the origin documents\' lighthouserc (recommended + category scores)', originDocs, 'full'],
  ['user assertions merge over the preset element by element', {preset: 'lighthouse:recommended', assertions: {
    'offscreen-images': ['warn', {minScore: 0.5}], // over ['error', {maxLength: 0}]: both bounds
    'uses-http2': 'error', // a string replaces the preset's array
    'unused-javascript': ['off'], // a one-element array keeps the preset's options
    'dom-size': null, // null switches it off
    firstContentfulPaint: ['error', {minScore: 1}], // camelCase: the preset's kebab entry wins
    'resource-summary:script:size': ['error', {maxNumericValue: 150000}],
  }}, 'full'],
  ['an array over no-pwa\'s string entry', {preset: 'lighthouse:no-pwa', assertions: {
    'is-on-https': ['error', {}], viewport: 'warn'}}, 'full'],
  ['preset with aggregationMethod pessimistic', {preset: 'lighthouse:recommended', aggregationMethod: 'pessimistic'}, 'full'],
  ['preset per assertMatrix entry', {assertMatrix: [
    {matchingUrlPattern: 'pricing', preset: 'lighthouse:no-pwa'},
    {matchingUrlPattern: 'example\\.com/$', assertions: {'categories:performance': ['error', {minScore: 0.9}]}},
  ]}, 'twoPages'],
  ['preset on two URLs', {preset: 'lighthouse:recommended'}, 'twoPages'],
];

// lighthouserc files as lhci reads them: loadAndParseRcFile, then `lhci assert`'s own option handling.
const budget = [{path: '/*', resourceSizes: [{resourceType: 'script', budget: 150}, {resourceType: 'total', budget: 390}],
  resourceCounts: [{resourceType: 'third-party', budget: 2}], timings: [{metric: 'interactive', budget: 3000}]}];
const rcCases = [
  ['budgetsFile in lighthouserc.json', {'lighthouserc.json': JSON.stringify({ci: {assert: {budgetsFile: 'budget.json'}}}),
    'budget.json': JSON.stringify(budget)}, 'lighthouserc.json', 'full'],
  ['budgetsFile drops the other assert options', {'lighthouserc.json': JSON.stringify({ci: {assert: {budgetsFile: 'budget.json',
    aggregationMethod: 'pessimistic', includePassedAssertions: true}}}), 'budget.json': JSON.stringify(budget)}, 'lighthouserc.json', 'full'],
  ['origin documents\' lighthouserc.json', {'lighthouserc.json': JSON.stringify({ci: {collect: {url: ['https://yourdomain.com'],
    numberOfRuns: 3}, assert: originDocs}})}, 'lighthouserc.json', 'full'],
  ['YAML with an unquoted off and dotted keys', {'lighthouserc.yml': [
    'ci:', '  assert:', '    preset: lighthouse:no-pwa', '    assertions:', '      uses-http2: off',
    '      resource-summary.script.size: [error, {maxNumericValue: 150000}]',
    '      categories.performance: [warn, {minScore: 0.95}]', ''].join('\n')}, 'lighthouserc.yml', 'full'],
  ['JavaScript lighthouserc', {'lighthouserc.js': "module.exports = {ci: {assert: {preset: 'lighthouse:all', assertions: " +
    "{'bf-cache': 'off', 'categories:seo': ['error', {minScore: 1}]}}}};\n"}, 'lighthouserc.js', 'full'],
  ['extends merges the base under the file', {'base.json': JSON.stringify({ci: {assert: {preset: 'lighthouse:recommended',
    assertions: {'uses-http2': 'off', 'offscreen-images': ['warn', {}]}}}}),
    'lighthouserc.json': JSON.stringify({ci: {extends: './base.json', assert: {assertions: {'offscreen-images': ['error', {minScore: 0.5}],
    'categories:seo': 'error'}}}})}, 'lighthouserc.json', 'full'],
];

const encode = results => results.map(r => ({...r, actual: Number.isNaN(r.actual) ? 'NaN' : r.actual,
  values: r.values.map(v => (Number.isNaN(v) ? 'NaN' : v))}));

(async () => {
  const out = {lhci_version: require('@lhci/utils/package.json').version, lhr_sets: lhrSets, presets: [], rc_files: []};
  for (const [name, options, set] of cases) {
    out.presets.push({name, options, lhrs: set, expected: encode(getAllAssertionResults(clone(options), clone(lhrSets[set])))});
  }
  for (const [name, files, rcName, set] of rcCases) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lhci-rc-'));
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    const cwd = process.cwd();
    process.chdir(dir); // lhci resolves budgetsFile from the working directory
    try {
      let options = loadAndParseRcFile(path.join(dir, rcName));
      if (options.budgetsFile) {
        options = await convertBudgetsToAssertions(JSON.parse(fs.readFileSync(path.resolve(options.budgetsFile), 'utf8')));
      }
      out.rc_files.push({name, files, rc: rcName, lhrs: set, expected: encode(getAllAssertionResults(options, clone(lhrSets[set])))});
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, {recursive: true, force: true});
    }
  }
  // Compact but diff-friendly: one audit of a result, one expected assertion result per line.
  const j = JSON.stringify;
  const lhrText = lhr => `   {"finalUrl": ${j(lhr.finalUrl)}, "categories": ${j(lhr.categories)}, "audits": {\n` +
    Object.entries(lhr.audits).map(([id, a]) => `    ${j(id)}: ${j(a)}`).join(',\n') + '\n   }}';
  const caseText = c => `  {` + Object.entries(c).filter(([k]) => k !== 'expected').map(([k, v]) => `${j(k)}: ${j(v)}`).join(', ') +
    `, "expected": [\n` + c.expected.map(r => `    ${j(r)}`).join(',\n') + '\n  ]}';
  const text = `{\n "lhci_version": ${j(out.lhci_version)},\n "lhr_sets": {\n` +
    Object.entries(out.lhr_sets).map(([k, lhrs]) => `  ${j(k)}: [\n${lhrs.map(lhrText).join(',\n')}\n  ]`).join(',\n') +
    `\n },\n "presets": [\n${out.presets.map(caseText).join(',\n')}\n ],\n "rc_files": [\n${out.rc_files.map(caseText).join(',\n')}\n ]\n}`;
  if (j(JSON.parse(text)) !== j(out)) throw new Error('formatting changed the data');
  const file = path.join(__dirname, '..', '..', 'selftests', 'data', 'lhci_preset_cases.json');
  fs.writeFileSync(file, text + '\n');
  const count = k => out[k].reduce((n, c) => n + c.expected.length, 0);
  console.log(`wrote ${file}: ${out.presets.length} preset cases (${count('presets')} results), ` +
    `${out.rc_files.length} lighthouserc cases (${count('rc_files')} results)`);
})();
