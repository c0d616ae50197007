import { expect, it } from "vitest";

// test/stores/on-runtimes.test.ts runs the store suites again under Bun and Deno; this
// proves they really ran there and not on a Node that vitest or bun test fell back to.
it("runs on the runtime the caller expects", () => {
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  const runtime = g.Deno ? "deno" : g.Bun ? "bun" : "node";
  expect(runtime).toBe(process.env.MHCS_EXPECT_RUNTIME ?? "node");
});
