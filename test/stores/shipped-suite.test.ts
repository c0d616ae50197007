import { describe, expect, it } from "vitest";
import { ROOT, runCommand } from "../support/process.ts";

// The contract suite ships as `model-hosting-container-standards/testing`; these run it from the built
// package under runners other than vitest, as a store author outside this repository would.
const run = (command: string[]) => runCommand(command, { NO_COLOR: "1" });

describe("the shipped store contract suite (/testing)", () => {
  it("runs under node:test against the built memory and file stores", async () => {
    const { code, output } = await run([process.execPath, "--test", "--test-reporter=tap", "test/stores/fixtures/contract-node-test.mjs"]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(output)?.[1])).toBeGreaterThanOrEqual(40);
  }, 180_000);

  it("runs under bun test against the built memory and file stores", async () => {
    const { code, output } = await run([`${ROOT}/node_modules/.bin/bun`, "test", "./test/stores/fixtures/contract-bun.test.mjs"]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/\b0 fail\b/);
    expect(Number(/\b(\d+) pass\b/.exec(output)?.[1])).toBeGreaterThanOrEqual(40);
  }, 180_000);
});
