import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runs, scaledTimeout } from "./_support/runs.ts";

const run = promisify(execFile);
const child = fileURLToPath(new URL("./_support/memory-child.ts", import.meta.url));

/**
 * Heap growth allowed per request between the warm round and the last one. Without a leak the growth
 * measures within +-0.5 MiB over the 3,000 requests (+-170 B each); a 1 KiB-per-request leak adds ~3 MiB.
 */
const TOLERANCE_BYTES_PER_REQUEST = 512;

describe("memory", () => {
  it(
    "returns to its baseline after thousands of random requests (heap after GC, in a child with --expose-gc)",
    async () => {
      const perRound = runs(1500);
      const { stdout } = await run(process.execPath, ["--expose-gc", "--import", "tsx", child, String(perRound)], {
        timeout: scaledTimeout(150_000),
        maxBuffer: 16 * 1024 * 1024,
      });
      const result = JSON.parse(stdout.trim().split("\n").pop()!) as { heaps: number[] };
      const [, warm, , last] = result.heaps as [number, number, number, number];
      console.log(`[reliability] memory: ${perRound} requests x 4 rounds; heap after GC (MiB) ${result.heaps.map((h) => (h / 2 ** 20).toFixed(1)).join(" -> ")}`);
      // Two rounds of fresh requests run between the warm measurement and the last.
      expect((last - warm) / (2 * perRound)).toBeLessThan(TOLERANCE_BYTES_PER_REQUEST);
    },
    scaledTimeout(180_000),
  );
});
