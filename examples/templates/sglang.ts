/**
 * SGLang as a SageMaker container, SGLang unchanged: copy examples/sglang/ next to this file.
 * Run SGLang on 30000 (python -m sglang.launch_server --model-path ... --port 30000 --enable-lora), then:
 *   SGLANG_URL=http://127.0.0.1:30000 npx standard-supervisor npx tsx sglang.ts
 * Variables: SGLANG_URL, SGLANG_HEALTH_PATH, SGLANG_PING_TIMEOUT_MS, SGLANG_SESSION_CAPACITY,
 * SGLANG_SERVED_MODEL_NAME, SGLANG_API_KEY (docs/runbook.md section 9.4).
 */
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";
import { createSglangConfig } from "../sglang/front.ts";
import { sglangOptionsFromEnv } from "../sglang/options.ts";

await serve(createSageMakerHandler(createSglangConfig(sglangOptionsFromEnv(process.env))));
