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
}

/** `object` admits typed records whose fields TypeScript cannot prove are JSON. */
export type HandlerResult = Response | JsonValue | object | undefined;

/**
 * A route handler. A `Response` is sent as is; an object, array, number, boolean or `null` becomes JSON;
 * a string becomes `text/plain`; `undefined` an empty 200.
 */
export type Handler = (request: Request, context: HandlerContext) => HandlerResult | Promise<HandlerResult>;

/** Koa-style middleware over Fetch: call `next` with the (possibly replaced) request, return a Response. */
export type Middleware = (request: Request, next: (request: Request) => Promise<Response>) => Response | Promise<Response>;

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
  /** The environment to read; default: the runtime's environment where one exists, else `{}`. */
  env?: Env;
  /** How customer code is imported; default: dynamic `import()`. Receives a `file:` URL or a bare specifier. */
  importModule?: (specifier: string) => Promise<unknown>;
  /** Request body limit in bytes, answered with 413; default `SAGEMAKER_MAX_PAYLOAD_IN_MB` MiB, else 6 MiB. */
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
