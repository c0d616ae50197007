import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Env } from "../../../src/index.ts";
import { createSageMakerHandler } from "../../../runtimes/node/index.ts";
import { freePort } from "../../support/free-port.ts";
import { httpClient, inProcessClient, withTimeout } from "./_client.ts";
import type { Client } from "./_client.ts";
import type { Transport } from "./_cases.ts";
import { createFixture, customerEnv } from "./fixture/app.ts";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURE_DIR = fileURLToPath(new URL("./fixture/", import.meta.url));
const MODEL_DIR = `${FIXTURE_DIR}model/`;
const bin = (path: string): string => `${ROOT}node_modules/${path}`;
/** Node 22 and 24 live in tools/ so that their `node` bin never shadows the system one (tools/README.md). */
const nodeBinary = (major: 22 | 24): string => `${ROOT}tools/node${major}/node_modules/node${major}/bin/node`;

/** The environment every transport's handlers see (besides what the OS adds to a process). */
export const FIXTURE_ENV: Env = {
  SAGEMAKER_CONTAINER_LOG_LEVEL: "CRITICAL",
  // The file session store's root, shared by the in-process reference and the spawned fixture of one test file.
  SAGEMAKER_SESSIONS_PATH: mkdtempSync(join(tmpdir(), "mhcs-conformance-sessions-")),
};

export function removeSessionsDir(): void {
  rmSync(FIXTURE_ENV.SAGEMAKER_SESSIONS_PATH!, { recursive: true, force: true });
}

/** A running transport: a client, what actually runs it, and how to stop it. */
export interface Running {
  client: Client;
  /** "node v20.20.2", "bun 1.4.5", ...: proves which runtime answered. */
  runtime: string;
  process?: ChildProcess;
  /** Resolves to the exit code of a spawned fixture. */
  exited?: Promise<number | null>;
  stop(): Promise<void>;
}

/** The command that runs `test/runtimes/conformance/fixture/server.ts` on each process transport. */
export function commandFor(transport: Exclude<Transport, "in-process" | "workerd">): string[] {
  const server = `${FIXTURE_DIR}server.ts`;
  switch (transport) {
    case "node20":
    case "node-listener":
      return [process.execPath, "--import", "tsx", server];
    case "node22":
      return [nodeBinary(22), "--disable-warning=ExperimentalWarning", server];
    case "node24":
      return [nodeBinary(24), "--disable-warning=ExperimentalWarning", server];
    case "bun":
      return [bin(".bin/bun"), server];
    case "deno":
      // Without --unstable-no-legacy-abort on purpose: the shim must keep context.signal quiet after a
      // successful response even where Deno's own request.signal aborts (docs/runtimes.md).
      return [bin(".bin/deno"), "run", "-A", server];
  }
}

export function startInProcess(): Running {
  const fixture = createFixture(createSageMakerHandler, {
    modelDir: MODEL_DIR,
    env: (profile) => (profile === "customer" ? customerEnv(FIXTURE_ENV, MODEL_DIR) : FIXTURE_ENV),
  });
  return { client: inProcessClient((request) => fixture.fetch(request)), runtime: `node ${process.version}`, stop: () => fixture.close() };
}

/** Spawns the fixture server, waits until it announces its address, and returns a client for it. */
export async function startProcess(transport: Exclude<Transport, "in-process" | "workerd">): Promise<Running> {
  const [command, ...args] = commandFor(transport);
  const port = await freePort();
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...FIXTURE_ENV,
      SAGEMAKER_BIND_TO_PORT: String(port),
      NO_COLOR: "1",
      ...(transport === "node-listener" ? { CONFORMANCE_NODE_LISTENER: "1" } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async (): Promise<void> => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("timeout"), 30_000))]);
    if (code === "timeout") child.kill("SIGKILL");
  };
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (output.includes("SageMaker handler listening on")) resolve();
        };
        child.stdout!.on("data", check);
        check();
        void exited.then((code) => reject(new Error(`${transport} fixture exited with ${code} before listening:\n${output}`)));
      }),
      90_000,
      `the ${transport} fixture to listen (output so far:\n${output})`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const runtime = /CONFORMANCE_RUNTIME (\S+ \S+)/.exec(output)?.[1] ?? "unknown";
  return { client: httpClient(`http://127.0.0.1:${port}`), runtime, process: child, exited, stop };
}

/**
 * Bundles `fixture/worker.ts` into one ES module and runs it in workerd through miniflare, listening
 * on a real local port so the same HTTP client drives it. The env reaches the worker as bindings.
 */
export async function startWorkerd(): Promise<Running> {
  const { build } = await import("esbuild");
  const { Miniflare } = await import("miniflare");
  const bundle = await build({
    entryPoints: [`${FIXTURE_DIR}worker.ts`],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const mf = new Miniflare({
    // An explicit module list: with `scriptPath` miniflare rejects the core's dynamic import() of customer code.
    modules: [{ type: "ESModule", path: `${FIXTURE_DIR}worker.mjs`, contents: bundle.outputFiles[0]!.text }],
    compatibilityDate: "2024-09-23",
    bindings: { ...FIXTURE_ENV } as Record<string, string>,
    host: "127.0.0.1",
    port: await freePort(),
  });
  const url = await withTimeout(mf.ready, 90_000, "miniflare to start workerd");
  return { client: httpClient(url.origin), runtime: "workerd (miniflare 3)", stop: () => mf.dispose() };
}
