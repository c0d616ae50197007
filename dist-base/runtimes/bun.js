import {
  nodeApiPlatform,
  processHost
} from "../chunk-QBDVP3PP.js";
import {
  createFileSessionStore,
  serveUntilStopped,
  startServing,
  timedOut,
  useStandInRequests
} from "../chunk-H4WQV6PH.js";
import "../chunk-FDKC6HSB.js";
import {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
  answererOf,
  createHandlerOn,
  createMemorySessionStore,
  createTransform,
  customInvocationHandler,
  customMiddleware,
  customPingHandler,
  defineWrappedHandler,
  injectAdapterId,
  inputFormatter,
  isHttpError,
  outputFormatter,
  readTransformDefaults,
  registerCloseSessionHandler,
  registerCreateSessionHandler,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  resolveSettings,
  splitRecords,
  statefulSessionManager,
  useTextResponses
} from "../chunk-NKEI7ZH6.js";
import {
  SESSION_ID_PATTERN,
  SessionNotFoundError,
  isValidSessionId
} from "../chunk-QJS5L2QM.js";
import {
  createConsoleLogger
} from "../chunk-5INBP2CT.js";
import {
  SageMakerConfigError
} from "../chunk-R6SGHOIN.js";

// runtimes/bun/platform.ts
function bunPlatform() {
  return nodeApiPlatform({ name: "bun", runsTypeScript: true });
}

// runtimes/bun/bun-global.ts
function bunGlobal() {
  const bun = globalThis.Bun;
  if (!bun) throw new Error("model-hosting-container-standards/bun needs the Bun runtime; use the /node or /deno entry elsewhere");
  return bun;
}

// runtimes/bun/text-responses.ts
var prebuilt = /* @__PURE__ */ new WeakMap();
function headersInit(headers) {
  if (headers instanceof Headers || !Object.isFrozen(headers)) return headers;
  let built = prebuilt.get(headers);
  if (!built) prebuilt.set(headers, built = new Headers(headers));
  return built;
}
var bunTextResponse = (body, status, headers) => new Response(body, { status, headers: headersInit(headers) });
var bunJsonResponse = (value, status, headers) => Response.json(value, { status, headers: headersInit(headers) });
function installBunTextResponses() {
  useTextResponses(bunTextResponse, bunJsonResponse);
}

// runtimes/bun/serve.ts
var UNLIMITED_BODY = Number.MAX_SAFE_INTEGER;
var IDLE_CONNECTION_SECONDS = 255;
async function serve(handlerOrConfig, options = {}) {
  const bun = bunGlobal();
  const host = processHost();
  const { handler, ...address } = await startServing(handlerOrConfig, bunPlatform(), options, host);
  const answer = answererOf(handler);
  useStandInRequests();
  installBunTextResponses();
  const server = bun.serve({
    port: address.port,
    hostname: address.hostname,
    idleTimeout: IDLE_CONNECTION_SECONDS,
    maxRequestBodySize: UNLIMITED_BODY,
    fetch(request, bunServer) {
      bunServer.timeout(request, 0);
      return answer(request);
    }
  });
  return serveUntilStopped({
    handler,
    hostname: address.hostname,
    port: server.port,
    options,
    host,
    async stopServer(drainTimeoutMs) {
      if (await timedOut(server.stop(), drainTimeoutMs)) await server.stop(true);
    }
  });
}

// runtimes/bun/index.ts
function createSageMakerHandler(config = {}) {
  return createHandlerOn(config, bunPlatform());
}
export {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
  SESSION_ID_PATTERN,
  SageMakerConfigError,
  SessionNotFoundError,
  createConsoleLogger,
  createFileSessionStore,
  createMemorySessionStore,
  createSageMakerHandler,
  createTransform,
  customInvocationHandler,
  customMiddleware,
  customPingHandler,
  defineWrappedHandler,
  injectAdapterId,
  inputFormatter,
  isHttpError,
  isValidSessionId,
  outputFormatter,
  readTransformDefaults,
  registerCloseSessionHandler,
  registerCreateSessionHandler,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  resolveSettings,
  serve,
  splitRecords,
  statefulSessionManager
};
