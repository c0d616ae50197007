import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { placed } from "./cpus.ts";
import { commandFor, SERVERS, type RuntimeName } from "./runtimes.ts";

/** A benchmark server running in its own process. */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  /** ms from spawn to the script's "ready" line (imports done, handler ready). */
  readonly readyMs: number;
  /** ms from spawn to listening. */
  readonly listeningMs: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Starts `bench/servers/<script>` under `runtime` and waits (bounded) until it listens on 127.0.0.1. */
export async function startServer(runtime: RuntimeName, script: string, env: Readonly<Record<string, string>> = {}): Promise<ServerProcess> {
  const runtimeCommand = commandFor(runtime, `${SERVERS}${script}`);
  const { command, args } = placed("server", runtimeCommand.command, runtimeCommand.args);
  const startedAt = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  let readyMs = Number.NaN;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.once("exit", (code, signal) => reject(new Error(`exited early (${signal ?? code})`)));
      child.once("error", reject);
      lines.on("line", (line) => {
        let message: { bench?: string; port?: number };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          return;
        }
        if (message.bench === "ready") readyMs = performance.now() - startedAt;
        if (message.bench === "listening" && typeof message.port === "number") {
          clearTimeout(timer);
          resolve(message.port);
        }
      });
    });
    const listeningMs = performance.now() - startedAt;
    return {
      name: `${runtime}/${script}`,
      pid: child.pid!,
      url: `http://127.0.0.1:${port}`,
      readyMs,
      listeningMs,
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw new Error(`${runtime} ${script}: ${(error as Error).message}\n${stderr}`);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process in bytes, from /proc (Linux); NaN elsewhere. */
export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; resolves to the peak seen. */
export function sampleRss(pid: number, everyMs = 5): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    const rss = rssOf(pid);
    if (rss > peak || Number.isNaN(peak)) peak = rss;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const rss = rssOf(pid);
      return rss > peak ? rss : peak;
    },
  };
}

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN elsewhere. */
export function cpuTimeOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
