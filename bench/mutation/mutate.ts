/**
 * `npm run mutate -- src/<folder> [--tests test/a,test/b] [stryker options]`: mutation testing of one src/ folder with
 * StrykerJS, running only the test folders that cover it (the whole suite is too slow to run per mutant
 * on two cores). Reports land in reports/mutation/ (clear text on stdout, mutation.json, mutation.html).
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/** The test folders that exercise each src/ folder directly; others default to test/<name>. */
const TESTS_FOR: Record<string, string[]> = {
  "src/sessions": ["test/sessions", "test/stores"],
  "src/transforms": ["test/transforms"],
  "src/lora": ["test/lora"],
  "src/customer": ["test/core"],
  "src/_internal": ["test/core", "test/transforms"],
  "src/models": ["test/hosting-modes"],
  "src/batch": ["test/hosting-modes"],
};

function usage(message: string): never {
  console.error(`${message}\nusage: npm run mutate -- src/<folder> [--tests test/a,test/b] [stryker options]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const testsFlag = args.indexOf("--tests");
const explicitTests = testsFlag >= 0 ? args.splice(testsFlag, 2)[1]?.split(",").filter(Boolean) : undefined;
// Anything after the folder goes to `stryker run` as is (e.g. --ignoreStatic, --concurrency 2).
const [target, ...strykerArgs] = args;
if (!target) usage("which src/ folder?");
const folder = relative(ROOT, resolve(target)).replace(/\/$/, "");
if (!folder.startsWith("src") || !existsSync(join(ROOT, folder)) || !statSync(join(ROOT, folder)).isDirectory()) usage(`${target} is not a folder under src/`);

const tests = explicitTests ?? TESTS_FOR[folder] ?? [`test/${basename(folder)}`];
for (const dir of tests) if (!existsSync(join(ROOT, dir))) usage(`no test folder ${dir} for ${folder}: pass --tests`);

// Only this folder's own files: for src/ itself, not its subfolders.
const mutate = folder === "src" ? "src/*.ts" : `${folder}/**/*.ts`;
console.log(`mutating ${mutate} against ${tests.join(", ")}`);
const result = spawnSync(process.execPath, [join(ROOT, "node_modules/@stryker-mutator/core/bin/stryker.js"), "run", "--mutate", mutate, ...strykerArgs], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, MUTATE_TESTS: tests.join(",") },
});
process.exit(result.status ?? 1);
