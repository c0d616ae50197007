import { SageMakerConfigError } from "../../src/internal.ts";
import type { Env } from "../../src/internal.ts";

/** Options every runtime's `serve()` takes. */
export interface ServeOptions {
  /** Default: `SAGEMAKER_BIND_TO_PORT`, else `PORT`, else 8080. `0` picks a free port. */
  port?: number;
  /** Default `0.0.0.0`. */
  hostname?: string;
  /** How long SIGTERM/SIGINT waits for in-flight requests before exiting, in ms. Default 25,000. */
  drainTimeoutMs?: number;
  /** Install SIGTERM/SIGINT handlers that drain and exit 0. Default true. */
  handleSignals?: boolean;
  /** On a failed `ready()`, print the error and exit 1 (default true); false rejects instead. */
  exitOnStartupError?: boolean;
  /** Print the listening address once. Default true. */
  announce?: boolean;
}

/** What `serve()` resolves to on every runtime. */
export interface RunningServer {
  readonly port: number;
  readonly hostname: string;
  readonly url: string;
  /** Stops accepting, waits for in-flight requests (up to the drain timeout), closes the handler. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOSTNAME = "0.0.0.0";
export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

/** Port and hostname from options, then `SAGEMAKER_BIND_TO_PORT`, then `PORT`, then 8080. */
export function resolveListenAddress(options: ServeOptions, env: Env): { port: number; hostname: string } {
  const hostname = options.hostname ?? DEFAULT_HOSTNAME;
  if (options.port !== undefined) return { port: checkPort(options.port, "options.port"), hostname };
  for (const name of ["SAGEMAKER_BIND_TO_PORT", "PORT"]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    if (!/^\d+$/.test(raw.trim())) {
      throw new SageMakerConfigError(`${name} must be a port number from 0 to 65535, got '${raw}'`, { code: "INVALID_ENV", variable: name });
    }
    return { port: checkPort(Number(raw.trim()), name), hostname };
  }
  return { port: DEFAULT_PORT, hostname };
}

function checkPort(port: number, name: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    const culprit = name.startsWith("options.") ? { key: name } : { code: "INVALID_ENV" as const, variable: name };
    throw new SageMakerConfigError(`${name} must be a port number from 0 to 65535, got '${String(port)}'`, culprit);
  }
  return port;
}

/** `http://127.0.0.1:8080` for a server bound to all interfaces. */
export function displayUrl(hostname: string, port: number): string {
  const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host}:${port}`;
}

/** Counts in-flight requests so a drain knows when it may stop early. */
export class InFlight {
  #count = 0;
  #idle: Array<() => void> = [];

  get count(): number {
    return this.#count;
  }

  enter(): void {
    this.#count++;
  }

  leave(): void {
    this.#count--;
    if (this.#count === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Resolves when nothing is in flight or after `timeoutMs`, whichever is first; true if it drained. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
