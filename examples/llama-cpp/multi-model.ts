/**
 * Multi-model endpoints: the library's `config.models` for the llama.cpp engine. Each model SageMaker loads
 * through `POST /models` gets its own engine (model host, context pool, adapters, sessions' conversations)
 * on one shared `Llama`; `DELETE` disposes it, which gives its memory back.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { HttpError } from "model-hosting-container-standards";
import type { ModelHost } from "model-hosting-container-standards";
import { InsufficientMemoryError } from "node-llama-cpp";
import type { Llama } from "node-llama-cpp";
import { startLlamaEngine } from "./engine.ts";
import type { LlamaEngine } from "./engine.ts";
import type { MultiModelOptions } from "./options.ts";

const MIB = 1024 * 1024;

export interface LlamaModels extends ModelHost<LlamaEngine> {
  /** The loaded models' engines by name (for the session middleware and the engine routes). */
  readonly engines: ReadonlyMap<string, LlamaEngine>;
  /**
   * Sessions are one per container: a session opened before a model was loaded is open on it too (each
   * model keeps its own conversation of the session, starting empty).
   */
  sessionOpened(id: string, expiresAt: Date): void;
  sessionClosed(id: string): void;
}

/** The first `*.gguf` by name in the model's directory (or `url` itself when it is a file). */
async function ggufIn(url: string): Promise<string> {
  const info = await stat(url).catch(() => undefined);
  if (!info) throw new HttpError(400, `model directory not found: ${url}`);
  if (info.isFile()) return url;
  const gguf = (await readdir(url)).filter((name) => name.toLowerCase().endsWith(".gguf")).sort()[0];
  if (!gguf) throw new HttpError(400, `no *.gguf model file in ${url}`);
  return join(url, gguf);
}

/**
 * 507 when node-llama-cpp estimates that the model and its contexts need more memory than is free (what
 * the models already loaded use is not free), so that SageMaker unloads one and retries. Checked right
 * after the load, on the insights the load already read: the weights are memory-mapped and the contexts
 * not created yet, so the model takes next to nothing until its first request. On a GPU node-llama-cpp's
 * own check decides: `gpuLayers: "auto"` fits the layers to the free memory and throws
 * InsufficientMemoryError when even that fails (a GPU engine also makes its first context at the load,
 * for its warm-up token).
 */
async function checkMemory(llama: Llama, name: string, engine: LlamaEngine, options: MultiModelOptions): Promise<void> {
  const insights = engine.host.model.fileInsights;
  // The arithmetic estimate, not the V2 one: V2 simulates a context, 2 to 20 ms of every load on a 37 MB
  // model, and came out 5% lower (9.9 against 10.4 MiB of context), so this errs on the safe side.
  const model = insights.estimateModelResourceRequirements({ gpuLayers: 0 });
  const context = insights.estimateContextResourceRequirements({ contextSize: engine.host.contextSize, modelGpuLayers: 0, sequences: 1 });
  const needed = model.cpuRam + context.cpuRam * options.contexts;
  const free = (await llama.getRamState()).free;
  if (needed > free) {
    throw new HttpError(507, `Cannot load model ${name}: it needs about ${Math.ceil(needed / MIB)} MiB of memory, ${Math.floor(free / MIB)} MiB are free`);
  }
}

export function llamaModels(llama: Llama, options: MultiModelOptions): LlamaModels {
  const engines = new Map<string, LlamaEngine>();
  const openSessions = new Map<string, Date>();
  return {
    engines,
    sessionOpened(id, expiresAt) {
      const now = Date.now();
      for (const [open, expires] of openSessions) if (expires.getTime() <= now) openSessions.delete(open);
      openSessions.set(id, expiresAt);
      for (const engine of engines.values()) engine.sessionOpened(id, expiresAt);
    },
    sessionClosed(id) {
      openSessions.delete(id);
      for (const engine of engines.values()) engine.sessionClosed(id);
    },
    ...(options.maxModels === undefined ? {} : { maxLoaded: options.maxModels }),
    async load(name, url) {
      const file = await ggufIn(url);
      let engine: LlamaEngine;
      try {
        engine = await startLlamaEngine({ ...options, modelFile: file, modelName: name }, llama);
      } catch (error) {
        if (error instanceof InsufficientMemoryError || (error instanceof Error && /memory|alloc/i.test(error.message))) {
          throw new HttpError(507, `Cannot load model ${name}: out of memory (${error.message})`);
        }
        throw error;
      }
      // With LLAMA_MAX_MODELS set the operator sized the instance; otherwise the estimate decides.
      if (options.maxModels === undefined && options.gpu === false) {
        await checkMemory(llama, name, engine, options).catch(async (error: unknown) => {
          await engine.close();
          throw error;
        });
      }
      const now = Date.now();
      for (const [id, expiresAt] of openSessions) if (expiresAt.getTime() > now) engine.sessionOpened(id, expiresAt);
      engines.set(name, engine);
      return engine;
    },
    async unload(name, engine) {
      engines.delete(name);
      await engine.close();
    },
  };
}
