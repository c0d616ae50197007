/**
 * Shared test helpers. `describeMatrix` runs the same HTTP behaviour twice, h3 style: in process through
 * `handler.fetch`, and over a real Node socket through `serve`, so the two can never drift apart.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, describe } from "vitest";
import { createSageMakerHandler, serve } from "../../runtimes/node/index.ts";
import type { Logger, SageMakerConfig, SageMakerHandler } from "../../runtimes/node/index.ts";

export const repoRoot = join(import.meta.dirname, "..", "..");

export type Mode = "in-process" | "node";

/**
 * Node's own `import()`, for `config.importModule`: inside vitest a plain `import()` goes through vite's
 * transform (different errors, `.txt` files "load"); customer scripts should load as they do in production.
 */
export const nativeImport = createRequire(import.meta.url)("./native-import.cjs") as (specifier: string) => Promise<unknown>;

/** One started handler, reachable the way the current mode reaches it. */
export interface Client {
  readonly handler: SageMakerHandler;
  /** The base URL requests are made against (a real one in node mode). */
  readonly url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export interface MatrixContext {
  readonly mode: Mode;
  /** Builds (if given a config) and starts a handler; rejects like `ready()` / `serve()` on a startup error. */
  start(handlerOrConfig: SageMakerHandler | SageMakerConfig): Promise<Client>;
}

function isHandler(value: SageMakerHandler | SageMakerConfig): value is SageMakerHandler {
  return typeof (value as SageMakerHandler).fetch === "function" && typeof (value as SageMakerHandler).ready === "function";
}

/** `describe(title)` once per mode; handlers started through the context are closed after each test. */
export function describeMatrix(title: string, fn: (t: MatrixContext) => void): void {
  for (const mode of ["in-process", "node"] as const) {
    describe(`${title} [${mode}]`, () => {
      const cleanups: Array<() => Promise<void>> = [];
      afterEach(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      });
      fn({
        mode,
        async start(handlerOrConfig) {
          const handler = isHandler(handlerOrConfig) ? handlerOrConfig : createSageMakerHandler({ importModule: nativeImport, ...handlerOrConfig });
          if (mode === "in-process") {
            cleanups.push(() => handler.close());
            await handler.ready();
            const url = "http://localhost";
            return { handler, url, fetch: (path, init) => handler.fetch(new Request(url + path, init)) };
          }
          const server = await serve(handler, quietServe);
          cleanups.push(() => server.close());
          const url = `http://127.0.0.1:${server.port}`;
          return { handler, url, fetch: (path, init) => fetch(url + path, { ...init, signal: init?.signal ?? AbortSignal.timeout(20_000) }) };
        },
      });
    });
  }
}

/** `serve` options for tests: a free port on loopback, no signal handlers, no banner, no process.exit. */
export const quietServe = { port: 0, hostname: "127.0.0.1", handleSignals: false, announce: false, exitOnStartupError: false } as const;

/** A logger that records `[LEVEL] message` lines. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => void lines.push(`[DEBUG] ${m}`),
    info: (m) => void lines.push(`[INFO] ${m}`),
    warn: (m) => void lines.push(`[WARNING] ${m}`),
    error: (m) => void lines.push(`[ERROR] ${m}`),
  };
}

/** A logger that drops everything, for tests that expect startup errors. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A temporary SageMaker model directory (what SageMaker unpacks into /opt/ml/model) holding `files`,
 * with `node_modules/model-hosting-container-standards` linked to this repository so that customer
 * scripts can import the package by name, as a container that installs it in a parent directory does.
 */
export async function makeModelDir(files: Record<string, string>): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "mhcs-model-"));
  await mkdir(join(path, "node_modules"), { recursive: true });
  await symlink(repoRoot, join(path, "node_modules", "model-hosting-container-standards"), "dir");
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(path, name)), { recursive: true });
    await writeFile(join(path, name), text);
  }
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Model dirs made through this are removed after each test of the calling file. */
export function useModelDirs(): (files: Record<string, string>) => Promise<string> {
  const made: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of made.splice(0)) await cleanup();
  });
  return async (files) => {
    const dir = await makeModelDir(files);
    made.push(dir.cleanup);
    return dir.path;
  };
}

/** Resolves after `ms`, for bounded waits only (never a timing assertion). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
