export { A as ADAPTER_ALIAS_HEADER, a as ADAPTER_IDENTIFIER_HEADER, b as AdapterHandlerOptions, B as BatchSettings, C as CloseSessionHandlerOptions, c as CreateSessionHandlerOptions, H as HandlerRole, d as HandlerSpec, I as InjectAdapterIdOptions, M as MemorySessionStoreOptions, e as MiddlewareName, P as Platform, R as ResolvedSettings, S as SESSION_ID_PATTERN, f as SageMakerConfigError, g as SageMakerConfigErrorCode, h as SageMakerConfigErrorDetails, i as SessionNotFoundError, j as SessionRequestSchema, k as SetupContext, l as Shape, m as SplitRecordsOptions, n as StatefulSessionOptions, T as TransformDefaults, o as TransformDefaultsName, p as TransformOptions, q as createMemorySessionStore, r as createTransform, s as customInvocationHandler, t as customMiddleware, u as customPingHandler, v as defineWrappedHandler, w as injectAdapterId, x as inputFormatter, y as isValidSessionId, z as outputFormatter, D as readTransformDefaults, E as registerCloseSessionHandler, F as registerCreateSessionHandler, G as registerLoadAdapterHandler, J as registerUnloadAdapterHandler, K as resolveSettings, L as splitRecords, N as statefulSessionManager } from '../ids-Bkdoi2zm.js';
import { S as SageMakerHandler, a as SageMakerConfig } from '../logging-CU3AZ6qx.js';
export { B as BatchOptions, b as BatchStrategy, C as CreatedSession, E as Env, c as ErrorFormatter, F as Fallback, H as Handler, d as HandlerContext, e as HandlerResult, f as HeadersLike, g as HttpError, I as InputFormatter, J as JsonValue, L as Logger, M as Middleware, h as ModelContext, i as ModelHost, j as ModelInfo, O as OutputFormatter, k as SessionInfo, l as SessionLookup, m as SessionStore, n as SessionsOptions, o as createConsoleLogger, p as isHttpError } from '../logging-CU3AZ6qx.js';
import { S as ServeOptions, R as RunningServer } from '../file-session-store-BKou4MdM.js';
export { F as FileSessionStoreOptions, c as createFileSessionStore } from '../file-session-store-BKou4MdM.js';

/**
 * Serves a handler (or a config) on Deno: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
declare function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options?: ServeOptions): Promise<RunningServer>;

/**
 * `createSageMakerHandler` with Deno's environment and file system, and the file session store by default.
 * Under `deno serve`, Deno passes its handler info as the second argument: `context.signal` then ignores
 * Deno's legacy abort after a delivered response, as under `serve()`.
 */
declare function createSageMakerHandler(config?: SageMakerConfig): SageMakerHandler;

export { RunningServer, SageMakerConfig, SageMakerHandler, ServeOptions, createSageMakerHandler, serve };
