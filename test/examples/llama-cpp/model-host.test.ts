/**
 * The reusable model host of the llama.cpp example, in process on the real node-llama-cpp: the context pool
 * serves waiters first come, first served, prefers the context whose cache shares the prompt's prefix,
 * and drops a waiter whose client hung up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLlamaDependencies, makeTinyModels } from "./_llama.ts";
import type { TinyModels } from "./_llama.ts";

type Host = Awaited<ReturnType<typeof import("../../../examples/llama-cpp/model-host.ts").loadModelHost>>;

type Tokens = Parameters<Host["acquire"]>[1];
/** Token ids for prompts that only need to be distinct (node-llama-cpp brands its token type). */
const tokens = (...ids: number[]): Tokens => ids as unknown as Tokens;

let models: TinyModels;
let host: Host;

beforeAll(async () => {
  ensureLlamaDependencies();
  models = makeTinyModels();
  // Imported only once installed: node-llama-cpp lives in the example's own node_modules.
  const { getCpuOrGpuLlama } = await import("../../../examples/llama-cpp/engine.ts");
  const { loadModelHost } = await import("../../../examples/llama-cpp/model-host.ts");
  host = await loadModelHost(await getCpuOrGpuLlama({ gpu: false }), models.modelFile, { contexts: 2, threadsPerContext: 1, gpuLayers: 0 });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  models?.remove();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("llama.cpp model host: the context pool", () => {
  it("hands out at most `contexts` leases and serves the waiters in arrival order", async () => {
    const first = await host.acquire(null, tokens(1));
    const second = await host.acquire(null, tokens(1));
    expect(host.stats()).toMatchObject({ slots: 2, busy: 2, waiting: 0 });
    const order: number[] = [];
    const waiting = [3, 4, 5].map((n) => host.acquire(null, tokens(1)).then((lease) => (order.push(n), lease)));
    await tick();
    expect(host.stats().waiting).toBe(3);
    first.release();
    const third = await waiting[0];
    second.release();
    const fourth = await waiting[1];
    third?.release();
    const fifth = await waiting[2];
    expect(order).toEqual([3, 4, 5]);
    fourth?.release();
    fifth?.release();
    expect(host.stats()).toMatchObject({ busy: 0, waiting: 0 });
  });

  it("drops a waiter whose signal aborts, and the next one gets the context", async () => {
    const a = await host.acquire(null, tokens(1));
    const b = await host.acquire(null, tokens(1));
    const controller = new AbortController();
    const abandoned = host.acquire(null, tokens(1), controller.signal);
    const next = host.acquire(null, tokens(1));
    controller.abort(new Error("client went away"));
    await expect(abandoned).rejects.toThrow("client went away");
    a.release();
    (await next).release();
    b.release();
    expect(host.stats()).toMatchObject({ busy: 0, waiting: 0 });
  });

  it("gives a prompt the idle context whose cache holds its prefix, not the least recently used one", async () => {
    const prompt = host.model.tokenize("a conversation that goes on and on");
    const warm = await host.acquire(null, prompt);
    await warm.sequence.evaluateWithoutGeneratingNewTokens(prompt);
    const cold = await host.acquire(null, tokens(1));
    await cold.sequence.clearHistory();
    // The warm context is released last: least-recently-used alone would pick the cold one.
    cold.release();
    warm.release();
    for (let attempt = 0; attempt < 3; attempt++) {
      const again = await host.acquire(null, [...prompt, ...tokens(7)]);
      expect(again.sequence).toBe(warm.sequence);
      again.release();
    }
    const unrelated = await host.acquire(null, host.model.tokenize("something else entirely"));
    expect(unrelated.sequence).toBe(cold.sequence);
    unrelated.release();
  });

  it("rejects an adapter that is not loaded with 404", async () => {
    await expect(host.acquire("nope", tokens(1))).rejects.toMatchObject({ status: 404, message: "adapter not loaded: nope" });
  });
});
