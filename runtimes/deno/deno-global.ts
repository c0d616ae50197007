/**
 * The few Deno APIs the Deno entry uses, typed structurally (as srvx does) so neither this package nor
 * its users need Deno's type declarations.
 */

export interface DenoServeHandlerInfo {
  readonly remoteAddr?: { hostname: string; port: number };
  /** Resolves once the response was delivered. */
  readonly completed?: Promise<void>;
}

export interface DenoServeOptions {
  port?: number;
  hostname?: string;
  signal?: AbortSignal;
  onListen?(address: { hostname: string; port: number }): void;
  onError?(error: unknown): Response | Promise<Response>;
  handler(request: Request, info: DenoServeHandlerInfo): Response | Promise<Response>;
}

export interface DenoHttpServer {
  readonly addr: { hostname: string; port: number; transport: string };
  readonly finished: Promise<void>;
  /** Stops listening and resolves once in-flight requests finished. */
  shutdown(): Promise<void>;
}

export interface DenoFileInfo {
  readonly isFile: boolean;
}

export interface DenoGlobal {
  serve(options: DenoServeOptions): DenoHttpServer;
  readonly env: { toObject(): Record<string, string> };
  stat(path: string): Promise<DenoFileInfo>;
  addSignalListener(signal: "SIGTERM" | "SIGINT", listener: () => void): void;
  removeSignalListener(signal: "SIGTERM" | "SIGINT", listener: () => void): void;
  exit(code?: number): never;
  cwd(): string;
}

/** `globalThis.Deno`, or a clear error when this entry is used outside Deno. */
export function denoGlobal(): DenoGlobal {
  const deno = (globalThis as { Deno?: DenoGlobal }).Deno;
  if (!deno) throw new Error("model-hosting-container-standards/deno needs the Deno runtime; use the /node or /bun entry elsewhere");
  return deno;
}
