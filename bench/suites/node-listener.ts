/**
 * The Node listeners without the kernel: bare node:http, ours, Hono's and srvx's, each in its own process
 * (`servers/node-listener.mjs`), in a real node:http server fed through an in-memory connection. CPU per
 * request, alternating batch by batch: on this VM the socket write's cost moves more between runs than the
 * listeners differ (README findings AA, AH, AM), and this reads the part a library can change.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { placed } from "../lib/cpus.ts";
import { jsonBody, KB } from "../lib/payloads.ts";
import { NODE, SERVERS, shimBuilt } from "../lib/runtimes.ts";
import { alternate, formatNumber, median, medianOfPairs } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

const AREA = "Node listener, no socket";
const SIDES = ["bare", "ours", "hono", "srvx"] as const;
type Side = (typeof SIDES)[number];
const LABELS: Record<Exclude<Side, "bare">, string> = { ours: "", hono: ": peer: Hono on @hono/node-server", srvx: ": peer: srvx (FastResponse)" };
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

async function startListener(side: Side): Promise<Listener> {
  const { command, args } = placed("server", NODE, [`${SERVERS}node-listener.mjs`, side]);
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  child.stdout!.resume();
  const ask = <T>(message: object): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${side}: no answer in ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      child.once("message", (reply) => {
        clearTimeout(timer);
        resolve(reply as T);
      });
      child.send(message);
    });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${side}: exited (${code}) before it was ready`)));
    child.stdout!.once("data", () => resolve());
  });
  child.removeAllListeners("exit");
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
      const problems = (await Promise.all(SIDES.map((side) => check(listeners[side], side, kase)))).filter((problem) => problem !== undefined);
      if (problems.length > 0) {
        rows.push(skippedRow(AREA, kase.name, `invalid run: ${problems.join("; ")}`));
        continue;
      }
      const run = (side: Side, count: number) => async () => (await listeners[side].ask<{ cpuUs: number }>({ run: { request: kase.request, count } })).cpuUs;
      await alternate(1, Object.fromEntries(SIDES.map((side) => [side, run(side, options.quick ? batch : 5 * batch)])) as Record<Side, () => Promise<number>>);
      const samples = await alternate(rounds, Object.fromEntries(SIDES.map((side) => [side, run(side, batch)])) as Record<Side, () => Promise<number>>);
      for (const side of ["ours", "hono", "srvx"] as const) {
        // Requests per CPU second against bare's: bare's CPU per request over this side's, round by round.
        const ratio = medianOfPairs(samples[side], samples.bare, (mine, bare) => bare / mine);
        rows.push({
          area: AREA,
          case: `${kase.name}${LABELS[side]}`,
          ours: `${formatNumber(median(samples[side]), 1)} µs CPU/request`,
          baseline: `${formatNumber(median(samples.bare), 1)} µs (node:http)`,
          ratio,
          ratioAs: "percent",
          target: "",
          note: `requests per CPU second against bare's; median of ${rounds} paired batches of ${batch}, in-memory connection`,
        });
      }
    }
  } finally {
    for (const listener of Object.values(listeners)) listener.stop();
  }
  return rows;
}
