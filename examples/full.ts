/**
 * The demo engine `npm start` runs: an echo "model" behind a SageMaker-compatible server on port 8080.
 * Try: curl localhost:8080/ping ; curl -X POST localhost:8080/invocations -d '{"prompt":"hi"}'
 * LoRA: curl -X POST localhost:8080/adapters -d '{"name":"a1","src":"/opt/ml/models/a1"}' ;
 *   curl -X POST localhost:8080/invocations -H 'X-Amzn-SageMaker-Adapter-Identifier: a1' -d '{"prompt":"hi"}'
 */
import {
  createSageMakerHandler,
  injectAdapterId,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  serve,
  statefulSessionManager,
} from "model-hosting-container-standards/node";
import type { HandlerContext, SageMakerConfig } from "model-hosting-container-standards/node";
import { Router } from "itty-router";

const startedAt = Date.now();
const BASE_MODEL = "echo-base";

/** The engine's loaded LoRA adapters (name -> source), like vLLM's in-memory LoRA registry. */
export const adapters = new Map<string, string>();

/** vLLM-style error body, which SageMaker passes to the client as the engine wrote it. */
function engineError(status: number, message: string): Response {
  return Response.json({ error: { message, type: status === 404 ? "NotFoundError" : "BadRequestError", code: status } }, { status });
}

/** The engine's generate route: `model` is the base, an adapter, or SGLang-style `base:adapter`. */
export async function generate(request: Request, context?: HandlerContext): Promise<Response | object> {
  const body = (await request.json().catch(() => null)) as { prompt?: unknown; model?: unknown } | null;
  const model = typeof body?.model === "string" ? body.model : BASE_MODEL;
  const adapter = model.startsWith(`${BASE_MODEL}:`) ? model.slice(BASE_MODEL.length + 1) : model === BASE_MODEL ? undefined : model;
  if (adapter !== undefined && !adapters.has(adapter)) return engineError(404, `The model \`${model}\` does not exist.`);
  return {
    model,
    adapter: adapter ?? null,
    output: typeof body?.prompt === "string" ? body.prompt : null,
    uptime_ms: Date.now() - startedAt,
    ...(context?.session ? { session_id: context.session.id } : {}),
  };
}

/** vLLM's `/v1/load_lora_adapter` body: `{lora_name, lora_path, load_inplace}`. */
export async function loadLoraAdapter(request: Request): Promise<Response | undefined> {
  const { lora_name, lora_path, load_inplace } = (await request.json()) as { lora_name?: string; lora_path?: string; load_inplace?: boolean };
  if (!lora_name || !lora_path) return engineError(400, "Both 'lora_name' and 'lora_path' must be provided.");
  if (adapters.has(lora_name) && !load_inplace) return engineError(400, `The lora adapter '${lora_name}' has already been loaded.`);
  adapters.set(lora_name, lora_path);
  return undefined; // an empty 200: SageMaker's client gets "Adapter <name> registered"
}

/** vLLM's `/v1/unload_lora_adapter` body: `{lora_name}`; an unknown adapter is the engine's 404. */
export async function unloadLoraAdapter(request: Request): Promise<Response | undefined> {
  const { lora_name } = (await request.json()) as { lora_name?: string };
  if (!lora_name || !adapters.delete(lora_name)) return engineError(404, `The lora adapter '${lora_name}' cannot be found.`);
  return undefined;
}

export const config = {
  // Framework defaults (MHCS @register_ping_handler / @register_invocation_handler).
  ping: () => ({ status: "healthy" }),
  // vLLM: @register_invocation_handler + @inject_adapter_id(adapter_path="model"), replace mode.
  // Sticky sessions outermost, as vLLM has it (on when SAGEMAKER_ENABLE_STATEFUL_SESSIONS=true).
  invocations: statefulSessionManager()(injectAdapterId("model")(generate)),
  // vLLM's shapes for @register_load_adapter_handler / @register_unload_adapter_handler.
  loadAdapter: registerLoadAdapterHandler({
    requestShape: { lora_name: "body.name", lora_path: "body.src", load_inplace: "body.load_inplace || `false`" },
  })(loadLoraAdapter),
  unloadAdapter: registerUnloadAdapterHandler({
    requestShape: { lora_name: "path_params.adapter_name" },
  })(unloadLoraAdapter),
  // The engine's own routes: any fetch-style app, here an itty-router one.
  fallback: (request) => engineRoutes.fetch(request),
} satisfies SageMakerConfig;

export const handler = createSageMakerHandler(config);

function orEmpty(response: Response | undefined): Response {
  return response ?? new Response(null, { status: 200 });
}

/** The engine's own HTTP API (vLLM's), which SageMaker's routes leave alone. */
const engineRoutes = Router()
  .get("/v1/models", () => {
    const loaded = [...adapters].map(([id, root]) => ({ id, root, parent: BASE_MODEL }));
    return Response.json({ data: [{ id: BASE_MODEL, root: BASE_MODEL, parent: null }, ...loaded] });
  })
  .post("/v1/load_lora_adapter", (request) => loadLoraAdapter(request).then(orEmpty))
  .post("/v1/unload_lora_adapter", (request) => unloadLoraAdapter(request).then(orEmpty))
  .all("*", () => Response.json({ detail: "Not Found" }, { status: 404 }));

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("examples/full.ts")) {
  await serve(handler);
}
