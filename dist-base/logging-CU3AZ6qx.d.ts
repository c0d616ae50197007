/** Throw from a handler, middleware or formatter to answer `status` with `{"detail": detail}`. */
declare class HttpError extends Error {
    readonly status: number;
    readonly detail: JsonValue;
    readonly headers: HeadersLike | undefined;
    constructor(status: number, detail?: JsonValue, options?: {
        headers?: HeadersLike;
        cause?: unknown;
    });
    get name(): string;
}
/** Duck-typed so that an `HttpError` from another copy of this package is recognised too. */
declare function isHttpError(value: unknown): value is HttpError;

/** The result of looking a session id up. */
type SessionLookup = {
    state: "active";
    expiresAt: Date;
} | {
    state: "expired";
} | {
    state: "unknown";
};
/** A session as `create` made it; `expiresAt` is a whole second, the value the `Expires=` header shows. */
interface CreatedSession {
    id: string;
    expiresAt: Date;
}
/**
 * Where sticky sessions live. Every method is async; the contract suite in `test/stores/_store-suite.ts`
 * defines the behaviour exactly:
 * - ids that fail SageMaker's pattern (see `isValidSessionId`) are `unknown`, never an error, and never
 *   reach storage (so no id can become a path outside a file store's root);
 * - a session is expired when `now > expiresAt` (strict), `expiresAt` being floored to a whole second;
 * - a corrupt or half-written record is `unknown`; `lookup` rejects only when the storage itself fails
 *   (unreadable directory, lost connection), which the session manager answers with a 503.
 */
interface SessionStore {
    /** A new unique session, visible to every process sharing the store once this resolves. */
    create(options: {
        ttlSeconds: number;
        now?: Date;
    }): Promise<CreatedSession>;
    /** Never rejects on bad, unknown or corrupt ids; may remove an expired record as a side effect. */
    lookup(id: string, now?: Date): Promise<SessionLookup>;
    /** Atomic and idempotent: `true` only for the one call that removed an existing (active or expired) session. */
    delete(id: string): Promise<boolean>;
    /** Removes expired (and corrupt) sessions; resolves to how many. Never blocks the other methods. */
    sweep(now?: Date): Promise<number>;
    /** Stops timers; the store is not used afterwards. */
    close?(): Promise<void>;
    /**
     * Per-session data (optional, so stores written before it still serve the protocol). Keys are any
     * well-formed string of 1 to 256 characters, encoded by the store; values are JSON, copied in and out.
     * On a session that is unknown, closed or expired, each rejects with a `SessionNotFoundError`.
     * Data dies with its session (`delete`, expiry, `sweep`).
     */
    /** The value last put under `key`, or `undefined` when none was. */
    getValue?(id: string, key: string, now?: Date): Promise<JsonValue | undefined>;
    /** Atomic replace: readers anywhere see the old or the new value, never a part. Never revives a deleted session. */
    putValue?(id: string, key: string, value: JsonValue, now?: Date): Promise<void>;
    /** `true` when the key held a value. */
    deleteValue?(id: string, key: string, now?: Date): Promise<boolean>;
}

/** Any value `JSON.stringify` turns into JSON. */
type JsonValue = null | boolean | number | string | JsonValue[] | {
    [key: string]: JsonValue;
};
/** Environment variables as a plain record (`process.env`, a Workers `env` binding, a test's object). */
type Env = Record<string, string | undefined>;
/** The session bound to the current request by `statefulSessionManager`. */
interface SessionInfo {
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
interface HandlerContext {
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
interface ModelInfo<M = unknown> {
    name: string;
    url: string;
    /** What `ModelHost.load` returned. */
    handle: M;
    /** The `X-Amzn-SageMaker-Target-Model` header, or `undefined`. */
    targetModel: string | undefined;
}
/** What `ModelHost.load` and `unload` receive besides the model. */
interface ModelContext {
    env: Env;
    logger: Logger;
}
/** Multi-model endpoints: the engine loads and unloads; the library serves SageMaker's model API. */
interface ModelHost<M = unknown> {
    /** Loads the model at `url` and returns the engine's handle; `HttpError(507, ...)` when out of room. */
    load(name: string, url: string, context: ModelContext): M | Promise<M>;
    unload?(name: string, model: M, context: ModelContext): void | Promise<void>;
    /** Loading one more than this is 507. */
    maxLoaded?: number;
    /** `GET /models` page size, default 100. */
    pageSize?: number;
}
type BatchStrategy = "SINGLE_RECORD" | "MULTI_RECORD";
/** Batch transform: answered on `GET /execution-parameters`. */
interface BatchOptions {
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
type HandlerResult = Response | JsonValue | object | undefined | void;
/**
 * A route handler. A `Response` is sent as is; an object, array, number, boolean or `null` becomes JSON;
 * a string becomes `text/plain`; `undefined` an empty 200.
 */
type Handler = (request: Request, context: HandlerContext) => HandlerResult | Promise<HandlerResult>;
/** Koa-style middleware over Fetch: call `next` with the (possibly replaced) request, return a Response. */
type Middleware = (request: Request, next: (request: Request) => Promise<Response>) => Response | Promise<Response>;
/** The customer's request pre-processor (`inputFormatter`): a replacement Request, or nothing to keep it. */
type InputFormatter = (request: Request) => Request | void | undefined | Promise<Request | void | undefined>;
/** The customer's response post-processor (`outputFormatter`): a replacement Response, or nothing to keep it. */
type OutputFormatter = (response: Response) => Response | void | undefined | Promise<Response | void | undefined>;
/** Headers as `new Headers(init)` takes them, spelled out: `HeadersInit` exists only in the DOM lib. */
type HeadersLike = Headers | Record<string, string> | [string, string][];
/** The engine's own routes: everything the library does not route goes here. */
type Fallback = (request: Request) => Response | Promise<Response>;
/** Renders a library error the engine's way (vLLM renders `{"error":{"message":...}}`). */
type ErrorFormatter = (error: HttpError, request: Request) => Response | Promise<Response>;
interface SessionsOptions {
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
interface SageMakerConfig {
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
    overrides?: {
        ping?: Handler;
        invocations?: Handler;
    };
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
interface SageMakerHandler {
    /** Answers one request; never rejects. */
    fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response>;
    /** Resolves once customer code is loaded and all config validated; rejects naming the culprit. */
    ready(): Promise<void>;
    /** Stops timers and closes stores. */
    close(): Promise<void>;
}

/** Where the library logs. Any object with these four methods (console, pino, winston) fits. */
interface Logger {
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}
/** The default logger: one line per message on stdout, `[LEVEL] model_hosting_container_standards - message`. */
declare function createConsoleLogger(): Logger;

export { type BatchOptions as B, type CreatedSession as C, type Env as E, type Fallback as F, type Handler as H, type InputFormatter as I, type JsonValue as J, type Logger as L, type Middleware as M, type OutputFormatter as O, type SageMakerHandler as S, type SageMakerConfig as a, type BatchStrategy as b, type ErrorFormatter as c, type HandlerContext as d, type HandlerResult as e, type HeadersLike as f, HttpError as g, type ModelContext as h, type ModelHost as i, type ModelInfo as j, type SessionInfo as k, type SessionLookup as l, type SessionStore as m, type SessionsOptions as n, createConsoleLogger as o, isHttpError as p };
