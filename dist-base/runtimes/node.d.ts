export { A as ADAPTER_ALIAS_HEADER, a as ADAPTER_IDENTIFIER_HEADER, b as AdapterHandlerOptions, B as BatchSettings, C as CloseSessionHandlerOptions, c as CreateSessionHandlerOptions, H as HandlerRole, d as HandlerSpec, I as InjectAdapterIdOptions, M as MemorySessionStoreOptions, e as MiddlewareName, P as Platform, R as ResolvedSettings, S as SESSION_ID_PATTERN, f as SageMakerConfigError, g as SageMakerConfigErrorCode, h as SageMakerConfigErrorDetails, i as SessionNotFoundError, j as SessionRequestSchema, k as SetupContext, l as Shape, m as SplitRecordsOptions, n as StatefulSessionOptions, T as TransformDefaults, o as TransformDefaultsName, p as TransformOptions, q as createMemorySessionStore, r as createTransform, s as customInvocationHandler, t as customMiddleware, u as customPingHandler, v as defineWrappedHandler, w as injectAdapterId, x as inputFormatter, y as isValidSessionId, z as outputFormatter, D as readTransformDefaults, E as registerCloseSessionHandler, F as registerCreateSessionHandler, G as registerLoadAdapterHandler, J as registerUnloadAdapterHandler, K as resolveSettings, L as splitRecords, N as statefulSessionManager } from '../ids-Bkdoi2zm.js';
import { S as SageMakerHandler, a as SageMakerConfig } from '../logging-CU3AZ6qx.js';
export { B as BatchOptions, b as BatchStrategy, C as CreatedSession, E as Env, c as ErrorFormatter, F as Fallback, H as Handler, d as HandlerContext, e as HandlerResult, f as HeadersLike, g as HttpError, I as InputFormatter, J as JsonValue, L as Logger, M as Middleware, h as ModelContext, i as ModelHost, j as ModelInfo, O as OutputFormatter, k as SessionInfo, l as SessionLookup, m as SessionStore, n as SessionsOptions, o as createConsoleLogger, p as isHttpError } from '../logging-CU3AZ6qx.js';
import { S as ServeOptions, R as RunningServer } from '../file-session-store-BKou4MdM.js';
export { F as FileSessionStoreOptions, c as createFileSessionStore } from '../file-session-store-BKou4MdM.js';
import { IncomingMessage, ServerResponse } from 'node:http';

/** Node-only limits on slow clients, on top of the options every runtime takes. */
interface NodeServeOptions extends ServeOptions {
    /** How long a client may take to send the request headers, in ms (Node answers 408). Default 60,000; 0 disables. */
    headersTimeoutMs?: number;
    /**
     * How long a client may take to send the whole request, body included, in ms (Node answers 408). It does
     * not limit how long a handler takes to answer or stream. Default 300,000 (Node's own), or 3,600,000
     * (SageMaker's async inference limit) when `SAGEMAKER_MAX_PAYLOAD_IN_MB` raises the body limit above
     * 6 MiB or lifts it (0): a large body read at the handler's pace may take that long. 0 disables.
     */
    requestTimeoutMs?: number;
}
/**
 * Serves a handler (or a config) on Node: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
declare function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options?: NodeServeOptions): Promise<RunningServer>;

type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;
/**
 * A `node:http` request listener for the handler, to mount into an existing server. Handlers receive a
 * Request built lazily from the Node request (`instanceof Request`, and accepted by the global
 * `new Request(request, init)`, see docs/runtimes.md); responses are written directly, streams with
 * backpressure and cancelled when the client goes away.
 */
declare function toNodeListener(handler: Pick<SageMakerHandler, "fetch">): NodeListener;

/** `createSageMakerHandler` with Node's file system for script discovery and the file session store by default. */
declare function createSageMakerHandler(config?: SageMakerConfig): SageMakerHandler;

export { type NodeListener, type NodeServeOptions, RunningServer, SageMakerConfig, SageMakerHandler, ServeOptions, createSageMakerHandler, serve, toNodeListener };
