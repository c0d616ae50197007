import { parseJson, decodeUtf8 } from "../_internal/json-body.ts";
import { isJsonObject } from "../_internal/json-path.ts";
import { HttpError } from "../http-error.ts";
import type { Logger } from "../logging.ts";
import type { Platform } from "../platform.ts";
import { isResponse, notFound } from "../respond.ts";
import { requestPathname } from "../routing.ts";
import type { Env, Handler, HandlerContext, JsonValue, Middleware, ModelContext, ModelHost } from "../types.ts";
import { checkModelName, modelNameFromSegment } from "./name.ts";
import { ModelRegistry, notLoaded } from "./registry.ts";
import type { ModelRoutes } from "./routes.ts";
import type { ModelEntry } from "./registry.ts";
import { loadModelScript } from "./scripts.ts";
import type { ModelServing } from "./scripts.ts";

export const TARGET_MODEL_HEADER = "x-amzn-sagemaker-target-model";
const DEFAULT_PAGE_SIZE = 100;
const MODELS_PREFIX = "/models/";
const INVOKE_SUFFIX = "/invoke";

export interface ModelRouterOptions {
  host: ModelHost;
  env: Env;
  logger: Logger;
  platform: Platform;
  importModule: (specifier: string) => Promise<unknown>;
  /** The container's invocation handler (the whole ladder), prepared. */
  invocations: Handler | undefined;
  /** CUSTOM_FASTAPI_INVOCATION_HANDLER is set. */
  levelOne: boolean;
  prepare(handler: Handler): Promise<Handler>;
}

export interface ModelRouter {
  routes: ModelRoutes;
  /** The pre/post slot: a model's formatters for its invocations, the container's everywhere else. */
  prePost(container: Middleware | undefined): Middleware;
  close(): Promise<void>;
}

const describe = (entry: ModelEntry<ModelServing>): { modelName: string; modelUrl: string } => ({ modelName: entry.name, modelUrl: entry.url });

/** Multi-model endpoints over `config.models`: the registry's rules on the wire. */
export function createModelRouter(options: ModelRouterOptions): ModelRouter {
  const { host, env, logger } = options;
  const modelContext: ModelContext = { env, logger };
  // Models with their own formatters: while there are none, no invocation needs its path parsed for them.
  let withOwnPrePost = 0;
  const registry = new ModelRegistry<ModelServing>({
    maxLoaded: host.maxLoaded,
    pageSize: host.pageSize ?? DEFAULT_PAGE_SIZE,
    logger,
    async load(name, url) {
      // The model's own script first: an import error means `load` is never called.
      const serving = await loadModelScript(name, url, options);
      const handle = await host.load(name, url, modelContext);
      if (serving.prePost) withOwnPrePost++;
      return { handle, serving };
    },
    async unload(entry) {
      // The registry forgets the model whether or not the host's unload succeeds.
      if (entry.serving?.prePost) withOwnPrePost--;
      await host.unload?.(entry.name, entry.handle, modelContext);
    },
  });

  const routes: ModelRoutes = {
    async list(request) {
      const token = new URL(request.url).searchParams.get("next_page_token");
      const page = registry.list(token);
      const body: { models: JsonValue[]; nextPageToken?: string } = { models: page.models.map(describe) };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return body;
    },
    async load(request) {
      const { name, url } = await readLoadRequest(request);
      return describe(await registry.load(name, url));
    },
    describe(_request, context) {
      const name = modelNameFromSegment(context.params.model_name ?? "");
      const entry = registry.get(name);
      if (!entry) throw notLoaded(name);
      return describe(entry);
    },
    async unload(_request, context) {
      const name = modelNameFromSegment(context.params.model_name ?? "");
      return describe(await registry.unload(name));
    },
    async invoke(request, context: HandlerContext) {
      const name = modelNameFromSegment(context.params.model_name ?? "");
      const entry = registry.acquire(name);
      if (!entry) throw notLoaded(name);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        registry.release(entry);
      };
      try {
        context.params = { model_name: name };
        context.model = { name, url: entry.url, handle: entry.handle, targetModel: request.headers.get(TARGET_MODEL_HEADER) ?? undefined };
        const handler = entry.serving?.handler ?? options.invocations;
        if (!handler) throw notFound();
        const result = await handler(request, context);
        // A value is answered whole, so the invocation is over; only a handler's own Response may still stream.
        if (!isResponse(result)) {
          release();
          return result;
        }
        return releaseWhenSent(result, release);
      } catch (error) {
        release();
        throw error;
      }
    },
  };

  return {
    routes,
    prePost(container) {
      return (request, next) => {
        const own = withOwnPrePost > 0 ? modelPrePost(registry, request) : undefined;
        if (own) return own(request, next);
        return container ? container(request, next) : next(request);
      };
    },
    close: () => registry.closeAll(),
  };
}

/** The formatters of the model a `POST /models/{name}/invoke` targets, if it has any. */
function modelPrePost(registry: ModelRegistry<ModelServing>, request: Request): Middleware | undefined {
  if (request.method !== "POST") return undefined;
  const path = requestPathname(request);
  if (!path.startsWith(MODELS_PREFIX) || !path.endsWith(INVOKE_SUFFIX)) return undefined;
  const segment = path.slice(MODELS_PREFIX.length, -INVOKE_SUFFIX.length);
  if (segment === "" || segment.includes("/")) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return registry.get(name)?.serving?.prePost;
}

/**
 * The invocation counts as running until its response body ends or is cancelled, so a DELETE waits
 * for streams too. Bodies the library built from a value are complete already.
 */
function releaseWhenSent(response: Response, release: () => void): Response {
  const body = response.body;
  if (body === null) {
    release();
    return response;
  }
  const reader = body.getReader();
  const tracked = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(tracked, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** `{"model_name", "url"}`; 400 naming the field otherwise. */
async function readLoadRequest(request: Request): Promise<{ name: string; url: string }> {
  const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  if (text === undefined) throw new HttpError(400, "Invalid request body: not valid UTF-8");
  const parsed = parseJson(text);
  if (!parsed.ok) throw new HttpError(400, `Invalid request body: JSON decode error: ${parsed.message}`);
  const body = parsed.value;
  if (!isJsonObject(body)) throw new HttpError(400, 'Invalid request body: expected a JSON object {"model_name": ..., "url": ...}');
  const name = body.model_name;
  if (typeof name !== "string" || name === "") throw new HttpError(400, "Invalid model_name: a non-empty string is required");
  const url = body.url;
  if (typeof url !== "string" || url === "") throw new HttpError(400, "Invalid url: a non-empty string is required");
  return { name: checkModelName(name, "model_name"), url };
}
