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
import type { Handler, Middleware, SageMakerConfig } from "model-hosting-container-standards";
import { asHttpError } from "./engine.ts";
import type { LlamaEngine } from "./engine.ts";
import { parseRequest, readJsonBody } from "./formats.ts";
import type { LlamaOptions } from "./options.ts";
import { engineRoutes } from "./routes.ts";

const ADAPTER_HEADER = "x-amzn-sagemaker-adapter-identifier";
const CLOSED_SESSION_HEADER = "x-amzn-sagemaker-closed-session-id";
const NEW_SESSION_HEADER = "x-amzn-sagemaker-new-session-id";

/** POST /invocations once the session and adapter wrappers have run. */
function invocation(engine: LlamaEngine, options: Pick<LlamaOptions, "maxTokens">): Handler {
  return async (request, context) => {
    const parsed = parseRequest(await readJsonBody(request), options.maxTokens);
    // injectAdapterId copied the adapter header into `model`; a body naming a loaded adapter selects it too.
    let adapter: string | null = null;
    if (parsed.model !== undefined && engine.host.hasAdapter(parsed.model)) adapter = parsed.model;
    else if (request.headers.has(ADAPTER_HEADER)) throw new HttpError(404, `adapter not loaded: ${request.headers.get(ADAPTER_HEADER)}`);
    return engine.invoke(parsed, { adapter, signal: context.signal, ...(context.session ? { session: context.session } : {}) });
  };
}

/**
 * NEW_SESSION and CLOSE are answered by the session manager, never reaching the engine: this middleware
 * sees their answers, so the engine starts a session's conversation, and drops it with its KV cache.
 * (A middleware rather than a wrapper around the manager: the library sets up the handlers it is given.)
 */
function followSessions(engine: LlamaEngine): Middleware {
  return async (request, next) => {
    const response = await next(request);
    const opened = response.headers.get(NEW_SESSION_HEADER);
    if (opened) {
      const [id, expires] = opened.split(/;\s*Expires=/);
      engine.sessionOpened(id as string, expires ? new Date(expires) : new Date(Date.now() + 20 * 60_000));
    }
    const closed = response.headers.get(CLOSED_SESSION_HEADER);
    if (closed) engine.sessionClosed(closed);
    return response;
  };
}

export function createLlamaConfig(engine: LlamaEngine, options: Pick<LlamaOptions, "maxTokens">): SageMakerConfig {
  return {
    ping: () => ({ status: "healthy" }),
    invocations: statefulSessionManager()(injectAdapterId("model")(invocation(engine, options))),
    middlewares: [followSessions(engine)],
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
