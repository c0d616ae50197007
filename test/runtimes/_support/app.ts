import { createSageMakerHandler } from "../../../src/handler.ts";
import { HttpError, isHttpError } from "../../../src/http-error.ts";
import type { Handler, Middleware, SageMakerConfig, SageMakerHandler } from "../../../src/types.ts";
import { captureLogger } from "./capture-logger.ts";
import type { CapturedLogger } from "./capture-logger.ts";

/** Text that must never reach a client or a log line below DEBUG. */
export const SECRET = "s3cr3t-7f1e9a-DO-NOT-LEAK";

/** What the handlers under test saw, so a property can tell a handler's failure from the library's. */
export interface Probe {
  /** Handler calls that threw something other than an HttpError (the only allowed source of a 500). */
  threw: number;
  reached: number;
  /** The most body bytes any handler managed to read in one request. */
  maxBodyBytesRead: number;
  aborted: number;
  /** Pathnames the engine's fallback answered, to catch a smuggled second request. */
  fallbackPaths: string[];
}

export interface App {
  handler: SageMakerHandler;
  probe: Probe;
  logger: CapturedLogger;
  maxRequestBytes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long the `x-fuzz-mode: delay:N` handler waits, capped so a case stays cheap. */
export function handlerDelayMs(mode: string | null): number {
  const match = /^delay:(\d{1,3})$/.exec(mode?.trim() ?? "");
  return match ? Math.min(Number(match[1]), 50) : 0;
}

/** How long the `x-fuzz-mode: hold:N` handler waits: uncapped up to 10 s, for the timeout tests only (never fuzzed). */
export function handlerHoldMs(mode: string | null): number {
  const match = /^hold:(\d{1,5})$/.exec(mode?.trim() ?? "");
  return match ? Math.min(Number(match[1]), 10_000) : 0;
}

async function readCounting(request: Request, probe: Probe): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      probe.maxBodyBytesRead = Math.max(probe.maxBodyBytesRead, total);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * A handler whose behaviour the request chooses through `x-fuzz-mode`: read the body, parse JSON,
 * throw, throw an HttpError, wait, stream, or wait for the abort signal.
 */
export function behaviour(probe: Probe, name: string): Handler {
  return async (request, context) => {
    probe.reached++;
    const mode = request.headers.get("x-fuzz-mode")?.trim() ?? "echo";
    try {
      if (mode === "throw") throw new Error(`handler ${name} failed with ${SECRET}`);
      if (mode === "empty") return undefined;
      if (mode === "http-error") throw new HttpError(422, "rejected by the handler");
      if (mode.startsWith("hold:")) {
        await sleep(handlerHoldMs(mode));
        return "ok";
      }
      if (mode.startsWith("delay:")) {
        await sleep(handlerDelayMs(mode));
        return "ok";
      }
      if (mode === "stream") {
        const encoder = new TextEncoder();
        let sent = 0;
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent++ >= 3) controller.close();
              else controller.enqueue(encoder.encode(`chunk ${sent}\n`));
            },
          }),
          { headers: { "content-type": "text/plain" } },
        );
      }
      if (mode === "hang") {
        // Waits for the client to leave (or the server to shut down), bounded so a broken signal fails a test instead of leaking.
        await Promise.race([sleep(30_000), new Promise((resolve) => context.signal.addEventListener("abort", resolve, { once: true }))]);
        if (context.signal.aborted) probe.aborted++;
        return "hung";
      }
      if (mode === "signal") {
        await Promise.race([
          sleep(20),
          new Promise((resolve) => context.signal.addEventListener("abort", resolve, { once: true })),
        ]);
        if (context.signal.aborted) probe.aborted++;
        return "ok";
      }
      const bytes = await readCounting(request, probe);
      if (mode === "json") {
        const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
        return { type: Array.isArray(parsed) ? "array" : parsed === null ? "null" : typeof parsed };
      }
      return { handler: name, bytes: bytes.byteLength, session: context.session?.id ?? null };
    } catch (error) {
      if (!isHttpError(error)) probe.threw++;
      throw error;
    }
  };
}

/** Passes everything through, reading a header, as an engine middleware would. */
const engineMiddleware: Middleware = async (request, next) => {
  request.headers.get("x-request-id");
  return next(request);
};

export interface AppOptions {
  maxRequestBytes?: number;
  logLevel?: string;
  /** Extra config (sessions, adapters) merged over the core one. */
  extend?: (probe: Probe) => Partial<SageMakerConfig>;
}

/** The whole handler with every feature that exists on this branch turned on. */
export function buildApp(options: AppOptions = {}): App {
  const probe: Probe = { threw: 0, reached: 0, maxBodyBytesRead: 0, aborted: 0, fallbackPaths: [] };
  const logger = captureLogger();
  const maxRequestBytes = options.maxRequestBytes ?? 64 * 1024;
  const config: SageMakerConfig = {
    env: { SAGEMAKER_CONTAINER_LOG_LEVEL: options.logLevel ?? "INFO", SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" },
    logger,
    maxRequestBytes,
    ping: () => ({ status: "healthy" }),
    invocations: behaviour(probe, "invocations"),
    loadAdapter: behaviour(probe, "loadAdapter"),
    unloadAdapter: behaviour(probe, "unloadAdapter"),
    middlewares: [engineMiddleware],
    fallback: (request) => {
      const { pathname } = new URL(request.url);
      if (probe.fallbackPaths.length < 1000) probe.fallbackPaths.push(pathname);
      if (pathname === "/v1/models") return Response.json({ data: [{ id: "echo" }] });
      return Response.json({ detail: "Not Found" }, { status: 404 });
    },
    ...options.extend?.(probe),
  };
  return { handler: createSageMakerHandler(config), probe, logger, maxRequestBytes };
}
