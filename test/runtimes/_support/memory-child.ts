/**
 * Run as `node --expose-gc --import tsx memory-child.ts <requests-per-round>`: builds the whole handler,
 * answers fresh random traffic for several rounds, and prints the heap after GC at each round as JSON.
 */
import fc from "fast-check";
import { buildApp } from "./app.ts";
import { buildRequest, requestSpec } from "./arbitraries.ts";
import { extendApp } from "./features.ts";

const perRound = Number(process.argv[2] ?? "1000");
const rounds = 4;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

async function settle(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().heapUsed;
}

const app = buildApp({ extend: extendApp });
await app.handler.ready();
const heaps: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Fresh requests each round, so a leak keyed by something a request carries (an id, a path) keeps growing.
  for (const spec of fc.sample(requestSpec, { numRuns: perRound, seed: 42 + round })) {
    const built = buildRequest(spec);
    if (!built) continue;
    const response = await app.handler.fetch(built.request);
    await response.arrayBuffer();
  }
  app.logger.clear();
  heaps.push(await settle());
}
await app.handler.close();
console.log(JSON.stringify({ perRound, heaps }));
