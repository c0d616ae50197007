/**
 * Full-featured SageMaker container: LoRA adapters, sticky sessions, engine middleware, the engine's
 * own routes, and room for customer overrides. Replace `engine` with your framework.
 *
 * Run under the supervisor, which restarts the server if it dies:
 *   npx standard-supervisor npx tsx full-featured.ts
 * Customers override handlers and add middleware at deploy time, without touching this file:
 *   SAGEMAKER_MODEL_PATH=/opt/ml/model (model.mjs), CUSTOM_FASTAPI_PING_HANDLER, CUSTOM_FASTAPI_INVOCATION_HANDLER, ...
 * Sessions: SAGEMAKER_ENABLE_STATEFUL_SESSIONS=true.
 */
import {
  createSageMakerHandler,
  HttpError,
  injectAdapterId,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  serve,
  statefulSessionManager,
} from "model-hosting-container-standards/node";
import type { Handler, Middleware } from "model-hosting-container-standards";
import { Router } from "itty-router";

// Your engine. Everything below only calls these four functions.
const engine = {
  adapters: new Map<string, string>(),
  healthy: () => true,
  async generate(prompt: string, adapter: string | undefined, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    if (adapter && !engine.adapters.has(adapter)) throw new HttpError(404, `adapter ${adapter} is not loaded`);
    return `${adapter ? `[${adapter}] ` : ""}${prompt}`;
  },
  async loadAdapter(name: string, path: string): Promise<void> {
    if (engine.adapters.has(name)) throw new HttpError(409, `adapter ${name} is already loaded`);
    engine.adapters.set(name, path);
  },
  async unloadAdapter(name: string): Promise<void> {
    if (!engine.adapters.delete(name)) throw new HttpError(404, `adapter ${name} is not loaded`);
  },
};

const generate: Handler = async (request, context) => {
  const body = (await request.json()) as { prompt?: string; model?: string };
  const text = await engine.generate(body.prompt ?? "", body.model, context.signal);
  return { generated_text: text, session: context.session?.id ?? null };
};

// An engine middleware: runs on every route, after customer throttling, before customer pre/post.
const serverTiming: Middleware = async (request, next) => {
  const started = performance.now();
  const response = await next(request);
  const headers = new Headers(response.headers);
  headers.set("server-timing", `total;dur=${(performance.now() - started).toFixed(1)}`);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

// The engine's own HTTP API (its routes, not SageMaker's).
const engineRoutes = Router()
  .get("/v1/models", () => Response.json({ data: [{ id: "base" }, ...[...engine.adapters.keys()].map((id) => ({ id, parent: "base" }))] }))
  .all("*", () => Response.json({ detail: "Not Found" }, { status: 404 }));

export const handler = createSageMakerHandler({
  ping: () => (engine.healthy() ? undefined : new Response(null, { status: 503 })),
  // Outermost first: sessions, then the adapter id (into "model"), then the engine.
  invocations: statefulSessionManager()(injectAdapterId("model")(generate)),
  loadAdapter: registerLoadAdapterHandler({ requestShape: { name: "body.name", path: "body.src" } })(async (request) => {
    const { name, path } = (await request.json()) as { name: string; path: string };
    await engine.loadAdapter(name, path);
    return undefined; // "Adapter <name> registered"
  }),
  unloadAdapter: registerUnloadAdapterHandler({ requestShape: { name: "path_params.adapter_name" } })(async (request) => {
    const { name } = (await request.json()) as { name: string };
    await engine.unloadAdapter(name);
    return undefined; // "Adapter <name> unregistered"
  }),
  middlewares: [serverTiming],
  // The engine's own API, on the same port: any fetch-style app, here an itty-router one.
  fallback: (request) => engineRoutes.fetch(request),
});

await serve(handler);
