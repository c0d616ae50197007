import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { placed } from "./cpus.ts";

const run = promisify(execFile);
const WRK_SCRIPT = fileURLToPath(new URL("./wrk.lua", import.meta.url));

export interface LoadOptions {
  url: string;
  /** A JSON body makes the request a POST. */
  body?: string;
  /** Sent with every request. */
  headers?: Readonly<Record<string, string>>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  /** Every response was a 200 and no request failed; otherwise the figure is not used. */
  valid: boolean;
  problem?: string;
}

export type LoadGenerator = "wrk" | "autocannon";

let wrkPresent: Promise<boolean> | undefined;

/** wrk (C, one thread) when it is installed, else autocannon (in this process); BENCH_LOADGEN forces one. */
export async function chooseLoadGenerator(env: Record<string, string | undefined> = process.env): Promise<LoadGenerator> {
  if (env.BENCH_LOADGEN === "autocannon" || env.BENCH_LOADGEN === "wrk") return env.BENCH_LOADGEN;
  wrkPresent ??= run("wrk", ["--version"]).then(
    () => true,
    // wrk --version exits 1 after printing its version.
    (error: { stdout?: string }) => typeof error.stdout === "string" && error.stdout.startsWith("wrk"),
  );
  return (await wrkPresent) ? "wrk" : "autocannon";
}

/** Drives one server for a fixed time and checks that every response was a 200. */
export function drive(generator: LoadGenerator, options: LoadOptions): Promise<LoadResult> {
  return generator === "wrk" ? driveWrk(options) : driveAutocannon(options);
}

function result(total: number, seconds: number, problems: string[]): LoadResult {
  if (total === 0) problems.push("no responses");
  return {
    requestsPerSecond: total / seconds,
    total,
    valid: problems.length === 0,
    problem: problems.length > 0 ? problems.join("; ") : undefined,
  };
}

async function driveAutocannon(options: LoadOptions): Promise<LoadResult> {
  const outcome = await autocannon({
    url: options.url,
    method: options.body === undefined ? "GET" : "POST",
    body: options.body,
    headers: { ...(options.body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 30,
  });
  const problems: string[] = [];
  const statuses = Object.keys(outcome.statusCodeStats ?? {});
  if (outcome.errors > 0) problems.push(`${outcome.errors} errors`);
  if (outcome.timeouts > 0) problems.push(`${outcome.timeouts} timeouts`);
  if (statuses.some((status) => status !== "200")) problems.push(`statuses ${statuses.join(",")}`);
  return result(outcome.requests.total, outcome.duration, problems);
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
}

async function driveWrk(options: LoadOptions): Promise<LoadResult> {
  const dir = options.body === undefined ? undefined : await mkdtemp(join(tmpdir(), "mhcs-bench-wrk-"));
  try {
    const bodyFile = dir === undefined ? "" : join(dir, "body.json");
    if (dir !== undefined) await writeFile(bodyFile, options.body!);
    const seconds = Math.max(1, Math.round(options.durationSeconds));
    const wrk = placed("client", "wrk", [
      "-t1",
      `-c${options.connections}`,
      `-d${seconds}s`,
      "--timeout",
      "30s",
      ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
      "-s",
      WRK_SCRIPT,
      options.url,
      "--",
      bodyFile,
    ]);
    const { stdout } = await run(wrk.command, wrk.args, { timeout: (seconds + 60) * 1000, maxBuffer: 1 << 20 });
    const line = stdout.split("\n").find((text) => text.startsWith("BENCH_RESULT "));
    if (!line) return result(0, 1, ["wrk printed no summary"]);
    const summary = JSON.parse(line.slice("BENCH_RESULT ".length)) as WrkSummary;
    const problems: string[] = [];
    // wrk counts every status outside 2xx/3xx; the preflight checked that the answer is exactly 200.
    if (summary.status > 0) problems.push(`${summary.status} non-2xx/3xx responses`);
    const socketErrors = summary.connect + summary.read + summary.write;
    if (socketErrors > 0) problems.push(`${socketErrors} socket errors`);
    if (summary.timeout > 0) problems.push(`${summary.timeout} timeouts`);
    return result(summary.requests, summary.durationUs / 1e6, problems);
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
