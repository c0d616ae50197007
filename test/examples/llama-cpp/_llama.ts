/**
 * Shared by the llama.cpp engine suites: installs the example's pinned dependencies when missing (as
 * `npm ci` at the root does), generates a tiny real GGUF model and LoRA adapters, and starts the real
 * server process on them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startExample } from "../../support/process.ts";
import type { RunningExample } from "../../support/process.ts";

export const SERVER = "examples/llama-cpp/server.ts";
const GENERATOR = join(import.meta.dirname, "fixtures", "gen-tiny-gguf.mjs");

export function ensureLlamaDependencies(): void {
  execFileSync(process.execPath, [join(ROOT, "examples", "llama-cpp", "install.mjs")], { stdio: "inherit" });
}

export interface TinyModels {
  dir: string;
  /** Holds only the model file, as /opt/ml/model would. */
  modelDir: string;
  modelFile: string;
  /** lora-a, lora-b (random), lora-hello, lora-SageMaker (word adapters). */
  adapter(name: "a" | "b" | "hello" | "SageMaker"): string;
  remove(): void;
}

/** Generates the model and its adapters (deterministic, pure Node, well under a second). */
export function makeTinyModels(generatorArgs: string[] = []): TinyModels {
  const dir = mkdtempSync(join(tmpdir(), "mhcs-llama-"));
  const adapters = join(dir, "adapters");
  const modelDir = join(dir, "model");
  execFileSync(process.execPath, [GENERATOR, adapters, ...generatorArgs], { stdio: "ignore" });
  mkdirSync(modelDir);
  renameSync(join(adapters, "tiny-llama.gguf"), join(modelDir, "tiny-llama.gguf"));
  if (!readdirSync(adapters).includes("lora-hello.gguf")) throw new Error("gen-tiny-gguf.mjs wrote no word adapters");
  return {
    dir,
    modelDir,
    modelFile: join(modelDir, "tiny-llama.gguf"),
    adapter: (name) => join(adapters, `lora-${name}.gguf`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The real server process on `modelDir`: one thread per context, two contexts (this machine's two cores). */
export function startLlama(modelDir: string, env: Record<string, string> = {}): Promise<RunningExample> {
  return startExample(SERVER, { SAGEMAKER_MODEL_PATH: modelDir, LLAMA_THREADS: "2", LLAMA_CONTEXTS: "2", ...env }, { timeoutMs: 90_000 });
}

export function client(url: string) {
  return {
    invoke: (body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
      fetch(`${url}/invocations`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
        ...(signal ? { signal } : {}),
      }),
    loadAdapter: (name: string, src: string) =>
      fetch(`${url}/adapters`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, src }) }),
    unloadAdapter: (name: string) => fetch(`${url}/adapters/${encodeURIComponent(name)}`, { method: "DELETE" }),
    health: async () => (await (await fetch(`${url}/health`)).json()) as Record<string, number>,
  };
}

/** The `data:` payloads of an SSE body, `[DONE]` included. */
export async function sseEvents(response: Response): Promise<string[]> {
  return (await response.text())
    .split("\n\n")
    .filter((event) => event.startsWith("data: "))
    .map((event) => event.slice("data: ".length));
}
