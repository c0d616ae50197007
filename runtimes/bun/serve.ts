import { bindPlatform, createHandlerOn } from "../../src/handler.ts";
import { DEFAULT_DRAIN_TIMEOUT_MS, displayUrl, resolveListenAddress } from "../../src/listen.ts";
import type { RunningServer, ServeOptions } from "../../src/listen.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/types.ts";
import { bunGlobal } from "../_types/bun.ts";
import { bunPlatform } from "./platform.ts";

// The core enforces the body limit (413 JSON, identical on every runtime); Bun's own cap (128 MiB by
// default, answered by Bun itself) must never cut in first, whatever SAGEMAKER_MAX_PAYLOAD_IN_MB says.
const UNLIMITED_BODY = Number.MAX_SAFE_INTEGER;
// Keep-alive connections with no request in flight may idle this long (Bun's maximum).
const IDLE_CONNECTION_SECONDS = 255;

function isHandler(value: SageMakerHandler | SageMakerConfig): value is SageMakerHandler {
  return typeof (value as SageMakerHandler).fetch === "function" && typeof (value as SageMakerHandler).ready === "function";
}

/**
 * Serves a handler (or a config) on Bun: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
export async function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const bun = bunGlobal();
  const handler = isHandler(handlerOrConfig) ? handlerOrConfig : createHandlerOn(handlerOrConfig, bunPlatform());
  bindPlatform(handler, bunPlatform());
  let address: { port: number; hostname: string };
  try {
    await handler.ready();
    address = resolveListenAddress(options, process.env);
  } catch (error) {
    if (options.exitOnStartupError === false) throw error;
    console.error(`model-hosting-container-standards: startup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }

  // Only `fetch` and plain options: spreading an object with a `routes` property into Bun.serve breaks it.
  const server = bun.serve({
    port: address.port,
    hostname: address.hostname,
    idleTimeout: IDLE_CONNECTION_SECONDS,
    maxRequestBodySize: UNLIMITED_BODY,
    fetch(request, bunServer) {
      // A 60 s invocation or a quiet stream must not be cut at Bun's idle timeout.
      bunServer.timeout(request, 0);
      return handler.fetch(request);
    },
  });
  const port = server.port;
  const url = displayUrl(address.hostname, port);
  if (options.announce !== false) console.log(`SageMaker handler listening on ${url}`);

  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), drainTimeoutMs)));
      const stillBusy = await Promise.race([server.stop().then(() => false), timedOut]);
      clearTimeout(timer);
      if (stillBusy) await server.stop(true);
      await handler.close();
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
