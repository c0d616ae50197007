import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
const TSX = resolve(ROOT, "node_modules/.bin/tsx");

export interface RunningExample {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Ends the process group it started, and waits for it. */
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript entry with tsx (tsconfig `paths` map the package name to the sources) in its own
 * process group, and resolves once it prints `listening on <url>`.
 */
export interface StartOptions {
  args?: string[];
  cwd?: string;
  /** A tsconfig whose `paths` tsx should use (default: the repository's). */
  tsconfig?: string;
  timeoutMs?: number;
  /** Run the file with this command instead of tsx (e.g. `[bun]` or `[deno, "run", "-A"]`); `tsconfig` is then ignored. */
  command?: string[];
}

export async function startExample(file: string, env: Record<string, string>, options: StartOptions = {}): Promise<RunningExample> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const [command, ...commandArgs] = options.command ?? [TSX, ...(options.tsconfig ? ["--tsconfig", options.tsconfig] : [])];
  const child = spawn(command as string, [...commandArgs, file, ...(options.args ?? [])], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, PORT: "0", SAGEMAKER_BIND_TO_PORT: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${String(code)} before listening:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        return;
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), "SIGKILL");
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Runs a TypeScript script to completion; resolves with its exit code and output. */
export function runScript(file: string, env: Record<string, string>, options: StartOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const tsxArgs = options.tsconfig ? ["--tsconfig", options.tsconfig] : [];
  const child = spawn(TSX, [...tsxArgs, file, ...(options.args ?? [])], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveRun) => {
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs ?? 60_000} ms]`;
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 60_000);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/**
 * Runs a command from the repository root to completion (SIGKILL after `timeoutMs`); resolves with its
 * exit code and its stdout and stderr together, in the order they arrived.
 */
export function runCommand(command: readonly string[], env: Record<string, string>, timeoutMs = 150_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolveRun({ code, output });
    });
  });
}

/** Waits until `check()` is true, polling; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
