import type { HttpError } from "./http-error.ts";
import type { Logger } from "./logging.ts";
import type { SessionStore } from "./sessions/store.ts";

/** Any value `JSON.stringify` turns into JSON. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Environment variables as a plain record (`process.env`, a Workers `env` binding, a test's object). */
export type Env = Record<string, string | undefined>;

/** The session bound to the current request by `statefulSessionManager`. */
export interface SessionInfo {
  id: string;
  expiresAt: Date;
  /** The value last put under `key` (a copy), or `undefined` when none was. */
  get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined>;
  /** Stores a copy of `value` under `key`, replacing the old one atomically. */
  put(key: string, value: JsonValue): Promise<void>;
  /** `true` when `key` held a value. */
  delete(key: string): Promise<boolean>;
}

/** What every handler receives besides the request. */
export interface HandlerContext {
  /** Path parameters, e.g. `{ adapter_name }` on `DELETE /adapters/{adapter_name}`. */
  params: Record<string, string>;
  /** The environment this handler instance was configured with. */
  env: Env;
  logger: Logger;
  /** Aborted when the client disconnects or the server shuts down. */
  readonly signal: AbortSignal;
  /** The active session, when `statefulSessionManager` validated one. */
  session?: SessionInfo;
  /** The shaped request body of a transform wrapper (`registerLoadAdapterHandler`, ...). */
  transformed?: unknown;
  /** The model of a multi-model invocation (`POST /models/{model_name}/invoke`). */
  model?: ModelInfo;
}

/** What a handler learns about the model it serves on `POST /models/{model_name}/invoke`. */
export interface ModelInfo<M = unknown> {
  name: string;
  url: string;
  /** What `ModelHost.load` returned. */
  handle: M;
  /** The `X-Amzn-SageMaker-Target-Model` header, or `undefined`. */
  targetModel: string | undefined;
}

/** What `ModelHost.load` and `unload` receive besides the model. */
export interface ModelContext {
  env: Env;
  logger: Logger;
}

/** Multi-model endpoints: the engine loads and unloads; the library serves SageMaker's model API. */
export interface ModelHost<M = unknown> {
  /** Loads the model at `url` and returns the engine's handle; `HttpError(507, ...)` when out of room. */
  load(name: string, url: string, context: ModelContext): M | Promise<M>;
  unload?(name: string, model: M, context: ModelContext): void | Promise<void>;
  /** Loading one more than this is 507. */
  maxLoaded?: number;
  /** `GET /models` page size, default 100. */
  pageSize?: number;
}

export type BatchStrategy = "SINGLE_RECORD" | "MULTI_RECORD";

/** Batch transform: answered on `GET /execution-parameters`. */
export interface BatchOptions {
  /** Default 1. */
  maxConcurrentTransforms?: number;
  /** Default `MULTI_RECORD`. */
  batchStrategy?: BatchStrategy;
  /** 1 to 100, default 6; also the body limit when neither `maxRequestBytes` nor `SAGEMAKER_MAX_PAYLOAD_IN_MB` is set. */
  maxPayloadInMB?: number;
}

/**
 * `object` admits typed records whose fields TypeScript cannot prove are JSON; `void` lets a handler
 * without a return statement type-check (it answers like `undefined`).
 */
export type HandlerResult = Response | JsonValue | object | undefined | void;

/**
 * A route handler. A `Response` is sent as is; an object, array, number, boolean or `null` becomes JSON;
 * a string becomes `text/plain`; `undefined` an empty 200.
 */
export type Handler = (request: Request, context: HandlerContext) => HandlerResult | Promise<HandlerResult>;

/** Koa-style middleware over Fetch: call `next` with the (possibly replaced) request, return a Response. */
export type Middleware = (request: Request, next: (request: Request) => Promise<Response>) => Response | Promise<Response>;

/** The customer's request pre-processor (`inputFormatter`): a replacement Request, or nothing to keep it. */
export type InputFormatter = (request: Request) => Request | void | undefined | Promise<Request | void | undefined>;

/** The customer's response post-processor (`outputFormatter`): a replacement Response, or nothing to keep it. */
export type OutputFormatter = (response: Response) => Response | void | undefined | Promise<Response | void | undefined>;

/** Headers as `new Headers(init)` takes them, spelled out: `HeadersInit` exists only in the DOM lib. */
export type HeadersLike = Headers | Record<string, string> | [string, string][];

/** The engine's own routes: everything the library does not route goes here. */
export type Fallback = (request: Request) => Response | Promise<Response>;

/** Renders a library error the engine's way (vLLM renders `{"error":{"message":...}}`). */
export type ErrorFormatter = (error: HttpError, request: Request) => Response | Promise<Response>;

export interface SessionsOptions {
  /** Overrides `SAGEMAKER_ENABLE_STATEFUL_SESSIONS`. */
  enabled?: boolean;
  /** Overrides `SAGEMAKER_SESSIONS_EXPIRATION` (seconds, > 0). */
  expirationSeconds?: number;
  /** Where sessions live; default: the runtime's file store, else memory. */
  store?: SessionStore;
  /** Largest serialised value `context.session.put` accepts (bytes; larger is 413). Default 1 MiB. */
  maxValueBytes?: number;
}

/** Configuration of `createSageMakerHandler`; every key is optional. */
export interface SageMakerConfig {
  /** Framework default for `GET /ping` (also `HEAD` and `POST /ping`); MHCS `@register_ping_handler`. */
  ping?: Handler;
  /** Framework default for `POST /invocations`; MHCS `@register_invocation_handler`. */
  invocations?: Handler;
  /** `POST /adapters`, usually wrapped by `registerLoadAdapterHandler`. */
  loadAdapter?: Handler;
  /** `DELETE /adapters/{adapter_name}`, usually wrapped by `registerUnloadAdapterHandler`. */
  unloadAdapter?: Handler;
  /** Engine-native session create, wrapped by `registerCreateSessionHandler`. */
  createSession?: Handler;
  /** Engine-native session close, wrapped by `registerCloseSessionHandler`. */
  closeSession?: Handler;
  /** Programmatic customer overrides (priority level 2). */
  overrides?: { ping?: Handler; invocations?: Handler };
  /** The engine's own routes (default: 404 `{"detail":"Not Found"}`). */
  fallback?: Fallback;
  /** The engine's own middlewares, run between throttle and pre/post. */
  middlewares?: Middleware[];
  sessions?: SessionsOptions;
  /** Multi-model endpoints: `/models`, `/models/{model_name}` and `/models/{model_name}/invoke`. */
  models?: ModelHost;
  /** Batch transform: `GET /execution-parameters`. */
  batch?: BatchOptions;
  /** The environment to read; default: the runtime's environment where one exists, else `{}`. */
  env?: Env;
  /** How customer code is imported; default: dynamic `import()`. Receives a `file:` URL or a bare specifier. */
  importModule?: (specifier: string) => Promise<unknown>;
  /**
   * Request body limit in bytes, answered with 413; default `SAGEMAKER_MAX_PAYLOAD_IN_MB` MiB (0: no
   * limit), else `batch.maxPayloadInMB` MiB, else 6 MiB.
   */
  maxRequestBytes?: number;
  logger?: Logger;
  errorFormatter?: ErrorFormatter;
}

/** What `createSageMakerHandler` returns: usable as a module default export under Bun, `deno serve` and Workers. */
export interface SageMakerHandler {
  /** Answers one request; never rejects. */
  fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response>;
  /** Resolves once customer code is loaded and all config validated; rejects naming the culprit. */
  ready(): Promise<void>;
  /** Stops timers and closes stores. */
  close(): Promise<void>;
}
