/**
 * The GPU engine's warm-up token, in process on the real node-llama-cpp CPU build behind a `Llama` whose
 * `gpu` reads "cuda" (CI has no GPU): the engine starts with one token generated and nothing of it left
 * behind, and a warm-up that fails fails the start and gives the model back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLlamaDependencies, makeTinyModels } from "./_llama.ts";
import type { TinyModels } from "./_llama.ts";

type Engine = typeof import("../../../examples/llama-cpp/engine.ts");
type Options = typeof import("../../../examples/llama-cpp/options.ts");
type Formats = typeof import("../../../examples/llama-cpp/formats.ts");
type Llama = Awaited<ReturnType<Engine["getCpuOrGpuLlama"]>>;
type Model = Awaited<ReturnType<Llama["loadModel"]>>;

let models: TinyModels;
let engine: Engine;
let options: Options;
let formats: Formats;
let cpu: Llama;

beforeAll(async () => {
  ensureLlamaDependencies();
  models = makeTinyModels();
  // Imported only once installed: node-llama-cpp lives in the example's own node_modules.
  engine = await import("../../../examples/llama-cpp/engine.ts");
  options = await import("../../../examples/llama-cpp/options.ts");
  formats = await import("../../../examples/llama-cpp/formats.ts");
  cpu = await engine.getCpuOrGpuLlama({ gpu: false });
}, 120_000);

afterAll(() => models?.remove());

/** `target` with some properties replaced; its methods still run on `target` itself (private state). */
function overriding<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/** The CPU build, reporting `gpu` as a CUDA one would; `wrapModel` may change the models it loads. */
function reportingCuda(wrapModel: (model: Model) => Model = (model) => model): Llama {
  return overriding(cpu, { gpu: "cuda", loadModel: async (...args: Parameters<Llama["loadModel"]>) => wrapModel(await cpu.loadModel(...args)) });
}

function engineOptions() {
  // LLAMA_GPU unset: the layers stay on the CPU whatever `gpu` reads.
  return options.llamaOptionsFromEnv({ SAGEMAKER_MODEL_PATH: models.modelDir, LLAMA_THREADS: "1", LLAMA_CONTEXTS: "1" });
}

describe("llama.cpp engine: the warm-up token on a GPU", () => {
  it("starts with a context made and used, no tokens counted, and no cached prefix left for requests", async () => {
    const onCpu = await engine.startLlamaEngine(engineOptions(), cpu);
    const onGpu = await engine.startLlamaEngine(engineOptions(), reportingCuda());
    try {
      // The CPU engine makes its first context at the first request; the GPU one made it for the warm-up.
      expect(onCpu.stats()).toMatchObject({ gpu: false, slots: 0 });
      expect(onGpu.stats()).toMatchObject({ gpu: "cuda", slots: 1, busy: 0, generatedTokens: 0 });
      // The warm-up's prompt: a request for it evaluates every token, as on a server that never warmed up.
      const request = formats.parseRequest({ prompt: "Hello", max_tokens: 2 }, 16);
      const answer = (await onGpu.invoke(request, { adapter: null })) as { usage: { prompt_tokens_details: { cached_tokens: number } } };
      expect(answer.usage.prompt_tokens_details.cached_tokens).toBe(0);
      const again = (await onGpu.invoke(request, { adapter: null })) as typeof answer;
      expect(again.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    } finally {
      await onCpu.close();
      await onGpu.close();
    }
  }, 60_000);

  it("fails the start when the warm-up cannot run, and disposes of the model", async () => {
    let loaded: Model | undefined;
    const failing = reportingCuda((model) => {
      loaded = model;
      return overriding(model, { createContext: () => Promise.reject(new Error("CUDA error: the provided PTX was compiled with an unsupported toolchain")) });
    });
    await expect(engine.startLlamaEngine(engineOptions(), failing)).rejects.toThrow("unsupported toolchain");
    expect(loaded?.disposed).toBe(true);
  }, 60_000);
});
