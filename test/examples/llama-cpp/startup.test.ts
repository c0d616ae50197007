/**
 * Startup errors of the llama.cpp example: a missing, broken or truncated model, or a bad variable, stops
 * the real server process before it listens, with a message naming the file or variable and a non-zero exit.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../../support/process.ts";
import { ensureLlamaDependencies, makeTinyModels, SERVER } from "./_llama.ts";
import type { TinyModels } from "./_llama.ts";

let models: TinyModels;

beforeAll(() => {
  ensureLlamaDependencies();
  models = makeTinyModels();
}, 120_000);

afterAll(() => models?.remove());

describe("llama.cpp engine: startup errors", () => {
  it("exits non-zero naming the file, directory or variable at fault", async () => {
    const empty = join(models.dir, "empty");
    mkdirSync(empty);
    const garbage = join(models.dir, "garbage");
    mkdirSync(garbage);
    writeFileSync(join(garbage, "model.gguf"), "this is not a GGUF file");
    const truncated = join(models.dir, "truncated");
    mkdirSync(truncated);
    const whole = readFileSync(models.modelFile);
    writeFileSync(join(truncated, "tiny-llama.gguf"), whole.subarray(0, Math.floor(whole.length / 2)));

    const cases: Array<[Record<string, string>, string]> = [
      [{ SAGEMAKER_MODEL_PATH: empty }, `SAGEMAKER_MODEL_PATH: no *.gguf model file in ${empty}`],
      [{ SAGEMAKER_MODEL_PATH: join(models.dir, "nowhere") }, `model directory not found: ${join(models.dir, "nowhere")}`],
      [{ SAGEMAKER_MODEL_PATH: models.modelDir, LLAMA_MODEL_FILE: "other.gguf" }, `LLAMA_MODEL_FILE: model file not found: ${join(models.modelDir, "other.gguf")}`],
      [{ SAGEMAKER_MODEL_PATH: garbage }, `cannot load model file ${join(garbage, "model.gguf")}`],
      [{ SAGEMAKER_MODEL_PATH: truncated }, `cannot load model file ${join(truncated, "tiny-llama.gguf")}`],
      [{ SAGEMAKER_MODEL_PATH: models.modelDir, LLAMA_THREADS: "zero" }, "LLAMA_THREADS must be a positive integer"],
      [{ SAGEMAKER_MODEL_PATH: models.modelDir, LLAMA_GPU: "tpu" }, "LLAMA_GPU must be auto, cuda, vulkan or false"],
      [{ SAGEMAKER_MODEL_PATH: models.modelDir, LLAMA_STREAM_INTERVAL: "0" }, "LLAMA_STREAM_INTERVAL must be a positive integer"],
      // The CPU build only is installed here: asking for CUDA names the variable and the missing prebuilt.
      [{ SAGEMAKER_MODEL_PATH: models.modelDir, LLAMA_GPU: "cuda" }, "LLAMA_GPU=cuda: no llama.cpp binary for it loads here: install node-llama-cpp's @node-llama-cpp/linux-x64-cuda prebuilt"],
      [{ SAGEMAKER_MODEL_PATH: models.modelDir, SAGEMAKER_MULTI_MODEL: "maybe" }, "SAGEMAKER_MULTI_MODEL must be true, 1, false or 0"],
      [{ SAGEMAKER_MULTI_MODEL: "true", LLAMA_MAX_MODELS: "0" }, "LLAMA_MAX_MODELS must be a positive integer"],
    ];
    const results = await Promise.all(cases.map(([env]) => runScript(SERVER, { PORT: "0", ...env }, { timeoutMs: 60_000 })));
    results.forEach((result, index) => {
      const [env, message] = cases[index] as [Record<string, string>, string];
      expect(result.code, JSON.stringify(env) + result.stderr).toBe(1);
      expect(result.stderr, JSON.stringify(env)).toContain(message);
      expect(result.stdout).not.toContain("listening on");
    });
  }, 120_000);
});
