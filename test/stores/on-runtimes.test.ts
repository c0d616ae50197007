import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../runtimes/conformance/_transports.ts";

const SUITES = ["test/stores/runs-on.test.ts", "test/stores/memory-store.test.ts", "test/stores/file-store.test.ts", "test/stores/redis-store.test.ts"];

/** The SessionStore contract suite, run by Bun's test runner inside Bun and by vitest inside Deno. */
const RUNNERS: Record<"bun" | "deno", string[]> = {
  bun: [`${ROOT}node_modules/.bin/bun`, "test", ...SUITES.map((suite) => `./${suite}`)],
  deno: [`${ROOT}node_modules/.bin/deno`, "run", "-A", `${ROOT}node_modules/vitest/vitest.mjs`, "run", ...SUITES],
};

function run(command: string[], runtime: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), {
      cwd: ROOT,
      env: { ...process.env, MHCS_EXPECT_RUNTIME: runtime, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("session stores inside other runtimes", () => {
  for (const runtime of ["bun", "deno"] as const) {
    it(`the store contract suite passes inside ${runtime}`, async () => {
      const { code, output } = await run(RUNNERS[runtime], runtime);
      expect(code, output).toBe(0);
      expect(output).toMatch(runtime === "bun" ? /\b0 fail\b/ : new RegExp(`Test Files\\s+${SUITES.length} passed`));
    }, 180_000);
  }
});
