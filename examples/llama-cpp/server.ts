/**
 * A SageMaker container for GGUF models on llama.cpp: `npx tsx examples/llama-cpp/server.ts` from the
 * repository root (after `npm ci --prefix examples/llama-cpp --omit=optional`), or the image's `serve`.
 * It loads the model before listening; a missing or broken model is a message naming the file and exit 1.
 */
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";
import { startLlamaEngine } from "./engine.ts";
import { createLlamaConfig } from "./front.ts";
import { llamaOptionsFromEnv } from "./options.ts";

let engine;
let options;
try {
  options = llamaOptionsFromEnv(process.env);
  engine = await startLlamaEngine(options);
} catch (error) {
  console.error(`llama.cpp engine: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(`llama.cpp engine: ${options.modelFile} loaded (${options.contexts} contexts, ${options.threads} threads)`);
await serve(createSageMakerHandler(createLlamaConfig(engine, options)));
