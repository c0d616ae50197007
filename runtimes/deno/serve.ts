import { bindPlatform, createHandlerOn } from "../../src/handler.ts";
import { DEFAULT_DRAIN_TIMEOUT_MS, displayUrl, resolveListenAddress } from "../../src/listen.ts";
import type { RunningServer, ServeOptions } from "../../src/listen.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/types.ts";
import { denoGlobal } from "../_types/deno.ts";
import type { DenoGlobal, DenoHttpServer } from "../_types/deno.ts";
import { denoPlatform } from "./platform.ts";

function isHandler(value: SageMakerHandler | SageMakerConfig): value is SageMakerHandler {
  return typeof (value as SageMakerHandler).fetch === "function" && typeof (value as SageMakerHandler).ready === "function";
}

/**
 * Serves a handler (or a config) on Deno: awaits `ready()`, listens, and on SIGTERM/SIGINT stops
 * accepting, drains in-flight requests for up to 25 s and exits 0.
 */
export async function serve(handlerOrConfig: SageMakerHandler | SageMakerConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const deno: DenoGlobal = denoGlobal();
  const platform = denoPlatform();
  const handler = isHandler(handlerOrConfig) ? handlerOrConfig : createHandlerOn(handlerOrConfig, platform);
  bindPlatform(handler, platform);
  let address: { port: number; hostname: string };
  try {
    await handler.ready();
    address = resolveListenAddress(options, platform.readEnv());
  } catch (error) {
    if (options.exitOnStartupError === false) throw error;
    console.error(`model-hosting-container-standards: startup failed: ${error instanceof Error ? error.message : String(error)}`);
    deno.exit(1);
  }

  const server = await new Promise<DenoHttpServer>((resolve) => {
    const started = deno.serve({
      port: address.port,
      hostname: address.hostname,
      // Replaces Deno's own "Listening on" line; we announce once below.
      onListen: () => queueMicrotask(() => resolve(started)),
      handler: (request) => handler.fetch(request),
    });
  });
  const port = server.addr.port;
  const url = displayUrl(address.hostname, port);
  if (options.announce !== false) console.log(`SageMaker handler listening on ${url}`);

  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, drainTimeoutMs)));
      // Deno has no "close all connections"; past the drain timeout the signal path exits the process.
      await Promise.race([server.shutdown(), timedOut]);
      clearTimeout(timer);
      await handler.close();
      removeSignals();
    })());

  const onSignal = (): void => {
    void close().then(
      () => deno.exit(0),
      () => deno.exit(0),
    );
  };
  const removeSignals = (): void => {
    deno.removeSignalListener("SIGTERM", onSignal);
    deno.removeSignalListener("SIGINT", onSignal);
  };
  if (options.handleSignals !== false) {
    deno.addSignalListener("SIGTERM", onSignal);
    deno.addSignalListener("SIGINT", onSignal);
  }
  return { port, hostname: address.hostname, url, close };
}
