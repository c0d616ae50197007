/**
 * The Node listeners without the kernel: bare node:http, ours, Hono's and srvx's, each in its own process
 * (`servers/node-listener.mjs`), in a real node:http server fed through an in-memory connection. CPU per
 * request, alternating batch by batch: on this VM the socket write's cost moves more between runs than the
 * listeners differ (README findings AA, AH, AM), and this reads the part a library can change.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { placed } from "../lib/cpus.ts";
import { jsonBody, KB } from "../lib/payloads.ts";
import { NODE, SERVERS, shimBuilt } from "../lib/runtimes.ts";
import { alternate, formatNumber, median, medianOfPairs } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

const AREA = "Node listener, no socket";
const ALL_SIDES = ["bare", "ours", "hono", "srvx", "base"] as const;
type Side = (typeof ALL_SIDES)[number];
const LABELS: Record<Exclude<Side, "bare">, string> = {
  ours: "",
  hono: ": peer: Hono on @hono/node-server",
  srvx: ": peer: srvx (FastResponse)",
  base: ": the build in BENCH_BASE_DIST",
};
/** With BENCH_BASE_DIST (another build's `dist/`, e.g. the last commit's), that build runs as one more side: an A/B in the same batches. */
const SIDES = ALL_SIDES.filter((side) => side !== "base" || process.env.BENCH_BASE_DIST);
const REPLY_TIMEOUT_MS = 60_000;

interface ListenerCase {
  name: string;
  request: string;
  /** The body every side must answer with. */
  echo: string;
}

function cases(): ListenerCase[] {
  const body = jsonBody(KB);
  return [
    { name: "GET /ping", request: "GET /ping HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", echo: '{"status":"healthy"}' },
    {
      name: "POST /invocations 1 KB",
      request: `POST /invocations HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      echo: body,
    },
  ];
}

interface Listener {
  ask<T>(message: object): Promise<T>;
  stop(): void;
}

const START_TIMEOUT_MS = 30_000;

async function startListener(side: Side): Promise<Listener> {
  const { command, args } = placed("server", NODE, [`${SERVERS}node-listener.mjs`, side]);
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  let exited: Error | undefined;
  child.once("exit", (code, signal) => (exited = new Error(`${side}: exited (${signal ?? code})`)));
  // Every answer either arrives, or the child's exit or the timeout rejects it: a dead listener never hangs the run.
  const next = <T>(what: string, timeoutMs: number, settled: (resolve: (value: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(exited);
      const done = (): void => {
        clearTimeout(timer);
        child.off("exit", onExit);
      };
      const onExit = (): void => {
        done();
        reject(exited ?? new Error(`${side}: exited`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${side}: no ${what} in ${timeoutMs} ms`));
      }, timeoutMs);
      child.once("exit", onExit);
      settled((value) => {
        done();
        resolve(value);
      });
    });
  const ask = <T>(message: object): Promise<T> => {
    const answered = next<T>("answer", REPLY_TIMEOUT_MS, (resolve) => {
      const onMessage = (reply: unknown): void => {
        child.off("message", onMessage);
        resolve(reply as T);
      };
      child.on("message", onMessage);
    });
    child.send(message);
    return answered;
  };
  const lines = createInterface({ input: child.stdout! });
  try {
    await next<void>("ready line", START_TIMEOUT_MS, (resolve) => lines.on("line", (line) => line.includes('"bench":"ready"') && resolve()));
  } catch (error) {
    child.kill();
    throw error;
  }
  return { ask, stop: () => void child.kill() };
}

/** One exchange before any timing: a 200 whose body is exactly the expected one. */
async function check(listener: Listener, side: Side, kase: ListenerCase): Promise<string | undefined> {
  const { response } = await listener.ask<{ response: string }>({ check: { request: kase.request } });
  const body = response.slice(response.indexOf("\r\n\r\n") + 4);
  if (!response.startsWith("HTTP/1.1 200 ") || Buffer.from(body, "latin1").toString("utf8") !== kase.echo) return `${side} answered ${JSON.stringify(response.slice(0, 200))}`;
  return undefined;
}

export async function nodeListenerSuite(options: SuiteOptions): Promise<Row[]> {
  if (!options.runtimes.includes("node")) return [];
  const all = cases();
  if (!shimBuilt("node")) return all.map((kase) => skippedRow(AREA, kase.name, "dist/ not built (npm run build)"));
  const batch = options.quick ? 100 : 1000;
  const rounds = options.quick ? 2 : 40;
  const listeners = {} as Record<Side, Listener>;
  const rows: Row[] = [];
  try {
    try {
      for (const side of SIDES) listeners[side] = await startListener(side);
    } catch (error) {
      return all.map((kase) => skippedRow(AREA, kase.name, `could not start: ${String(error)}`));
    }
    for (const kase of all) {
      options.log(`${AREA}: ${kase.name}`);
      try {
        rows.push(...(await measureCase(kase, listeners, batch, rounds, options.quick)));
      } catch (error) {
        rows.push(skippedRow(AREA, kase.name, `failed: ${(error as Error).message}`));
      }
    }
  } finally {
    for (const listener of Object.values(listeners)) listener.stop();
  }
  return rows;
}

async function measureCase(kase: ListenerCase, listeners: Record<Side, Listener>, batch: number, rounds: number, quick: boolean): Promise<Row[]> {
  const problems = (await Promise.all(SIDES.map((side) => check(listeners[side], side, kase)))).filter((problem) => problem !== undefined);
  if (problems.length > 0) return [skippedRow(AREA, kase.name, `invalid run: ${problems.join("; ")}`)];
  const run = (side: Side, count: number) => async () => {
    const { cpuUs, failed } = await listeners[side].ask<{ cpuUs: number; failed: number }>({ run: { request: kase.request, count } });
    if (failed > 0) throw new Error(`${side}: ${failed} of ${count} answers were not 200`);
    return cpuUs;
  };
  const sides = (count: number) => Object.fromEntries(SIDES.map((side) => [side, run(side, count)])) as Record<Side, () => Promise<number>>;
  await alternate(1, sides(quick ? batch : 5 * batch));
  const samples = await alternate(rounds, sides(batch));
  return SIDES.filter((side) => side !== "bare").map((side) => ({
    area: AREA,
    case: `${kase.name}${LABELS[side]}`,
    ours: `${formatNumber(median(samples[side]), 1)} µs CPU/request`,
    baseline: `${formatNumber(median(samples.bare), 1)} µs (node:http)`,
    // Requests per CPU second against bare's: bare's CPU per request over this side's, batch by batch.
    ratio: medianOfPairs(samples[side], samples.bare, (mine, bare) => bare / mine),
    ratioAs: "percent" as const,
    target: "",
    note: `requests per CPU second against bare's; median of ${rounds} paired batches of ${batch}, in-memory connection`,
  }));
}
