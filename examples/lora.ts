/**
 * Quick Start use case 2 of the MHCS runbook (multi-LoRA), in TypeScript.
 *
 * SageMaker registers an adapter with `POST /adapters {"name": ..., "src": ...}`; the runbook's curl sends
 * `{"adapter_name": ..., "adapter_path": ...}` instead, which MHCS itself answers with a 400 (missing `name`
 * and `src`). The shapes below map SageMaker's real fields onto this engine's `adapter_name`/`adapter_path`.
 *
 *   npx tsx examples/lora.ts
 *   curl -X POST localhost:8080/adapters -H 'Content-Type: application/json' -d '{"name": "my-adapter", "src": "/tmp/adapter"}'
 *   curl -X POST localhost:8080/invocations -H 'X-Amzn-SageMaker-Adapter-Identifier: my-adapter' -d '{"prompt": "Hello with adapter"}'
 *   curl -X DELETE localhost:8080/adapters/my-adapter
 */
import {
  createSageMakerHandler,
  injectAdapterId,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  serve,
} from "model-hosting-container-standards/node";

/** Simulated adapter storage. */
export const loadedAdapters = new Map<string, { path: string; loaded: boolean }>();

export const handler = createSageMakerHandler({
  ping: () => new Response("Healthy"),

  // The X-Amzn-SageMaker-Adapter-Identifier header lands in the body's "model" field.
  invocations: injectAdapterId("model")(async (request) => {
    const body = (await request.json()) as { prompt?: string; model?: string };
    const prompt = body.prompt ?? "";
    const adapterId = body.model ?? "base-model";
    return { predictions: [`[${adapterId}] Processed: ${prompt}`], adapter_used: adapterId };
  }),

  // POST /adapters: the handler's JSON body is the shaped object {adapter_name, adapter_path}.
  loadAdapter: registerLoadAdapterHandler({
    requestShape: { adapter_name: "body.name", adapter_path: "body.src" },
  })(async (request) => {
    const { adapter_name, adapter_path } = (await request.json()) as { adapter_name: string; adapter_path: string };
    loadedAdapters.set(adapter_name, { path: adapter_path, loaded: true });
    return { status: "success", adapter_name };
  }),

  // DELETE /adapters/{adapter_name}: the name comes from the path.
  unloadAdapter: registerUnloadAdapterHandler({
    requestShape: { adapter_name: "path_params.adapter_name" },
  })(async (_request, context) => {
    const adapter_name = context.params.adapter_name as string;
    if (loadedAdapters.delete(adapter_name)) return { status: "success", adapter_name };
    return { status: "not_found", adapter_name };
  }),
});

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("examples/lora.ts")) {
  await serve(handler);
}
