import { describe, expect, it } from "vitest";
import { ROOT } from "../runtimes/conformance/_transports.ts";
import { runCommand } from "../support/process.ts";

const SUITES = ["test/stores/runs-on.test.ts", "test/stores/memory-store.test.ts", "test/stores/file-store.test.ts", "test/stores/redis-store.test.ts"];

/** The SessionStore contract suite, run by Bun's test runner inside Bun and by vitest inside Deno. */
const RUNNERS: Record<"bun" | "deno", string[]> = {
  bun: [`${ROOT}node_modules/.bin/bun`, "test", ...SUITES.map((suite) => `./${suite}`)],
  deno: [`${ROOT}node_modules/.bin/deno`, "run", "-A", `${ROOT}node_modules/vitest/vitest.mjs`, "run", ...SUITES],
};

describe("session stores inside other runtimes", () => {
  for (const runtime of ["bun", "deno"] as const) {
    it(`the store contract suite passes inside ${runtime}`, async () => {
      const { code, output } = await runCommand(RUNNERS[runtime], { MHCS_EXPECT_RUNTIME: runtime, NO_COLOR: "1", FORCE_COLOR: "0" });
      expect(code, output).toBe(0);
      expect(output).toMatch(runtime === "bun" ? /\b0 fail\b/ : new RegExp(`Test Files\\s+${SUITES.length} passed`));
    }, 180_000);
  }
});
