import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { bindPlatform, createHandlerOn } from "../../src/handler.ts";
import { DEFAULT_DRAIN_TIMEOUT_MS, InFlight, displayUrl, resolveListenAddress } from "../../src/listen.ts";
import type { RunningServer, ServeOptions } from "../../src/listen.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/types.ts";
import { toNodeListener } from "./listener.ts";
import { nodePlatform } from "./platform.ts";

/** After the drain, how long a socket may take to finish writing before it is cut. */
const IDLE_GRACE_MS = 1_000;

function isHandler(value: SageMakerHandler | SageMakerConfig): value is SageMakerHandler {
  return typeof (value as SageMakerHandler).fetch === "function" && typeof (value as SageMakerHandler).ready === "function";
}

/**
 * Serves a handler (or a config) on Node: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
export async function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const handler = isHandler(handlerOrConfig) ? handlerOrConfig : createHandlerOn(handlerOrConfig, nodePlatform());
  bindPlatform(handler, nodePlatform());
  let address: { port: number; hostname: string };
  try {
    await handler.ready();
    address = resolveListenAddress(options, process.env);
  } catch (error) {
    if (options.exitOnStartupError === false) throw error;
    console.error(`model-hosting-container-standards: startup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }

  const inFlight = new InFlight();
  const listener = toNodeListener(handler);
  const server = createServer((request, response) => {
    inFlight.enter();
    response.once("close", () => inFlight.leave());
    listener(request, response);
  });
  // SageMaker allows 60 s per invocation and streams may stay quiet longer: no request timeout of our own.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = displayUrl(address.hostname, port);
  if (options.announce !== false) console.log(`SageMaker handler listening on ${url}`);

  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await inFlight.drained(drainTimeoutMs);
      // Keep-alive sockets that went idle after close() began would hold the server open until their timeout.
      if (drained) server.closeIdleConnections();
      else server.closeAllConnections();
      await handler.close();
      const grace = setTimeout(() => server.closeAllConnections(), IDLE_GRACE_MS);
      await stopped;
      clearTimeout(grace);
      removeSignals();
    })());

  const onSignal = (): void => {
    void close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  const removeSignals = (): void => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
  if (options.handleSignals !== false) {
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  return { port, hostname: address.hostname, url, close };
}
