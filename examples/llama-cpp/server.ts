/**
 * A SageMaker container for GGUF models on llama.cpp: `npx tsx examples/llama-cpp/server.ts` from the
 * repository root (after `npm ci --prefix examples/llama-cpp --omit=optional`), or the image's `serve`.
 * It loads the model before listening; a missing or broken model is a message naming the file and exit 1.
 * With SAGEMAKER_MULTI_MODEL=true (a multi-model endpoint) it starts with no model and SageMaker loads
 * them through /models.
 */
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";
import { getCpuOrGpuLlama, startLlamaEngine } from "./engine.ts";
import { createLlamaConfig } from "./front.ts";
import type { LlamaServing } from "./front.ts";
import { llamaModels } from "./multi-model.ts";
import { isMultiModel, llamaOptionsFromEnv, multiModelOptionsFromEnv } from "./options.ts";
import type { EngineSettings } from "./options.ts";

let serving: LlamaServing;
let settings: EngineSettings;
try {
  if (isMultiModel(process.env)) {
    const options = multiModelOptionsFromEnv(process.env);
    settings = options;
    serving = { models: llamaModels(await getCpuOrGpuLlama(options), options) };
    const limit = options.maxModels === undefined ? "as many models as fit in memory" : `at most ${options.maxModels} models`;
    console.log(`llama.cpp engine: multi-model endpoint, no model loaded (${limit}, ${options.contexts} contexts each)`);
  } else {
    const options = llamaOptionsFromEnv(process.env);
    settings = options;
    const engine = await startLlamaEngine(options);
    serving = { engine };
    const { gpu, gpuLayers } = engine.stats();
    const device = gpu === false ? "CPU" : `${gpu}, ${gpuLayers} layers on the GPU`;
    console.log(`llama.cpp engine: ${options.modelFile} loaded (${options.contexts} contexts, ${options.threads} threads, ${device})`);
  }
} catch (error) {
  console.error(`llama.cpp engine: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
await serve(createSageMakerHandler(createLlamaConfig(serving, settings)));
