/**
 * The few Bun APIs the Bun entry uses, typed structurally (as srvx does) so neither this package nor
 * its users need `@types/bun`.
 */

export interface BunServeOptions {
  fetch(request: Request, server: BunServer): Response | Promise<Response>;
  port?: number;
  hostname?: string;
  /** Seconds a connection may stay silent; Bun's default is 10, its maximum 255, 0 disables it. */
  idleTimeout?: number;
  maxRequestBodySize?: number;
  error?(error: Error): Response | Promise<Response>;
}

export interface BunServer {
  readonly port: number;
  readonly hostname: string;
  /** Per-request idle timeout in seconds; 0 disables it. */
  timeout(request: Request, seconds: number): void;
  /** Stops listening; resolves once in-flight requests finished, or at once with `closeActiveConnections`. */
  stop(closeActiveConnections?: boolean): Promise<void>;
}

export interface BunGlobal {
  serve(options: BunServeOptions): BunServer;
  readonly env: Record<string, string | undefined>;
}

/** `globalThis.Bun`, or a clear error when this entry is used outside Bun. */
export function bunGlobal(): BunGlobal {
  const bun = (globalThis as { Bun?: BunGlobal }).Bun;
  if (!bun) throw new Error("model-hosting-container-standards/bun needs the Bun runtime; use the /node or /deno entry elsewhere");
  return bun;
}
