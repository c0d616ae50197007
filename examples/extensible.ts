/**
 * Quick Start use case 4 of the MHCS runbook, "Runtime Custom Code Injection": the framework ships
 * defaults, and the customer overrides them from the model directory without touching framework code.
 *
 * Framework defaults (no overrides):
 *   npx tsx examples/extensible.ts
 *   curl http://localhost:8080/ping   # {"status": "healthy", "source": "framework_default"}
 *
 * Customer override 1, environment variables naming functions in a script of the model directory:
 *   SAGEMAKER_MODEL_PATH=examples/models/env-override CUSTOM_SCRIPT_FILENAME=model.mjs \
 *   CUSTOM_FASTAPI_PING_HANDLER=model.mjs:custom_ping_handler \
 *   CUSTOM_FASTAPI_INVOCATION_HANDLER=model.mjs:custom_invocation_handler npx tsx examples/extensible.ts
 *   curl http://localhost:8080/ping   # {"status":"healthy","source":"customer_env_var"}
 *
 * Customer override 2, `customPingHandler` / `customInvocationHandler` (MHCS `@custom_*`) in the script:
 *   SAGEMAKER_MODEL_PATH=examples/models/decorator-override npx tsx examples/extensible.ts
 *   curl http://localhost:8080/ping   # {"status":"healthy","source":"customer_decorator"}
 *
 * Priority, highest first: env var spec > customPingHandler / config.overrides > a script export named
 * custom_sagemaker_ping_handler > the framework default below.
 */
import { pathToFileURL } from "node:url";
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";

export const handler = createSageMakerHandler({
  // The framework's default ping handler (MHCS `@register_ping_handler`): the body is sent as written.
  ping: () => new Response('{"status": "healthy", "source": "framework_default"}'),
  // The framework's default invocation handler (MHCS `@register_invocation_handler`).
  invocations: async (request) => {
    await request.json();
    return {
      predictions: ["Framework default response"],
      source: "framework_default",
    };
  },
});

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serve(handler);
}
