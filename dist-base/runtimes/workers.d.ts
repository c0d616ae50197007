export { A as ADAPTER_ALIAS_HEADER, a as ADAPTER_IDENTIFIER_HEADER, b as AdapterHandlerOptions, B as BatchSettings, C as CloseSessionHandlerOptions, c as CreateSessionHandlerOptions, H as HandlerRole, d as HandlerSpec, I as InjectAdapterIdOptions, M as MemorySessionStoreOptions, e as MiddlewareName, P as Platform, R as ResolvedSettings, S as SESSION_ID_PATTERN, f as SageMakerConfigError, g as SageMakerConfigErrorCode, h as SageMakerConfigErrorDetails, i as SessionNotFoundError, j as SessionRequestSchema, k as SetupContext, l as Shape, m as SplitRecordsOptions, n as StatefulSessionOptions, T as TransformDefaults, o as TransformDefaultsName, p as TransformOptions, q as createMemorySessionStore, r as createTransform, s as customInvocationHandler, t as customMiddleware, u as customPingHandler, v as defineWrappedHandler, w as injectAdapterId, x as inputFormatter, y as isValidSessionId, z as outputFormatter, D as readTransformDefaults, E as registerCloseSessionHandler, F as registerCreateSessionHandler, G as registerLoadAdapterHandler, J as registerUnloadAdapterHandler, K as resolveSettings, L as splitRecords, N as statefulSessionManager } from '../ids-Bkdoi2zm.js';
import { S as SageMakerHandler, a as SageMakerConfig } from '../logging-CU3AZ6qx.js';
export { B as BatchOptions, b as BatchStrategy, C as CreatedSession, E as Env, c as ErrorFormatter, F as Fallback, H as Handler, d as HandlerContext, e as HandlerResult, f as HeadersLike, g as HttpError, I as InputFormatter, J as JsonValue, L as Logger, M as Middleware, h as ModelContext, i as ModelHost, j as ModelInfo, O as OutputFormatter, k as SessionInfo, l as SessionLookup, m as SessionStore, n as SessionsOptions, o as createConsoleLogger, p as isHttpError } from '../logging-CU3AZ6qx.js';

/**
 * The Workers types the workers entry uses, typed structurally (as srvx does) so neither this package
 * nor its users need `@cloudflare/workers-types`.
 */
/** The `ctx` argument of a Workers `fetch`. */
interface WorkersExecutionContext {
    waitUntil(promise: Promise<unknown>): void;
    passThroughOnException?(): void;
}
/** A Workers module's default export. */
interface WorkersExportedHandler<E = unknown> {
    fetch(request: Request, env: E, ctx: WorkersExecutionContext): Promise<Response>;
}

/** A SageMaker handler that is also a Workers module default export. */
type WorkersSageMakerHandler = SageMakerHandler & WorkersExportedHandler;
/**
 * `createSageMakerHandler` for workerd. Without `config.env`, the environment is the string values of
 * the `env` binding of the first `fetch` (Workers hands it to `fetch`, never at import). Sessions use
 * the memory store of the isolate unless `config.sessions.store` supplies a shared one.
 */
declare function createSageMakerHandler(config?: SageMakerConfig): WorkersSageMakerHandler;

export { SageMakerConfig, SageMakerHandler, type WorkersExecutionContext, type WorkersExportedHandler, type WorkersSageMakerHandler, createSageMakerHandler };
