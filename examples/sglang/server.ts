/**
 * Runs the SGLang front: `SGLANG_URL=http://127.0.0.1:30000 npx tsx examples/sglang/server.ts`.
 * It listens on SAGEMAKER_BIND_TO_PORT, else PORT, else 8080.
 */
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";
import { createSglangConfig } from "./front.ts";
import { sglangOptionsFromEnv } from "./options.ts";

let options;
try {
  options = sglangOptionsFromEnv(process.env);
} catch (error) {
  console.error(`sglang front: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
await serve(createSageMakerHandler(createSglangConfig(options)));
