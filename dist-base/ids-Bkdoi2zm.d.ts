import { E as Env, L as Logger, m as SessionStore, b as BatchStrategy, H as Handler, M as Middleware, I as InputFormatter, O as OutputFormatter, a as SageMakerConfig, J as JsonValue } from './logging-CU3AZ6qx.js';

type FileKind = "file" | "not a file" | "missing";
/** What a runtime entry tells the core about its host; the core itself touches no runtime API. */
interface Platform {
    readonly name: string;
    /** The process environment, read at `ready()`, never at import. */
    readEnv(): Env;
    /**
     * What is at `path`: a regular file, something else (a directory, a device: importing `/dev/zero`
     * would read forever) or nothing. Without it, script discovery probes by importing.
     */
    fileKind?(path: string): Promise<FileKind>;
    /**
     * Where a bare specifier of a handler spec (`package:fn`) resolves from the model directory, so that
     * packages installed there are found; `undefined` leaves it to the default `import()` resolution.
     */
    resolveFromModelDir?(specifier: string, modelPath: string): string | undefined;
    /** The working directory a relative `SAGEMAKER_MODEL_PATH` is resolved against, where there is one. */
    cwd?(): string;
    /** Whether `import()` of a `.ts` file works here (Bun, Deno, Node with type stripping). */
    readonly runsTypeScript: boolean;
    /**
     * The default session store when sessions are on and none is configured; `undefined` (or no method)
     * where there is no file system: the core then uses a memory store and says so once.
     */
    createSessionStore?(options: {
        env: Env;
        logger: Logger;
    }): SessionStore | undefined;
}

/**
 * What went wrong, for code that reacts to a startup error without parsing its message:
 * - `INVALID_ENV`: an environment variable's value (`variable` names it);
 * - `INVALID_CONFIG`: a config key or a wrapper's option (`key` names it, e.g. `config.sessions.store`);
 * - `INVALID_SPEC`: a malformed handler or middleware spec (`variable`);
 * - `CUSTOMER_CODE_MISSING`: a customer script, file, module or function that is not there;
 * - `CUSTOMER_CODE_FAILED`: customer code that failed or never finished loading (`file`);
 * - `CUSTOMER_CODE_INVALID`: customer code that loaded but is unusable (not a function, registered twice);
 * - `PERMISSION_DENIED`: the runtime refused to read the environment or a file.
 */
type SageMakerConfigErrorCode = "INVALID_ENV" | "INVALID_CONFIG" | "INVALID_SPEC" | "CUSTOMER_CODE_MISSING" | "CUSTOMER_CODE_FAILED" | "CUSTOMER_CODE_INVALID" | "PERMISSION_DENIED";
/** The machine-readable part of a `SageMakerConfigError`: its code and the culprit, where there is one. */
interface SageMakerConfigErrorDetails {
    /** Default `INVALID_CONFIG`. */
    code?: SageMakerConfigErrorCode;
    /** The environment variable at fault, e.g. `CUSTOM_FASTAPI_PING_HANDLER`. */
    variable?: string;
    /** The file at fault (absolute path), e.g. the customer script. */
    file?: string;
    /** The config key or wrapper option at fault, e.g. `config.ping` or `injectAdapterId.separator`. */
    key?: string;
    cause?: unknown;
}
/**
 * A startup problem: bad config, env var, customer script or spec. `ready()` rejects with it, and the
 * wrappers (`injectAdapterId`, `registerLoadAdapterHandler`, `statefulSessionManager`, ...) throw it.
 * The message names the culprit for people; `code`, `variable`, `file` and `key` name it for code.
 */
declare class SageMakerConfigError extends Error {
    readonly code: SageMakerConfigErrorCode;
    readonly variable: string | undefined;
    readonly file: string | undefined;
    readonly key: string | undefined;
    constructor(message: string, details?: SageMakerConfigErrorDetails);
    get name(): string;
}

/** The transform-job variables SageMaker sets (each only when the job sets it), validated. */
interface BatchSettings {
    /** `SAGEMAKER_BATCH`: the container runs a transform job. */
    enabled: boolean;
    /** `SAGEMAKER_BATCH_STRATEGY`, upper-cased. */
    batchStrategy: BatchStrategy | undefined;
    /** `SAGEMAKER_MAX_CONCURRENT_TRANSFORMS`. */
    maxConcurrentTransforms: number | undefined;
    /** `SAGEMAKER_MAX_PAYLOAD_IN_MB`, MiB; 0 means no limit. */
    maxPayloadInMB: number | undefined;
}

/** A parsed `CUSTOM_FASTAPI_*` value. */
type HandlerSpec = {
    kind: "route";
    path: string;
    source: string;
} | {
    kind: "function";
    module: string;
    attributePath: string[];
    source: string;
};

/** The environment as the library reads it: the TypeScript counterpart of MHCS `SageMakerConfig.from_env()`. */
interface ResolvedSettings {
    sessions: {
        /** `SAGEMAKER_ENABLE_STATEFUL_SESSIONS` (`true`/`1`, any case). */
        enabled: boolean;
        /** `SAGEMAKER_SESSIONS_EXPIRATION`, seconds (default 1200). */
        expirationSeconds: number;
        /**
         * `SAGEMAKER_SESSIONS_PATH` as given, or `undefined` when unset: the file store then picks
         * `/dev/shm/sagemaker_sessions` where writable, else `<tmpdir>/sagemaker_sessions`, on first use.
         */
        path: string | undefined;
    };
    /**
     * Request body limit in bytes from `SAGEMAKER_MAX_PAYLOAD_IN_MB` (0: no limit, `Infinity`), default
     * 6 MiB. A handler uses `config.maxRequestBytes` first and `config.batch.maxPayloadInMB` when the
     * variable is unset.
     */
    maxRequestBytes: number;
    /** `SAGEMAKER_MULTI_MODEL` (`true`/`1` on, unset, empty, `false`/`0` off, any case). */
    multiModel: boolean;
    /** The transform-job variables: `SAGEMAKER_BATCH`, `SAGEMAKER_BATCH_STRATEGY`, `SAGEMAKER_MAX_CONCURRENT_TRANSFORMS`, `SAGEMAKER_MAX_PAYLOAD_IN_MB`. */
    batch: BatchSettings;
    /** `SAGEMAKER_CONTAINER_LOG_LEVEL`, else `LOG_LEVEL`: the numeric level (10 debug ... 40 error; default, and for an unknown name, 40). */
    logLevel: number;
    /** `SAGEMAKER_MODEL_PATH` (default `/opt/ml/model/`) and `CUSTOM_SCRIPT_FILENAME`. */
    modelPath: string;
    customScriptFilename: string | undefined;
    /** The parsed handler specifications, where set. */
    handlers: {
        ping?: HandlerSpec;
        invocations?: HandlerSpec;
        throttle?: HandlerSpec;
        prePostProcess?: HandlerSpec;
        preProcess?: HandlerSpec;
        postProcess?: HandlerSpec;
    };
}
/**
 * The validated view of `env` that a handler built without config overrides would use, so engines
 * and containers read the same values the library reads instead of parsing the variables again.
 * Pure: reads only `env`, touches nothing. A bad value throws the `SageMakerConfigError` that
 * `ready()` would reject with, naming the variable.
 */
declare function resolveSettings(env: Env): ResolvedSettings;

/** Marks the customer's `/ping` handler (MHCS `@custom_ping_handler`); returns `fn` unchanged. */
declare function customPingHandler<F extends Handler>(fn: F): F;
/** Marks the customer's `/invocations` handler (MHCS `@custom_invocation_handler`); returns `fn` unchanged. */
declare function customInvocationHandler<F extends Handler>(fn: F): F;
declare const MIDDLEWARE_NAMES: readonly ["pre_post_process", "throttle"];
type MiddlewareName = (typeof MIDDLEWARE_NAMES)[number];
/** Marks a customer middleware for the `throttle` or `pre_post_process` slot (MHCS `@custom_middleware(name)`). */
declare function customMiddleware(name: MiddlewareName): <F extends Middleware>(fn: F) => F;
/** Marks the customer's request pre-processor (MHCS `@input_formatter`): `(request) => Request | void`. */
declare function inputFormatter<F extends InputFormatter>(fn: F): F;
/** Marks the customer's response post-processor (MHCS `@output_formatter`): `(response) => Response | void`. */
declare function outputFormatter<F extends OutputFormatter>(fn: F): F;

/** The config slot a handler is prepared for. */
type HandlerRole = "ping" | "invocations" | "loadAdapter" | "unloadAdapter" | "createSession" | "closeSession";
/** What a wrapper sees once per handler instance, at `ready()`. */
interface SetupContext {
    readonly env: Env;
    readonly logger: Logger;
    readonly platform: Platform;
    readonly role: HandlerRole;
    /** The validated config of the instance being prepared. */
    readonly config: Readonly<SageMakerConfig>;
    /** Engine-native session handlers, already prepared (both or neither). */
    readonly engineSessions: {
        readonly create?: Handler;
        readonly close?: Handler;
    };
    /** One value per handler instance and key, created on first use (session runtime, transform defaults). */
    shared<T>(key: string, create: () => T): T;
    /** Runs at `close()`. */
    onClose(close: () => void | Promise<void>): void;
}
type Prepare = (setup: SetupContext) => Handler | Promise<Handler>;
/**
 * Builds a handler whose real work is set up once per `createSageMakerHandler` instance, at `ready()`,
 * so that two instances never share state. Called directly (outside an instance) it prepares itself
 * once from the first request's context.
 */
declare function defineWrappedHandler(prepare: Prepare): Handler;

interface InjectAdapterIdOptions {
    /** Join the existing value, `separator` and the id (`base:adapter`) instead of replacing it. */
    append?: boolean;
    /** Required with `append`, e.g. `":"` for SGLang's `model="base:adapter"`; may be `""`. */
    separator?: string;
}
/**
 * Copies the `X-Amzn-SageMaker-Adapter-Identifier` header into the JSON body at `path` (a dot path;
 * missing parents are created), MHCS `@inject_adapter_id`. Without the header (or with an empty one)
 * the request reaches the handler untouched and its body is not read. With the header, a body that is
 * not JSON is a 400 `JSON decode error: ...`, and JSON that is not an object a 400.
 * @throws SageMakerConfigError with MHCS's messages (`adapter_path cannot be empty`, ...) for bad arguments.
 */
declare function injectAdapterId(path: string, options?: InjectAdapterIdOptions): (handler: Handler) => Handler;

/**
 * `{ targetPath: jmespathExpression }`, nestable: `{ lora_name: "body.name", config: { path: "body.src" } }`.
 * Target keys are dot paths (`a.b` writes `{ a: { b } }`); expressions run over the request view.
 */
interface Shape {
    [target: string]: string | Shape;
}

/** Options of `registerLoadAdapterHandler` / `registerUnloadAdapterHandler`. */
interface AdapterHandlerOptions {
    /**
     * `{ engineField: jmespath }` over `{ body, headers, query_params, path_params }`, e.g. vLLM's
     * `{ lora_name: "body.name", lora_path: "body.src" }`. `null` (with no `responseShape`): the handler
     * is mounted as it is, with no validation and no rewriting.
     */
    requestShape: Shape | null;
    /** Applied to a 2xx JSON answer of the handler; other answers pass through. */
    responseShape?: Shape | null;
}
/**
 * Mounts as `loadAdapter` (`POST /adapters`), MHCS `@register_load_adapter_handler`. Validates
 * SageMaker's `{name, src, preload?, pin?}` (JSON body, else the query string), shapes it with
 * `requestShape` and calls the handler with a Request whose JSON body is the shaped object (also
 * `context.transformed`). A 2xx without a body becomes `Adapter <alias or name> registered`; any other
 * answer passes through. Invalid input is a 400 whose detail names the field.
 * @throws SageMakerConfigError naming the shape key, e.g. `registerLoadAdapterHandler.requestShape.lora_name`.
 */
declare function registerLoadAdapterHandler(options: AdapterHandlerOptions): (handler: Handler) => Handler;
/**
 * Mounts as `unloadAdapter` (`DELETE /adapters/{adapter_name}`), MHCS `@register_unload_adapter_handler`.
 * The view has `path_params.adapter_name` (percent-decoded) and `body: null`; a 2xx without a body
 * becomes `Adapter <alias or name> unregistered`; an engine 404 for an unknown adapter passes through.
 * @throws SageMakerConfigError naming the shape key.
 */
declare function registerUnloadAdapterHandler(options: AdapterHandlerOptions): (handler: Handler) => Handler;

/** Carries the adapter to use on `/invocations`; `injectAdapterId` copies it into the body. */
declare const ADAPTER_IDENTIFIER_HEADER = "X-Amzn-SageMaker-Adapter-Identifier";
/** When present and non-empty, replaces the adapter name in register/unregister success messages. */
declare const ADAPTER_ALIAS_HEADER = "X-Amzn-SageMaker-Adapter-Alias";

/** The transforms whose defaults the environment may set (`SAGEMAKER_TRANSFORMS_<NAME>_DEFAULTS`). */
type TransformDefaultsName = "load_adapter" | "unload_adapter" | "create_session" | "close_session";
/** Parsed `SAGEMAKER_TRANSFORMS_*_DEFAULTS`: `{ targetPath: value }` per transform, `{}` when unset. */
type TransformDefaults = Readonly<Record<TransformDefaultsName, Readonly<Record<string, JsonValue>>>>;
/**
 * Reads the four `SAGEMAKER_TRANSFORMS_*_DEFAULTS` variables (each a JSON object; unset or empty is `{}`).
 * Unlike MHCS, other `SAGEMAKER_TRANSFORMS_*` variables are ignored rather than parsed.
 * Call it at `ready()` (a wrapper's prepare step), never at import.
 * @throws SageMakerConfigError naming the variable when its value is not a JSON object.
 */
declare function readTransformDefaults(env: Env): TransformDefaults;

/** Options of `createTransform`, the TypeScript form of MHCS `BaseApiTransform`. */
interface TransformOptions {
    /**
     * `{ targetPath: jmespath }` over `{ body, headers, query_params, path_params }`; the handler receives
     * a Request whose JSON body is the shaped object (also `context.transformed`). `null`/absent: the
     * request passes through untouched.
     */
    requestShape?: Shape | null;
    /**
     * Applied to 2xx JSON responses over `{ body, headers, status_code }`; other responses pass through.
     * `{}` counts as no shape (MHCS ignored response shapes, so ported code often passes `{}`).
     */
    responseShape?: Shape | null;
    /** Which `SAGEMAKER_TRANSFORMS_<NAME>_DEFAULTS` fills in targets the request shape leaves `null`. */
    defaults?: TransformDefaultsName;
    /** Names the wrapper in config errors; default `createTransform`. */
    name?: string;
}
/**
 * Builds a wrapper that reshapes requests (and JSON responses) declaratively, MHCS's
 * `create_transform_decorator`. Shapes compile when this is called, so a bad expression throws here,
 * naming the key; environment defaults are read when the handler instance is prepared (`ready()`).
 * Both shapes absent: the wrapper returns the handler unchanged.
 * @throws SageMakerConfigError naming the offending option or shape key.
 */
declare function createTransform(options?: TransformOptions): (handler: Handler) => Handler;

interface StatefulSessionOptions {
    /**
     * Where to write the session id in the JSON body of regular requests that carry one, as a dot path
     * rooted at the body (`session_id`, `metadata.session_id`; missing parents are created).
     */
    engineRequestSessionIdPath?: string;
}
/**
 * The SageMaker sticky-session protocol on the wrapped (invocations) handler: `{"requestType":"NEW_SESSION"}`
 * and `{"requestType":"CLOSE"}` are answered here, regular requests carrying `X-Amzn-SageMaker-Session-Id`
 * are checked against the store and reach the handler with `context.session` set (and the id written into
 * the body when `engineRequestSessionIdPath` is given). With engine-native handlers configured
 * (`config.createSession` / `config.closeSession`) the engine creates and closes sessions instead.
 * MHCS `@stateful_session_manager`.
 */
declare function statefulSessionManager(options?: StatefulSessionOptions): (handler: Handler) => Handler;

interface SplitRecordsOptions {
    /** How many records run at once; default 4. */
    concurrency?: number;
}
/**
 * Batch transform's mini-batches, record by record: a JSON Lines or CSV body is split on `\n` and the
 * handler is called once per non-empty line, at most `concurrency` at a time; the answers come back
 * in input order, one per line. The first failing record fails the whole request with
 * `Record <n>: <detail>` and aborts the records still running. Other media types pass through unread.
 */
declare function splitRecords(options?: SplitRecordsOptions): (handler: Handler) => Handler;

interface MemorySessionStoreOptions {
    /** The clock, in epoch milliseconds (default `Date.now`); tests inject one to cross expiry boundaries. */
    now?: () => number;
}
/**
 * Sessions in this process's memory: the default where there is no file system (workerd), and for tests.
 * Not shared between processes or handler instances; expired sessions are removed by `create` now and
 * then (at most once a second, or when the map has doubled), and lookups answer `expired` until then.
 */
declare function createMemorySessionStore(options?: MemorySessionStoreOptions): SessionStore;

/**
 * What a store rejects with when asked for the data of a session that is unknown, closed or expired.
 * Recognised by `name` too (`isSessionNotFound`), so stores built against another copy of the package work.
 */
declare class SessionNotFoundError extends Error {
    readonly sessionId: string;
    constructor(sessionId: string);
    get name(): string;
}

/** A Standard Schema (valibot, zod, arktype ...) that validates the body sent to the engine. */
interface SessionRequestSchema {
    readonly "~standard": {
        validate(value: unknown): StandardResult | Promise<StandardResult>;
    };
}
type StandardResult = {
    value: unknown;
    issues?: undefined;
} | {
    issues: ReadonlyArray<{
        message: string;
        path?: ReadonlyArray<unknown>;
    }>;
};
interface CreateSessionHandlerOptions {
    /** JMESPath over the engine's answer `{ body, headers, status_code }`: `body`, `body.session_id`, `headers."x-session-id"`. */
    engineResponseSessionIdPath: string;
    /** `{ targetPath: jmespath }` over the client request `{ body, headers, query_params, path_params }`, on top of `SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS`. */
    requestShape?: Shape | null;
    /** Validates the engine body; a failure is 424 (as the reference's request model). */
    requestSchema?: SessionRequestSchema;
}
interface CloseSessionHandlerOptions {
    /** Dot path in the engine body where the session id goes (`session_id`; a leading `body.` is accepted). */
    engineRequestSessionIdPath: string;
    requestShape?: Shape | null;
    requestSchema?: SessionRequestSchema;
}
/**
 * Engine-native session create (SGLang's `/open_session` is the model case), mounted as
 * `config.createSession`; `statefulSessionManager` sends `{"requestType":"NEW_SESSION"}` here. The engine
 * receives the create defaults plus `requestShape` as its JSON body; the id is read from its 2xx answer.
 * MHCS `@register_create_session_handler`.
 */
declare function registerCreateSessionHandler(options: CreateSessionHandlerOptions): (handler: Handler) => Handler;
/**
 * Engine-native session close (SGLang's `/close_session`), mounted as `config.closeSession`;
 * `statefulSessionManager` sends `{"requestType":"CLOSE"}` here. The engine receives the close defaults,
 * `requestShape`, and the header's session id at `engineRequestSessionIdPath`.
 * MHCS `@register_close_session_handler`.
 */
declare function registerCloseSessionHandler(options: CloseSessionHandlerOptions): (handler: Handler) => Handler;

/** SageMaker's `SessionIdHeader` pattern (botocore `sagemaker-runtime`), at most 256 characters. */
declare const SESSION_ID_PATTERN: RegExp;
/** Whether `id` is a session id SageMaker could route; the reserved `NEW_SESSION` is not one. */
declare function isValidSessionId(id: unknown): id is string;

export { ADAPTER_ALIAS_HEADER as A, type BatchSettings as B, type CloseSessionHandlerOptions as C, readTransformDefaults as D, registerCloseSessionHandler as E, registerCreateSessionHandler as F, registerLoadAdapterHandler as G, type HandlerRole as H, type InjectAdapterIdOptions as I, registerUnloadAdapterHandler as J, resolveSettings as K, splitRecords as L, type MemorySessionStoreOptions as M, statefulSessionManager as N, type Platform as P, type ResolvedSettings as R, SESSION_ID_PATTERN as S, type TransformDefaults as T, ADAPTER_IDENTIFIER_HEADER as a, type AdapterHandlerOptions as b, type CreateSessionHandlerOptions as c, type HandlerSpec as d, type MiddlewareName as e, SageMakerConfigError as f, type SageMakerConfigErrorCode as g, type SageMakerConfigErrorDetails as h, SessionNotFoundError as i, type SessionRequestSchema as j, type SetupContext as k, type Shape as l, type SplitRecordsOptions as m, type StatefulSessionOptions as n, type TransformDefaultsName as o, type TransformOptions as p, createMemorySessionStore as q, createTransform as r, customInvocationHandler as s, customMiddleware as t, customPingHandler as u, defineWrappedHandler as v, injectAdapterId as w, inputFormatter as x, isValidSessionId as y, outputFormatter as z };
