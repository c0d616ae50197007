/**
 * The `createSageMakerHandler` config that makes the llama.cpp engine a SageMaker container: /ping,
 * /invocations in three formats with sticky sessions and per-request adapters, adapter load/unload, and
 * the engine's own routes as `fallback`.
 */
import {
  HttpError,
  injectAdapterId,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  statefulSessionManager,
} from "model-hosting-container-standards";
import type { Handler, SageMakerConfig } from "model-hosting-container-standards";
import { asHttpError } from "./engine.ts";
import type { LlamaEngine } from "./engine.ts";
import { parseRequest } from "./formats.ts";
import type { LlamaOptions } from "./options.ts";
import { engineRoutes } from "./routes.ts";

const ADAPTER_HEADER = "x-amzn-sagemaker-adapter-identifier";
const CLOSED_SESSION_HEADER = "x-amzn-sagemaker-closed-session-id";

async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `JSON decode error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** POST /invocations once the session and adapter wrappers have run. */
function invocation(engine: LlamaEngine, options: Pick<LlamaOptions, "maxTokens">): Handler {
  return async (request, context) => {
    const parsed = parseRequest(await jsonBody(request), options.maxTokens);
    // injectAdapterId copied the adapter header into `model`; a body naming a loaded adapter selects it too.
    let adapter: string | null = null;
    if (parsed.model !== undefined && engine.host.hasAdapter(parsed.model)) adapter = parsed.model;
    else if (request.headers.has(ADAPTER_HEADER)) throw new HttpError(404, `adapter not loaded: ${request.headers.get(ADAPTER_HEADER)}`);
    return engine.invoke(parsed, { adapter, signal: context.signal, ...(context.session ? { session: context.session } : {}) });
  };
}

/** CLOSE is answered by the session manager; this sees its answer and drops the session's KV cache. */
function onSessionClosed(engine: LlamaEngine, handler: Handler): Handler {
  return async (request, context) => {
    const result = await handler(request, context);
    const closed = result instanceof Response ? result.headers.get(CLOSED_SESSION_HEADER) : null;
    if (closed) engine.sessionClosed(closed);
    return result;
  };
}

export function createLlamaConfig(engine: LlamaEngine, options: Pick<LlamaOptions, "maxTokens">): SageMakerConfig {
  return {
    ping: () => ({ status: "healthy" }),
    invocations: onSessionClosed(engine, statefulSessionManager()(injectAdapterId("model")(invocation(engine, options)))),
    loadAdapter: registerLoadAdapterHandler({ requestShape: { name: "body.name", src: "body.src" } })(async (request) => {
      const { name, src } = (await request.json()) as { name: string; src: string };
      await engine.host.loadAdapter(name, src).catch((error: unknown) => {
        throw asHttpError(error);
      });
      return undefined;
    }),
    unloadAdapter: registerUnloadAdapterHandler({ requestShape: { name: "path_params.adapter_name" } })(async (request) => {
      const { name } = (await request.json()) as { name: string };
      if (!(await engine.host.unloadAdapter(name))) throw new HttpError(404, `adapter not loaded: ${name}`);
      return undefined;
    }),
    fallback: engineRoutes(engine, options),
  };
}
