// MDN's scanner (its `scan()` in src/scanner/index.js, step for step) with the retriever's port
// options exposed. Its CLI scans `host:port` on that one port for both http:// and https://, which a
// site serving HTTP and HTTPS on two ports other than 80/443 (the HTTPS demo) cannot express.
// Same retrieval, same tests, same grading; trust a private CA with NODE_EXTRA_CA_CERTS.
//
//   node scan-ports.mjs HOST [--http-port N] [--https-port N]   → the CLI's JSON on stdout
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS, NUM_TESTS, ALGORITHM_VERSION } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import { getGradeForScore, getScoreModifier } from "@mdn/mdn-http-observatory/src/grader/grader.js";

const [hostname, ...rest] = process.argv.slice(2);
const options = {};
for (let i = 0; i < rest.length; i += 2) {
  if (rest[i] === "--http-port") options.httpPort = rest[i + 1];
  else if (rest[i] === "--https-port") options.httpsPort = rest[i + 1];
  else throw new Error(`unknown option ${rest[i]}`);
}

try {
  const r = await retrieve(hostname, options);
  if (!r.responses.auto) throw new Error("The site seems to be down.");
  const { status } = r.responses.auto;
  if (status < 200 || (status >= 400 && ![401, 403].includes(status))) {
    throw new Error(`Site did respond with an unexpected HTTP status code ${status}.`);
  }
  const results = ALL_TESTS.map((test) => test(r));
  let testsPassed = 0;
  let scoreWithExtraCredit = 100;
  let uncurvedScore = 100;
  const tests = {};
  for (const result of results) {
    if (result.result) {
      result.scoreModifier = getScoreModifier(result.result);
      testsPassed += result.pass ? 1 : 0;
      scoreWithExtraCredit += result.scoreModifier;
      if (result.scoreModifier < 0) uncurvedScore += result.scoreModifier;
    }
    tests[result.constructor.name] = result;
  }
  const score = uncurvedScore >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? scoreWithExtraCredit : uncurvedScore;
  const final = getGradeForScore(score);
  const scan = {
    algorithmVersion: ALGORITHM_VERSION,
    grade: final.grade,
    score: final.score,
    statusCode: status,
    testsFailed: NUM_TESTS - testsPassed,
    testsPassed,
    testsQuantity: NUM_TESTS,
  };
  console.log(JSON.stringify({ scan, tests }, null, 2));
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
}
