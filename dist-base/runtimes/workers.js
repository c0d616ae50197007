import "../chunk-FDKC6HSB.js";
import {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
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
  statefulSessionManager
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

// runtimes/workers/platform.ts
function workersPlatform(bindings) {
  return {
    name: "workers",
    readEnv: () => stringBindings(bindings()),
    fileKind: async () => "missing",
    runsTypeScript: false
  };
}
function stringBindings(bindings) {
  const env = {};
  if (typeof bindings !== "object" || bindings === null) return env;
  for (const [name, value] of Object.entries(bindings)) {
    if (typeof value === "string") env[name] = value;
  }
  return env;
}

// runtimes/workers/index.ts
function createSageMakerHandler(config = {}) {
  let bindings;
  const handler = createHandlerOn(config, workersPlatform(() => bindings));
  return {
    fetch(request, env, _ctx) {
      bindings ??= env;
      return handler.fetch(request);
    },
    ready: () => handler.ready(),
    close: () => handler.close()
  };
}
export {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
  SESSION_ID_PATTERN,
  SageMakerConfigError,
  SessionNotFoundError,
  createConsoleLogger,
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
  splitRecords,
  statefulSessionManager
};
