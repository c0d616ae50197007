import { chooseLoadGenerator, drive } from "../lib/load.ts";
import { jsonBody, KB, MB } from "../lib/payloads.ts";
import { runtimeAvailable, shimBuilt, type RuntimeName } from "../lib/runtimes.ts";
import { cpuTimeOf, startServer, type ServerProcess } from "../lib/server-process.ts";
import { alternate, formatMs, formatNumber, median, medianOfPairs } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

interface HttpCase {
  name: string;
  path: string;
  body?: string;
  headers?: Readonly<Record<string, string>>;
  /** The echo both servers must answer with, when it is not the body itself. */
  echo?: string;
  /** Serve "ours" with `BENCH_APP=wrapped`: the handler behind the session manager and the adapter id injection. */
  wrapped?: boolean;
  connections: number;
  /** Each round lasts this many times BENCH_DURATION: at 10 requests a second a 1 s round counts 8 or 9, and its ratio moves in steps of 12%. */
  roundScale?: number;
  /** Minimum share of the bare runtime's throughput. */
  target?: number;
  /** On Node, Hono, srvx and @whatwg-node/server serve this case too, against the same bare server. */
  peers?: boolean;
}

const BARE: Record<RuntimeName, string> = { node: "node:http", bun: "Bun.serve", deno: "Deno.serve" };

/** Issue 12's targets: on Node, every size against node:http; on Bun and Deno, /ping and 1 KB. */
const TARGETS: Record<RuntimeName, [ping: number, kb1: number, kb100?: number, mb6?: number]> = {
  node: [0.95, 0.9, 0.85, 0.95],
  bun: [0.9, 0.9],
  deno: [0.9, 0.9],
};

const ADAPTER = "adapter-1";

function cases(quick: boolean, runtime: RuntimeName): HttpCase[] {
  const [ping, kb1, kb100, mb6] = TARGETS[runtime];
  const kb = jsonBody(KB);
  return [
    { name: "GET /ping", path: "/ping", connections: 50, target: ping, peers: true },
    { name: "POST /invocations 1 KB", path: "/invocations", body: kb, connections: 50, target: kb1, peers: true },
    // What an LLM container runs (examples/full.ts): the bare server copies the adapter id in by hand.
    {
      name: "POST /invocations 1 KB, session manager + adapter id injection",
      path: "/invocations",
      body: kb,
      headers: { "x-amzn-sagemaker-adapter-identifier": ADAPTER },
      echo: JSON.stringify({ ...(JSON.parse(kb) as object), model: ADAPTER }),
      wrapped: true,
      connections: 50,
    },
    { name: "POST /invocations 100 KB", path: "/invocations", body: jsonBody(100 * KB), connections: 20, target: kb100 },
    // The default body limit is 6 MiB, so "6 MB" is 6,000,000 bytes.
    { name: "POST /invocations 6 MB", path: "/invocations", body: jsonBody(quick ? 100 * KB : 6 * MB), connections: 4, target: mb6, roundScale: quick ? 1 : 3 },
  ];
}

/** One request through each server before any load: the echo must come back intact. */
async function preflight(server: ServerProcess, kase: HttpCase): Promise<void> {
  const response = await fetch(server.url + kase.path, {
    method: kase.body === undefined ? "GET" : "POST",
    body: kase.body,
    headers: { ...(kase.body === undefined ? {} : { "content-type": "application/json" }), ...kase.headers },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${server.name} ${kase.name}: status ${response.status}: ${text.slice(0, 200)}`);
  const echo = kase.echo ?? kase.body;
  if (echo !== undefined && JSON.stringify(JSON.parse(text)) !== JSON.stringify(JSON.parse(echo))) {
    throw new Error(`${server.name} ${kase.name}: the echo differs from the request body`);
  }
}

/** Our shim against the runtime's bare server, both running, alternating per case and round. */
export async function httpSuite(options: SuiteOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const runtime of options.runtimes) {
    const area = `HTTP ${runtime}`;
    // BENCH_HTTP_CASES=ping,1 KB runs only the cases whose names contain one of the parts.
    const only = process.env.BENCH_HTTP_CASES?.split(",").filter(Boolean);
    const all = cases(options.quick, runtime).filter((kase) => !only || only.some((part) => kase.name.includes(part)));
    const skip = (why: string) => all.map((kase) => skippedRow(area, kase.name, why, targetText(kase)));
    if (!runtimeAvailable(runtime)) {
      rows.push(...skip(`${runtime} binary not found`));
      continue;
    }
    if (!shimBuilt(runtime)) {
      rows.push(...skip(`our ${runtime} shim is not built (dist/runtimes/${runtime}.js missing)`));
      continue;
    }
    const servers: ServerProcess[] = [];
    try {
      const ours = await startServer(runtime, `${runtime}-ours.mjs`);
      servers.push(ours);
      const bare = await startServer(runtime, `${runtime}-bare.mjs`);
      servers.push(bare);
      for (const kase of all.filter((one) => !one.wrapped)) {
        options.log(`${area}: ${kase.name}`);
        rows.push(await measureCase(area, runtime, kase, ours, bare, options));
      }
      for (const kase of all.filter((one) => one.wrapped)) {
        options.log(`${area}: ${kase.name}`);
        const wrapped = await startServer(runtime, `${runtime}-ours.mjs`, { BENCH_APP: "wrapped" });
        try {
          rows.push(await measureCase(area, runtime, kase, wrapped, bare, options));
        } finally {
          await wrapped.stop();
        }
      }
      // BENCH_PEERS=0 measures ours alone (long runs of one row).
      if (runtime === "node" && process.env.BENCH_PEERS !== "0") rows.push(...(await nodePeers(area, all, bare, options)));
    } catch (error) {
      rows.push(...skip(`failed: ${(error as Error).message.split("\n")[0]}`));
    } finally {
      for (const server of servers) await server.stop();
    }
  }
  return rows;
}

async function measureCase(
  area: string,
  runtime: RuntimeName,
  kase: HttpCase,
  ours: ServerProcess,
  bare: ServerProcess,
  options: SuiteOptions,
): Promise<Row> {
  const generator = await chooseLoadGenerator();
  await preflight(ours, kase);
  await preflight(bare, kase);
  const problems: string[] = [];
  // Server CPU per request barely moves when other processes compete for the cores; throughput does.
  const cpuPerRequest = new Map<ServerProcess, number[]>([
    [ours, []],
    [bare, []],
  ]);
  const load = (server: ServerProcess, durationSeconds: number) => async () => {
    const cpuBefore = cpuTimeOf(server.pid);
    const result = await drive(generator, {
      url: server.url + kase.path,
      body: kase.body,
      headers: kase.headers,
      connections: kase.connections,
      durationSeconds,
    });
    if (!result.valid) problems.push(`${server.name}: ${result.problem}`);
    cpuPerRequest.get(server)!.push((cpuTimeOf(server.pid) - cpuBefore) / result.total);
    return result.requestsPerSecond;
  };
  if (options.warmupSeconds > 0) await alternate(1, { ours: load(ours, options.warmupSeconds), bare: load(bare, options.warmupSeconds) });
  for (const list of cpuPerRequest.values()) list.length = 0;
  const roundSeconds = options.durationSeconds * (kase.roundScale ?? 1);
  const samples = await alternate(options.httpRounds, {
    ours: load(ours, roundSeconds),
    bare: load(bare, roundSeconds),
  });
  const oursRate = median(samples.ours);
  const bareRate = median(samples.bare);
  const ratio = medianOfPairs(samples.ours, samples.bare, (ours, bare) => ours / bare);
  if (problems.length > 0) {
    return { ...skippedRow(area, kase.name, `invalid run: ${problems.join("; ")}`, targetText(kase)), ratioAs: "percent" };
  }
  return {
    area,
    case: kase.name,
    ours: `${formatNumber(oursRate)} req/s`,
    baseline: `${formatNumber(bareRate)} req/s (${BARE[runtime]})`,
    ratio,
    ratioAs: "percent",
    target: targetText(kase),
    met: kase.target === undefined ? undefined : ratio >= kase.target,
    note: `median of ${options.httpRounds} paired rounds${roundSeconds === options.durationSeconds ? "" : ` of ${roundSeconds} s`}; ${generator} -c${kase.connections}; server CPU/request ${formatMs(median(cpuPerRequest.get(ours)!))} vs ${formatMs(median(cpuPerRequest.get(bare)!))}`,
  };
}

function targetText(kase: HttpCase): string {
  return kase.target === undefined ? "" : `>= ${Math.round(kase.target * 100)}% of bare`;
}

/**
 * Node peers serving the same application (`app.mjs`), each against bare node:http in the same
 * alternating rounds: where we stand against the other Fetch-on-Node servers. @whatwg-node/server with
 * its ponyfill classes is the fastest way to run it (our shim used it with native classes until
 * 2026-12; see README finding 1).
 */
async function nodePeers(area: string, all: HttpCase[], bare: ServerProcess, options: SuiteOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const measured = all.filter((kase) => kase.peers);
  for (const [script, label] of [
    ["node-hono.mjs", "peer: Hono on @hono/node-server"],
    ["node-srvx.mjs", "peer: srvx (FastResponse)"],
    ["node-adapter-ponyfill.mjs", "peer: @whatwg-node/server, ponyfill classes"],
  ] as const) {
    const server = await startServer("node", script);
    try {
      for (const kase of measured) {
        options.log(`${area}: ${kase.name} (${label})`);
        const row = await measureCase(area, "node", { ...kase, target: undefined }, server, bare, options);
        rows.push({ ...row, case: `${kase.name}: ${label}` });
      }
    } finally {
      await server.stop();
    }
  }
  return rows;
}
