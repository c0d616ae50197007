import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "tsup";

export const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "node_modules/.bin");

export interface Runtime {
  name: "node" | "bun" | "deno";
  /** The command line that runs a JavaScript file. */
  command: readonly string[];
}

export const RUNTIMES: readonly Runtime[] = [
  { name: "node", command: [process.execPath] },
  { name: "bun", command: [join(BIN, "bun")] },
  { name: "deno", command: [join(BIN, "deno"), "run", "-A"] },
];
export const NODE = RUNTIMES[0] as Runtime;

/**
 * Builds the CLI with tsup, as `npm run build` does, into a private package layout (`<tmp>/dist/supervisor.js`
 * next to a copy of package.json), so parallel test files share nothing and need no prior build.
 */
export async function buildSupervisor(): Promise<{ file: string; dispose: () => void }> {
  const packageDir = mkdtempSync(join(tmpdir(), "sup-build-"));
  copyFileSync(join(ROOT, "package.json"), join(packageDir, "package.json"));
  const outDir = join(packageDir, "dist");
  await build({
    entry: { supervisor: join(ROOT, "supervisor/cli.ts") },
    outDir,
    format: ["esm"],
    target: "es2022",
    platform: "node",
    config: false,
    silent: true,
    dts: false,
  });
  return { file: join(outDir, "supervisor.js"), dispose: () => rmSync(packageDir, { recursive: true, force: true }) };
}

export function tempDir(prefix = "sup-test-"): { path: string; dispose: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Supervised {
  process: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once `pattern` shows up in the stream; rejects after `timeoutMs` with what was seen. */
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr", timeoutMs?: number): Promise<void>;
  exited(timeoutMs?: number): Promise<Exit>;
  kill(signal: NodeJS.Signals): void;
}

/** Env for every test: no model dir install unless a test asks, fast backoff, the caller's overrides last. */
export function testEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SAGEMAKER_MODEL_PATH: "/nonexistent/model", NO_COLOR: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("SUPERVISOR_") || key.startsWith("PROCESS_") || key.startsWith("STANDARD_")) delete env[key];
  delete env.LOG_LEVEL;
  delete env.SAGEMAKER_CONTAINER_LOG_LEVEL;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runSupervisor(runtime: Runtime, file: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Supervised {
  const [command, ...runtimeArgs] = runtime.command as [string, ...string[]];
  const child = spawn(command, [...runtimeArgs, file, ...args], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of waiters) waiter();
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output.stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output.stderr += chunk;
    notify();
  });
  const exit = new Promise<Exit>((resolveExit) => child.once("close", (code, signal) => resolveExit({ code, signal })));
  void exit.then(notify);
  return {
    process: child,
    pid: child.pid as number,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    waitFor(pattern, stream = "stderr", timeoutMs = 20_000) {
      return new Promise<void>((resolveWait, reject) => {
        const check = (): void => {
          if (pattern.test(output[stream])) finish();
          else if (child.exitCode !== null || child.signalCode !== null) fail(`process exited before ${pattern} appeared`);
        };
        const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms waiting for ${pattern}`), timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
          resolveWait();
        };
        const fail = (why: string): void => {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`${why}\n--- stdout\n${output.stdout}\n--- stderr\n${output.stderr}`));
        };
        waiters.add(check);
        check();
      });
    },
    exited(timeoutMs = 30_000) {
      return new Promise<Exit>((resolveExit, reject) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`supervisor still running after ${timeoutMs} ms\n--- stdout\n${output.stdout}\n--- stderr\n${output.stderr}`));
        }, timeoutMs);
        void exit.then((result) => {
          clearTimeout(timer);
          resolveExit(result);
        });
      });
    },
    kill: (signal) => child.kill(signal),
  };
}

/** Alive means signal 0 reaches it and it is not a zombie waiting for an init that reaps late. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Polls until none of `pids` is alive (true) or `timeoutMs` passes (false). */
export async function allGone(pids: readonly number[], timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pids.every((pid) => !isAlive(pid))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.every((pid) => !isAlive(pid));
}

/** Lines of a file (empty when it does not exist yet). */
export function lines(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split("\n").filter((line) => line !== "");
  } catch {
    return [];
  }
}

/** Kills a process by pid if it is still there (cleanup after a failed assertion). */
export function killQuietly(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone
  }
}

/** Writes an executable POSIX sh script and returns its path. */
export function writeScript(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}
