/**
 * The engine's settings, read once at startup from the environment. A bad value is an Error naming the
 * variable; server.ts prints it and exits non-zero.
 */
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join } from "node:path";

export type LlamaGpu = "auto" | "cuda" | "vulkan" | false;

/** What every model of the container shares: its engine settings, read from LLAMA_* variables. */
export interface EngineSettings {
  /** Threads for all contexts together (LLAMA_THREADS, default: the CPU count). */
  threads: number;
  /** Contexts kept at once, base and adapters together (LLAMA_CONTEXTS). Each runs one request at a time. */
  contexts: number;
  /** Tokens per context (LLAMA_CONTEXT_SIZE, default: the model's training size, at most 4096). */
  contextSize: number | undefined;
  gpu: LlamaGpu;
  /** Default `max_tokens` when a request gives none (LLAMA_MAX_TOKENS, default 256). */
  maxTokens: number;
  /** LLAMA_ADAPTER_CACHE_MB: see ModelHostSettings.adapterCacheBytes. */
  adapterCacheBytes: number | undefined;
  /**
   * Streamed tokens written to the socket together, after the first (LLAMA_STREAM_INTERVAL, default 1), as
   * vLLM's and SGLang's `--stream-interval`: fewer writes and client wake-ups per token on fast models.
   */
  streamInterval: number;
}

/** One model served alone (a real-time endpoint, or a batch transform job). */
export interface LlamaOptions extends EngineSettings {
  /** Absolute path of the GGUF model file. */
  modelFile: string;
  /** Name reported as `model` in answers and by /v1/models (LLAMA_MODEL_NAME, default: the file name). */
  modelName: string;
}

/** A multi-model endpoint: no model at startup, SageMaker loads them through /models. */
export interface MultiModelOptions extends EngineSettings {
  /** LLAMA_MAX_MODELS; undefined: as many as node-llama-cpp's memory estimate says fit. */
  maxModels: number | undefined;
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: string, min = 1): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new Error(`${name} must be ${min === 0 ? "a whole number" : "a positive integer"}, got ${JSON.stringify(env[name])}`);
  }
  return Number(raw);
}

function gpuFrom(env: Env): LlamaGpu {
  const raw = (env.LLAMA_GPU ?? "").trim().toLowerCase();
  if (raw === "" || raw === "false" || raw === "0" || raw === "off" || raw === "cpu") return false;
  if (raw === "auto" || raw === "cuda" || raw === "vulkan") return raw;
  throw new Error(`LLAMA_GPU must be auto, cuda, vulkan or false, got ${JSON.stringify(env.LLAMA_GPU)}`);
}

/** LLAMA_MODEL_FILE (absolute, or relative to SAGEMAKER_MODEL_PATH), else the first *.gguf by name there. */
export function resolveModelFile(env: Env): string {
  const modelDir = env.SAGEMAKER_MODEL_PATH?.trim() || "/opt/ml/model";
  const named = env.LLAMA_MODEL_FILE?.trim();
  if (named) {
    const file = isAbsolute(named) ? named : join(modelDir, named);
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new Error(`LLAMA_MODEL_FILE: model file not found: ${file}`);
    }
    if (!isFile) throw new Error(`LLAMA_MODEL_FILE: not a file: ${file}`);
    return file;
  }
  let names: string[];
  try {
    names = readdirSync(modelDir);
  } catch {
    throw new Error(`SAGEMAKER_MODEL_PATH: model directory not found: ${modelDir} (or set LLAMA_MODEL_FILE)`);
  }
  const gguf = names.filter((name) => name.toLowerCase().endsWith(".gguf")).sort()[0];
  if (!gguf) throw new Error(`SAGEMAKER_MODEL_PATH: no *.gguf model file in ${modelDir} (or set LLAMA_MODEL_FILE)`);
  return join(modelDir, gguf);
}

/** SAGEMAKER_MULTI_MODEL as the library reads it: true/1 on, unset/empty/false/0 off (any case). */
export function isMultiModel(env: Env): boolean {
  const raw = (env.SAGEMAKER_MULTI_MODEL ?? "").trim().toLowerCase();
  if (raw === "true" || raw === "1") return true;
  if (raw === "" || raw === "false" || raw === "0") return false;
  throw new Error(`SAGEMAKER_MULTI_MODEL must be true, 1, false or 0, got ${JSON.stringify(env.SAGEMAKER_MULTI_MODEL)}`);
}

export function engineSettingsFromEnv(env: Env): EngineSettings {
  const gpu = gpuFrom(env);
  const threads = positiveInt(env, "LLAMA_THREADS") ?? availableParallelism();
  // On CPU one thread per context beats several threads on one (measured: 2-3 tok/s with 4 threads on a
  // 2 vCPU VM, 800+ with 1), so by default each core gets its own context, up to 4; on a GPU one context.
  const contexts = positiveInt(env, "LLAMA_CONTEXTS") ?? (gpu === false ? Math.min(threads, 4) : 1);
  return {
    threads,
    contexts,
    contextSize: positiveInt(env, "LLAMA_CONTEXT_SIZE"),
    gpu,
    maxTokens: positiveInt(env, "LLAMA_MAX_TOKENS") ?? 256,
    adapterCacheBytes: env.LLAMA_ADAPTER_CACHE_MB?.trim() ? (positiveInt(env, "LLAMA_ADAPTER_CACHE_MB", 0) as number) * 1024 * 1024 : undefined,
    streamInterval: positiveInt(env, "LLAMA_STREAM_INTERVAL") ?? 1,
  };
}

export function llamaOptionsFromEnv(env: Env): LlamaOptions {
  const modelFile = resolveModelFile(env);
  const settings = engineSettingsFromEnv(env);
  const modelName = env.LLAMA_MODEL_NAME?.trim() || modelFile.split("/").at(-1)!.replace(/\.gguf$/i, "");
  return { ...settings, modelFile, modelName };
}

export function multiModelOptionsFromEnv(env: Env): MultiModelOptions {
  return { ...engineSettingsFromEnv(env), maxModels: positiveInt(env, "LLAMA_MAX_MODELS") };
}
