/**
 * Quick Start use case 1 of the MHCS runbook, "Basic SageMaker Compatibility": a framework registers its
 * default `/ping` and `/invocations` handlers (MHCS `@register_ping_handler` / `@register_invocation_handler`
 * + `bootstrap(app)`) and serves them.
 *
 *   npx tsx examples/basic.ts            # listens on SAGEMAKER_BIND_TO_PORT, else PORT, else 8080
 *   curl http://localhost:8080/ping      # Healthy
 *   curl -X POST http://localhost:8080/invocations \
 *     -H "Content-Type: application/json" -d '{"prompt": "Hello world"}'
 *                                        # {"predictions":["Processed: Hello world"]}
 */
import { pathToFileURL } from "node:url";
import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";

export const handler = createSageMakerHandler({
  // Health check for SageMaker: a plain 200 "Healthy", like the runbook's `Response(content="Healthy")`.
  ping: () => new Response("Healthy"),
  // Model inference for SageMaker.
  invocations: async (request) => {
    const body = (await request.json()) as { prompt?: string };
    const prompt = body.prompt ?? "";
    // Your framework's inference logic here.
    const result = `Processed: ${prompt}`;
    return { predictions: [result] };
  },
});

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serve(handler);
}
