import {
  createFileSessionStore,
  resolveFromModelDir,
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
  setClientSignal,
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
  SageMakerConfigError,
  causeMessage
} from "../chunk-R6SGHOIN.js";

// runtimes/deno/client-signal.ts
function filterLegacyAbort(request, info) {
  if (typeof info !== "object" || info === null || !("completed" in info)) return;
  setClientSignal(request, () => {
    const native = request.signal;
    const controller = new AbortController();
    let delivered = false;
    const completed = info.completed;
    if (completed instanceof Promise) {
      completed.then(
        () => delivered = true,
        () => void 0
      );
    }
    const follow = () => queueMicrotask(() => {
      if (!delivered) controller.abort(native.reason);
    });
    if (native.aborted) follow();
    else native.addEventListener("abort", follow, { once: true });
    return controller.signal;
  });
}

// runtimes/deno/deno-global.ts
function denoGlobal() {
  const deno = globalThis.Deno;
  if (!deno) throw new Error("model-hosting-container-standards/deno needs the Deno runtime; use the /node or /bun entry elsewhere");
  return deno;
}

// runtimes/deno/platform.ts
function denoPlatform() {
  return {
    name: "deno",
    readEnv() {
      try {
        return denoGlobal().env.toObject();
      } catch (cause) {
        throw new SageMakerConfigError(`Cannot read the environment (run Deno with --allow-env, or pass config.env): ${causeMessage(cause)}`, {
          code: "PERMISSION_DENIED",
          cause
        });
      }
    },
    async fileKind(path) {
      try {
        return (await denoGlobal().stat(path)).isFile ? "file" : "not a file";
      } catch (cause) {
        if (cause.name === "NotFound") return "missing";
        throw new SageMakerConfigError(`Cannot check ${path} (run Deno with --allow-read): ${causeMessage(cause)}`, {
          code: "PERMISSION_DENIED",
          file: path,
          cause
        });
      }
    },
    cwd: () => denoGlobal().cwd(),
    // Deno implements node:module's createRequire, so the model directory's node_modules resolve as on Node.
    resolveFromModelDir,
    runsTypeScript: true,
    // The Node file store uses only node:fs/promises, node:path, node:os and node:crypto, which this runtime provides.
    createSessionStore: ({ env, logger }) => createFileSessionStore({ env, logger })
  };
}

// runtimes/deno/serve.ts
function denoHost(deno, readEnv) {
  return {
    // Read when needed, inside startServing's error handling: without --allow-env it throws a message naming the flag.
    get env() {
      return readEnv();
    },
    exit: (code) => deno.exit(code),
    onStopSignals(listener) {
      deno.addSignalListener("SIGTERM", listener);
      deno.addSignalListener("SIGINT", listener);
      return () => {
        deno.removeSignalListener("SIGTERM", listener);
        deno.removeSignalListener("SIGINT", listener);
      };
    }
  };
}
async function serve(handlerOrConfig, options = {}) {
  const deno = denoGlobal();
  const platform = denoPlatform();
  const host = denoHost(deno, () => platform.readEnv());
  const { handler, ...address } = await startServing(handlerOrConfig, platform, options, host);
  const answer = answererOf(handler);
  useStandInRequests();
  const server = await new Promise((resolve) => {
    const started = deno.serve({
      port: address.port,
      hostname: address.hostname,
      // Replaces Deno's own "Listening on" line; we announce once below.
      onListen: () => queueMicrotask(() => resolve(started)),
      handler: (request, info) => {
        filterLegacyAbort(request, info);
        return answer(request);
      }
    });
  });
  return serveUntilStopped({
    handler,
    hostname: address.hostname,
    port: server.addr.port,
    options,
    host,
    async stopServer(drainTimeoutMs) {
      await timedOut(server.shutdown(), drainTimeoutMs);
    }
  });
}

// runtimes/deno/index.ts
function createSageMakerHandler(config = {}) {
  const handler = createHandlerOn(config, denoPlatform());
  const fetch = handler.fetch;
  handler.fetch = (request, info, ctx) => {
    filterLegacyAbort(request, info);
    return fetch(request, info, ctx);
  };
  return handler;
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
