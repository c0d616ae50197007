/**
 * Adapter memory of the llama.cpp example over 100 load/unload cycles. node-llama-cpp keeps every adapter
 * file it loaded until its model is disposed (keyed by path), so each cycle here loads from a new path, the
 * worst case; the engine reloads the model once the adapters held that way pass LLAMA_ADAPTER_CACHE_MB.
 * The adapters are ~2.3 MB each: without that, the process grows by about that much every cycle.
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningExample } from "../../support/process.ts";
import { containerMallocEnv } from "../../../examples/llama-cpp/container-env.ts";
import { client, ensureLlamaDependencies, makeTinyModels, startLlama } from "./_llama.ts";
import type { TinyModels } from "./_llama.ts";

let models: TinyModels;
let server: RunningExample;

beforeAll(async () => {
  ensureLlamaDependencies();
  models = makeTinyModels(["--dim", "128", "--rank", "256"]);
  // The allocator as the image's `serve` script sets it: without MALLOC_ARENA_MAX, glibc's per-thread arenas
  // keep freed memory scattered and the process still creeps up ~1 MB a cycle on a busy machine.
  server = await startLlama(models.modelDir, { LLAMA_THREADS: "1", LLAMA_CONTEXTS: "1", LLAMA_ADAPTER_CACHE_MB: "8", ...containerMallocEnv() });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  models?.remove();
});

describe("llama.cpp engine: adapter memory", () => {
  it("stays flat over 100 load/use/unload cycles of adapters from new paths", async () => {
    const api = client(server.url);
    const rss: number[] = [];
    for (let cycle = 0; cycle < 100; cycle++) {
      const dir = join(models.dir, `cycle-${cycle}`);
      mkdirSync(dir);
      copyFileSync(models.adapter(cycle % 2 === 0 ? "a" : "hello"), join(dir, "adapter.gguf"));
      const name = `adapter-${cycle}`;
      expect((await api.loadAdapter(name, dir)).status).toBe(200);
      const answer = await api.invoke({ prompt: "x", max_tokens: 4 }, { "X-Amzn-SageMaker-Adapter-Identifier": name });
      expect(answer.status).toBe(200);
      if (cycle % 2 === 1) expect(((await answer.json()) as { choices: Array<{ text: string }> }).choices[0]?.text).toMatch(/^\s*hello(\s+hello)*\s*$/);
      else await answer.arrayBuffer();
      expect((await api.unloadAdapter(name)).status).toBe(200);
      rmSync(dir, { recursive: true });
      rss.push((await api.health()).rssBytes as number);
    }
    // With the reloads the process levels off within ~40 cycles (allocator warm-up; it still steps up a
    // few MB now and then). Holding every adapter would add ~2.3 MB a cycle: over 100 MB in 50 cycles.
    // Peak against peak: glibc now and then trims 50 MB at once, and a trough as the reference (a
    // single cycle's RSS) read the memory given back as growth once it was in use again.
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const growth = Math.max(...rss.slice(90)) - Math.max(...rss.slice(0, 50));
    expect(growth, `RSS peak of cycles 90-100 over that of cycles 0-50: ${mib(growth)} MiB; series: ${rss.map(mib).join(" ")}`).toBeLessThan(40 * 1024 * 1024);
    const health = await api.health();
    expect(health.adapters).toBe(0);
    expect(health.modelReloads).toBeGreaterThan(5);
    // At most the budget's worth of adapter files is held at once.
    expect(health.cachedAdapterFiles).toBeLessThanOrEqual(8);
    // And the model still answers as before.
    expect((await api.invoke({ prompt: "x", max_tokens: 2 })).status).toBe(200);
  }, 120_000);

  it("keeps answering requests that arrive while the model reloads", async () => {
    const api = client(server.url);
    const before = (await api.health()).modelReloads as number;
    let stop = false;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (!stop) {
        const body = statuses.length % 2 === 0 ? { prompt: "busy", max_tokens: 3 } : { messages: [{ role: "user", content: "busy" }], max_tokens: 3, stream: true };
        const response = await api.invoke(body);
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    })();
    for (let cycle = 0; cycle < 12; cycle++) {
      const dir = join(models.dir, `busy-${cycle}`);
      mkdirSync(dir);
      copyFileSync(models.adapter("b"), join(dir, "adapter.gguf"));
      expect((await api.loadAdapter(`busy-${cycle}`, dir)).status).toBe(200);
      expect((await api.invoke({ prompt: "x", max_tokens: 2 }, { "X-Amzn-SageMaker-Adapter-Identifier": `busy-${cycle}` })).status).toBe(200);
      expect((await api.unloadAdapter(`busy-${cycle}`)).status).toBe(200);
    }
    stop = true;
    await traffic;
    expect((await api.health()).modelReloads as number).toBeGreaterThan(before);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
  }, 120_000);
});
