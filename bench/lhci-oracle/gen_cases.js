// Lighthouse CI's own assertion and budget-conversion test cases (packages/utils/test/
// assertions.test.js, budgets-converter.test.js), run through the installed @lhci/utils so the
// expected verdicts are whatever Lighthouse CI 0.15 really answers. Output: selftests/data/lhci_cases.json.
'use strict';
const fs = require('fs');
const path = require('path');
const {getAllAssertionResults} = require('@lhci/utils/src/assertions.js');
const {convertBudgetsToAssertions, convertPathExpressionToRegExp} = require('@lhci/utils/src/budgets-converter.js');

const clone = x => JSON.parse(JSON.stringify(x));
const baseLhrs = () => [
  {finalUrl: 'http://page-1.com', audits: {
    'first-contentful-paint': {score: 0.6}, 'speed-index': {numericValue: 5000},
    'network-requests': {score: 0, details: {items: [1, 2, 3, 4]}}}},
  {finalUrl: 'http://page-1.com', audits: {
    'first-contentful-paint': {score: 0.8}, 'speed-index': {numericValue: 5500},
    'network-requests': {score: 0, details: {items: [1, 2]}}}},
];
const twoPages = () => { const l = baseLhrs(); for (const x of [...l]) l.push({...clone(x), finalUrl: 'http://page-2.com'}); return l; };
const withScores = (audit, score, mode) => { const l = baseLhrs(); for (const x of l) { x.audits[audit].score = score; if (mode) x.audits[audit].scoreDisplayMode = mode; } return l; };
const partial = () => { const l = baseLhrs(); l[1].audits['first-contentful-paint'].score = null; return l; };
const medianRunLhrs = [
  {finalUrl: 'http://example.com', audits: {'first-contentful-paint': {numericValue: 5000}, interactive: {numericValue: 10000}, 'other-audit': {numericValue: 23000}}},
  {finalUrl: 'http://example.com', audits: {'first-contentful-paint': {numericValue: 1000}, interactive: {numericValue: 5000}, 'other-audit': {numericValue: 5000}}},
  {finalUrl: 'http://example.com', audits: {'first-contentful-paint': {numericValue: 10000}, interactive: {numericValue: 15000}, 'other-audit': {numericValue: 2000}}},
];
const lhrWithBudget = {finalUrl: 'http://page-1.com', audits: {'performance-budget': {id: 'performance-budget', score: null, scoreDisplayMode: 'informative', details: {type: 'table', items: [
  {resourceType: 'document', label: 'Document', requestCount: 1, size: 3608, sizeOverBudget: 2584},
  {resourceType: 'script', label: 'Script', requestCount: 4, size: 103675, countOverBudget: '2 requests', sizeOverBudget: 72955}]}}}};
const lhrWithResourceSummary = {finalUrl: 'http://example.com', audits: {'resource-summary': {details: {items: [
  {resourceType: 'document', label: 'Document', requestCount: 1, size: 1143},
  {resourceType: 'font', label: 'Font', requestCount: 2, size: 86751},
  {resourceType: 'stylesheet', label: 'Stylesheet', requestCount: 3, size: 9842},
  {resourceType: 'third-party', label: 'Third-party', requestCount: 7, size: 94907}]}}}};
const lhrWithTransferSize = {finalUrl: 'http://example.com/', categories: {performance: {score: 0.82}, seo: {score: null}}, audits: {
  'resource-summary': {details: {items: [{resourceType: 'script', requestCount: 3, transferSize: 204800}, {resourceType: 'total', requestCount: 12, transferSize: 307200}]}},
  'user-timings': {details: {items: [{name: 'app:ready', startTime: 800, duration: 120}, {name: 'hero', startTime: 950}]}}}};

const cases = [
  ['audit that did not run', {assertions: {missing: 'error'}}, baseLhrs()],
  ['passing assertions', {assertions: {'first-contentful-paint': ['error', {minScore: 0.5}], 'network-requests': ['warn', {maxLength: 10}]}}, baseLhrs()],
  ['failures', {assertions: {'first-contentful-paint': ['error', {minScore: 0.9}], 'network-requests': ['warn', {maxLength: 1}], 'speed-index': ['error', {maxNumericValue: 2000}]}}, baseLhrs()],
  ['default minScore for a level with no options', {assertions: {'first-contentful-paint': ['warn', {}]}}, baseLhrs()],
  ['bare level string', {assertions: {'first-contentful-paint': 'error'}}, baseLhrs()],
  ['notApplicable counts as 1', {assertions: {'network-requests': 'error'}}, withScores('network-requests', null, 'notApplicable')],
  ['informative counts as 0', {assertions: {'network-requests': 'error'}}, withScores('network-requests', null, 'informative')],
  ['camelCase and kebab keys de-duplicate', {assertions: {firstContentfulPaint: ['warn', {minScore: 1}], 'first-contentful-paint': ['warn', {minScore: 1}]}}, baseLhrs()],
  ['camelCase-only key is off', {assertions: {firstContentfulPaint: ['warn', {minScore: 1}]}}, baseLhrs()],
  ['optimistic', {assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'optimistic', minScore: 1}], 'network-requests': ['warn', {aggregationMethod: 'optimistic', maxLength: 1}]}}, baseLhrs()],
  ['pessimistic', {assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'pessimistic', minScore: 1}], 'network-requests': ['warn', {aggregationMethod: 'pessimistic', maxLength: 1}]}}, baseLhrs()],
  ['median', {assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'median', minScore: 1}], 'network-requests': ['warn', {aggregationMethod: 'median', maxLength: 1}]}}, baseLhrs()],
  ['median-run uses the representative run', {assertions: {'other-audit': ['warn', {aggregationMethod: 'median-run', maxNumericValue: 10000}]}}, medianRunLhrs],
  ['median of three numeric values', {assertions: {'other-audit': ['error', {aggregationMethod: 'median', maxNumericValue: 10000}]}}, medianRunLhrs],
  ['top-level aggregationMethod applies to every assertion', {aggregationMethod: 'pessimistic', assertions: {'other-audit': ['error', {maxNumericValue: 10000}]}}, medianRunLhrs],
  ['partial failure, optimistic', {assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'optimistic'}]}}, partial()],
  ['partial failure, median', {assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'median'}]}}, partial()],
  ['partial failure, pessimistic', {assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'pessimistic'}]}}, partial()],
  ['legacy performance-budget rows', {assertions: {'performance-budget': 'error'}}, [lhrWithBudget, lhrWithBudget]],
  ['budgets after the fact', {assertions: {'resource-summary.document.size': ['error', {maxNumericValue: 400}], 'resource-summary.font.count': ['warn', {maxNumericValue: 1}], 'resource-summary.third-party.count': ['warn', {maxNumericValue: 5}]}}, [lhrWithResourceSummary, lhrWithResourceSummary]],
  ['resource-summary colon syntax and transferSize', {assertions: {'resource-summary:script:size': ['error', {maxNumericValue: 150000}], 'resource-summary:total:count': ['error', {maxNumericValue: 10}], 'resource-summary:font:count': ['error', {maxNumericValue: 1}]}}, [lhrWithTransferSize]],
  ['categories', {assertions: {'categories:performance': ['error', {minScore: 0.9}], 'categories:seo': ['error', {minScore: 0.9}], 'categories:pwa': 'warn'}}, [lhrWithTransferSize]],
  ['user timings', {assertions: {'user-timings:app:ready': ['error', {maxNumericValue: 100}], 'user-timings:hero': ['error', {maxNumericValue: 1000}]}}, [lhrWithTransferSize]],
  ['URLs reported separately', {assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}}, twoPages()],
  ['matchingUrlPattern filters URLs', {assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}, matchingUrlPattern: '.*-2.com'}, twoPages()],
  ['no URL matches the pattern', {assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}, matchingUrlPattern: 'this-will-never-match-anything'}, twoPages()],
  ['assertMatrix', {assertMatrix: [{matchingUrlPattern: '.*-1.com', assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}}, {matchingUrlPattern: '.*-2.com', assertions: {'first-contentful-paint': ['error', {minScore: 0.95}]}}]}, twoPages()],
];

const budgetCases = [
  ['budget.json natively', [{resourceCounts: [{resourceType: 'font', budget: 1}, {resourceType: 'third-party', budget: 5}], resourceSizes: [{resourceType: 'document', budget: 400}]}], [lhrWithResourceSummary, lhrWithResourceSummary]],
  ['budget.json sizes in KiB', [{resourceSizes: [{resourceType: 'document', budget: 1}, {resourceType: 'font', budget: 100}]}], [lhrWithResourceSummary]],
  ['budget.json timings and path', [{path: '/', timings: [{metric: 'speed-index', budget: 5200}]}, {path: '/nowhere', resourceCounts: [{resourceType: 'total', budget: 1}]}], baseLhrs()],
];

const out = {assertions: [], budgets: [], conversions: [], paths: []};
for (const [name, options, lhrs] of cases) {
  out.assertions.push({name, options, lhrs, expected: getAllAssertionResults(clone(options), clone(lhrs)).map(r => ({...r, actual: Number.isNaN(r.actual) ? 'NaN' : r.actual, values: r.values.map(v => (Number.isNaN(v) ? 'NaN' : v))}))});
}
(async () => {
  for (const [name, budgets, lhrs] of budgetCases) {
    const options = await convertBudgetsToAssertions(clone(budgets));
    out.budgets.push({name, budgets, lhrs, expected: getAllAssertionResults(options, clone(lhrs))});
  }
  const converted = await convertBudgetsToAssertions([
    {resourceSizes: [{resourceType: 'script', budget: 123}, {resourceType: 'image', budget: 456}], resourceCounts: [{resourceType: 'total', budget: 100}, {resourceType: 'third-party', budget: 10}]},
    {path: '/second-path', resourceSizes: [{resourceType: 'script', budget: 1000}]},
  ]);
  out.conversions.push({name: 'converts budgets to an assertMatrix', expected: converted});
  const pathCases = [
    ['/', 'https://google.com'], ['/go', 'https://go.com/dogs'], ['/videos', 'https://yt.com/videos?id='],
    ['/aaa', 'https://abc.com/aaa'], ['/aaa', 'https://abc.com/AAA'], ['/AAA', 'https://abc.com/aaa'],
    [null, 'https://example.com'], [null, 'https://example.com/dogs'],
  ];
  for (const [p, url] of [['/', '/anything'], ['/any', '/anything'], ['/anything', '/anything'], ['/anything1', '/anything'],
    ['/fish.php$', '/fish.php'], ['/fish.php$', '/Fish.PHP'], ['/*', '/anything'], ['/fish*', '/fish'], ['/*food', '/fishfood'],
    ['/*food', '/fish/food/and/other/things'], ['/fish*', '/fis/'], ['/fish*fish', '/fish'], ['/*.php$', '/fish.php'],
    ['/folder*.php$', '/folder/filename.php'], ['/folder/filename*.php$', '/folder/filename.php'], ['/*.php$', '/fish.php?species='],
    ['/folder*.php$', '/filename.php/'], ['/folder*folder$', '/folder']]) pathCases.push([p, 'https://example.com' + url]);
  for (const [p, url] of pathCases) {
    const re = convertPathExpressionToRegExp(p === null ? undefined : p);
    out.paths.push({path: p, url, pattern: re.source, matches: re.test(url)});
  }
  const file = path.join(__dirname, '..', '..', 'selftests', 'data', 'lhci_cases.json');
  fs.writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
  console.log(`wrote ${file}: ${out.assertions.length} assertion cases, ${out.budgets.length} budget cases, ${out.paths.length} path cases`);
})();
