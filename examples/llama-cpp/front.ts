/**
 * The `createSageMakerHandler` config that makes the llama.cpp engine a SageMaker container: /ping,
 * /invocations in three formats with sticky sessions and per-request adapters, adapter load/unload, and
 * the engine's own routes as `fallback`; JSON Lines batches (batch transform) record by record; and, on a
 * multi-model endpoint, the models SageMaker loads through /models.
 */
import {
  HttpError,
  injectAdapterId,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  splitRecords,
  statefulSessionManager,
} from "model-hosting-container-standards";
import type { Handler, Middleware, SageMakerConfig } from "model-hosting-container-standards";
import { asHttpError } from "./engine.ts";
import type { LlamaEngine } from "./engine.ts";
import { parseRequest, readJsonBody } from "./formats.ts";
import type { LlamaModels } from "./multi-model.ts";
import type { EngineSettings } from "./options.ts";
import { engineRoutes, loadedEngines, singleEngine } from "./routes.ts";
import type { EngineSet } from "./routes.ts";

const ADAPTER_HEADER = "x-amzn-sagemaker-adapter-identifier";
const CLOSED_SESSION_HEADER = "x-amzn-sagemaker-closed-session-id";
const NEW_SESSION_HEADER = "x-amzn-sagemaker-new-session-id";

const JSON_LINES = /^\s*application\/(x-)?jsonl(ines)?\s*(;|$)/i;

/** What the container serves: one model, or the models of a multi-model endpoint. */
export type LlamaServing = { engine: LlamaEngine } | { models: LlamaModels };

/** POST /invocations (and /models/{name}/invoke) once the session and adapter wrappers have run. */
function invocation(defaultEngine: LlamaEngine | undefined, options: Pick<EngineSettings, "maxTokens">): Handler {
  return async (request, context) => {
    // On /models/{name}/invoke the library hands over the engine that load() returned for that model.
    const engine = (context.model?.handle as LlamaEngine | undefined) ?? defaultEngine;
    if (!engine) throw new HttpError(400, "this is a multi-model endpoint (SAGEMAKER_MULTI_MODEL): invoke a model with POST /models/{model_name}/invoke");
    const parsed = parseRequest(await readJsonBody(request), options.maxTokens);
    // A record of a batch (splitRecords keeps the mini-batch's media type): its answer is one JSON line.
    if (parsed.stream && JSON_LINES.test(request.headers.get("content-type") ?? "")) {
      throw new HttpError(400, '"stream": true cannot be answered in a JSON Lines batch: remove it');
    }
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
function followSessions(engines: EngineSet): Middleware {
  return async (request, next) => {
    const response = await next(request);
    const opened = response.headers.get(NEW_SESSION_HEADER);
    if (opened) {
      const [id, expires] = opened.split(/;\s*Expires=/);
      engines.sessionOpened(id as string, expires ? new Date(expires) : new Date(Date.now() + 20 * 60_000));
    }
    const closed = response.headers.get(CLOSED_SESSION_HEADER);
    if (closed) engines.sessionClosed(closed);
    return response;
  };
}

/** The adapter routes act on the model served alone, or on the one `model_name` names on a multi-model endpoint. */
function adapterEngine(engines: EngineSet, modelName: unknown): LlamaEngine {
  if (engines.single) return engines.single;
  if (typeof modelName !== "string") throw new HttpError(400, "model_name is required: the model to load the adapter onto (this endpoint serves several): POST /adapters?model_name=<model>");
  const picked = engines.all().find(([name]) => name === modelName)?.[1];
  if (!picked) throw new HttpError(404, `Model ${modelName} is not loaded`);
  return picked;
}

export function createLlamaConfig(serving: LlamaServing, options: Pick<EngineSettings, "maxTokens" | "contexts">): SageMakerConfig {
  const engine = "engine" in serving ? serving.engine : undefined;
  const engines = engine ? singleEngine(engine) : loadedEngines((serving as { models: LlamaModels }).models);
  // SageMaker's limit: MaxConcurrentTransforms x MaxPayloadInMB <= 100.
  const transforms = Math.min(options.contexts, 16);
  return {
    ping: () => ({ status: "healthy" }),
    invocations: splitRecords({ concurrency: transforms })(statefulSessionManager()(injectAdapterId("model")(invocation(engine, options)))),
    middlewares: [followSessions(engines)],
    batch: { batchStrategy: "MULTI_RECORD", maxConcurrentTransforms: transforms, maxPayloadInMB: 6 },
    ...("models" in serving ? { models: serving.models } : {}),
    loadAdapter: registerLoadAdapterHandler({ requestShape: { name: "body.name", src: "body.src", modelName: "query_params.model_name" } })(async (request) => {
      const { name, src, modelName } = (await request.json()) as { name: string; src: string; modelName?: unknown };
      // Adapter names are one per container, whichever model holds them (DELETE /adapters/{name} names no model).
      if (engines.all().some(([, candidate]) => candidate.host.hasAdapter(name))) throw new HttpError(409, `adapter already loaded: ${name}`);
      await adapterEngine(engines, modelName)
        .host.loadAdapter(name, src)
        .catch((error: unknown) => {
          throw asHttpError(error);
        });
      return undefined;
    }),
    unloadAdapter: registerUnloadAdapterHandler({ requestShape: { name: "path_params.adapter_name" } })(async (request) => {
      const { name } = (await request.json()) as { name: string };
      const owner = engines.all().find(([, candidate]) => candidate.host.hasAdapter(name))?.[1];
      if (!owner || !(await owner.host.unloadAdapter(name))) throw new HttpError(404, `adapter not loaded: ${name}`);
      return undefined;
    }),
    fallback: engineRoutes(engines, options),
  };
}
