// StrykerJS: mutation testing, one src/ folder at a time through `npm run mutate -- src/<folder>`
// (bench/mutation/mutate.ts sets `mutate` and the tests). Reported in bench/mutation/README.md, not a CI gate.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "bench/mutation/vitest.config.ts", related: false },
  checkers: ["typescript"],
  // Only src/ is mutated: type-checking src/ alone (no tests, benches, examples) makes the checker ~5x cheaper per mutant.
  tsconfigFile: "tsconfig.src.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // Two shared cores: one test runner and one checker at a time.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  ignorePatterns: ["dist", "reports", "coverage", ".tmp", "bench/results"],
  cleanTempDir: "always",
};
