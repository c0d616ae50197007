import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { InFlight } from "../server/listen.ts";
import type { RunningServer, ServeOptions } from "../server/listen.ts";
import { serveUntilStopped, startServing } from "../server/serve-lifecycle.ts";
import { resolveSettings } from "../../src/internal.ts";
import type { SageMakerConfig, SageMakerHandler, Env } from "../../src/internal.ts";
import { processHost } from "../server/process-host.ts";
import { toNodeListener } from "./listener.ts";
import { nodePlatform } from "./platform.ts";

/** Node-only limits on slow clients, on top of the options every runtime takes. */
export interface NodeServeOptions extends ServeOptions {
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

const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
const ASYNC_REQUEST_TIMEOUT_MS = 3_600_000;
const REAL_TIME_MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** After the drain, how long a socket may take to finish writing before it is cut. */
const IDLE_GRACE_MS = 1_000;

/**
 * Serves a handler (or a config) on Node: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
export async function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options: NodeServeOptions = {}): Promise<RunningServer> {
  const host = processHost();
  const { handler, ...address } = await startServing(handlerOrConfig, nodePlatform(), options, host);

  const inFlight = new InFlight();
  const listener = toNodeListener(handler);
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? defaultRequestTimeout(host.env);
  const enforced = [headersTimeout, requestTimeout].filter((ms) => ms > 0);
  // Node checks these timeouts on an interval (30 s by default), so a short timeout needs a shorter check.
  const connectionsCheckingInterval = Math.max(100, Math.min(30_000, Math.floor(Math.min(...enforced, 120_000) / 4)));
  // One shared function, not a closure and a once-wrapper per request: a response closes only once.
  const leave = (): void => inFlight.leave();
  const server = createServer({ connectionsCheckingInterval }, (request, response) => {
    inFlight.enter();
    response.on("close", leave);
    listener(request, response);
  });
  // Both bound only how long the client takes to *send* the request (slowloris); a slow handler or a long
  // stream is never cut. headersTimeout must not exceed a non-zero requestTimeout (Node throws otherwise).
  server.requestTimeout = requestTimeout;
  server.headersTimeout = requestTimeout > 0 ? Math.min(headersTimeout, requestTimeout) : headersTimeout;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return serveUntilStopped({
    handler,
    hostname: address.hostname,
    port: (server.address() as AddressInfo).port,
    options,
    host,
    async stopServer(drainTimeoutMs) {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await inFlight.drained(drainTimeoutMs);
      // Keep-alive sockets that went idle after close() began would hold the server open until their timeout.
      if (drained) server.closeIdleConnections();
      else server.closeAllConnections();
      const grace = setTimeout(() => server.closeAllConnections(), IDLE_GRACE_MS);
      await stopped;
      clearTimeout(grace);
    },
  });
}

/** Async inference raises the body limit: a body of up to 1 GB read at the handler's pace needs more than 5 minutes. */
export function defaultRequestTimeout(env: Env): number {
  try {
    return resolveSettings(env).maxRequestBytes > REAL_TIME_MAX_REQUEST_BYTES ? ASYNC_REQUEST_TIMEOUT_MS : DEFAULT_REQUEST_TIMEOUT_MS;
  } catch {
    return DEFAULT_REQUEST_TIMEOUT_MS; // a bad variable already failed ready()
  }
}
