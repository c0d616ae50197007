import { createHandlerOn } from "../../src/internal.ts";
import type { Platform, Env, SageMakerConfig, SageMakerHandler } from "../../src/internal.ts";
import { DEFAULT_DRAIN_TIMEOUT_MS, displayUrl, resolveListenAddress } from "./listen.ts";
import type { RunningServer, ServeOptions } from "./listen.ts";

/** The process a shim runs in: how it exits, hears SIGTERM/SIGINT and reads its environment. */
export interface ServeHost {
  readonly env: Env;
  exit(code: number): never;
  /** Calls `listener` on SIGTERM and SIGINT; returns a function that stops listening. */
  onStopSignals(listener: () => void): () => void;
}

export function isSageMakerHandler(value: SageMakerHandler | SageMakerConfig): value is SageMakerHandler {
  return typeof (value as SageMakerHandler).fetch === "function" && typeof (value as SageMakerHandler).ready === "function";
}

/**
 * The part of every `serve()` before listening: the handler (built on `platform` from a config), `ready()`
 * awaited, and the address resolved. A failure prints the reason and exits 1, unless the caller opted to get
 * the rejection instead.
 */
export async function startServing(
  handlerOrConfig: SageMakerHandler | SageMakerConfig,
  platform: Platform,
  options: ServeOptions,
  host: ServeHost,
): Promise<{ handler: SageMakerHandler; port: number; hostname: string }> {
  const handler = isSageMakerHandler(handlerOrConfig) ? handlerOrConfig : createHandlerOn(handlerOrConfig, platform);
  try {
    await handler.ready();
    return { handler, ...resolveListenAddress(options, host.env) };
  } catch (error) {
    if (options.exitOnStartupError === false) throw error;
    console.error(`model-hosting-container-standards: startup failed: ${error instanceof Error ? error.message : String(error)}`);
    return host.exit(1);
  }
}

/**
 * The part after listening: the announcement, one `close()` (stop accepting and drain via `stopServer`,
 * then close the handler), and SIGTERM/SIGINT running that `close()` before exiting 0.
 */
export function serveUntilStopped(parts: {
  handler: SageMakerHandler;
  hostname: string;
  port: number;
  options: ServeOptions;
  host: ServeHost;
  /** Stops accepting and lets in-flight requests finish, for at most `drainTimeoutMs`. */
  stopServer(drainTimeoutMs: number): Promise<void>;
}): RunningServer {
  const { handler, hostname, port, options, host, stopServer } = parts;
  const url = displayUrl(hostname, port);
  if (options.announce !== false) console.log(`SageMaker handler listening on ${url}`);
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  let stopListening = (): void => {};
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await stopServer(drainTimeoutMs);
      await handler.close();
      stopListening();
    })());
  if (options.handleSignals !== false) {
    stopListening = host.onStopSignals(() => {
      void close().then(
        () => host.exit(0),
        () => host.exit(0),
      );
    });
  }
  return { port, hostname, url, close };
}

/** Resolves after `ms`, or never if `done` settles first; returns whether time ran out. */
export async function timedOut(done: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms)));
  try {
    return await Promise.race([done.then(() => false), expired]);
  } finally {
    clearTimeout(timer);
  }
}
