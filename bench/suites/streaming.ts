import { request } from "node:http";
import { performance } from "node:perf_hooks";
import { runtimeAvailable, shimBuilt, type RuntimeName } from "../lib/runtimes.ts";
import { rssOf, sampleRss, startServer, type ServerProcess } from "../lib/server-process.ts";
import { alternate, formatBytes, formatMs, median } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

const MiB = 1024 * 1024;
/** "Flat": the server holds a bounded amount, far below what it streams (buffering shows as >= 100%). */
const FLAT_SHARE = 0.25;
const TTFB_SLACK_MS = 1;
/** Issue 12: clients that hang up mid-stream leave the server's memory where it was, within this. */
const DROPPED_SLACK = 50 * MiB;

interface StreamSample {
  totalMs: number;
  rssGrowth: number;
}

/** Streams `bytes` through `POST /invocations`; measures the whole stream and the server's RSS growth. */
export function streamOnce(server: ServerProcess, bytes: number): Promise<StreamSample> {
  const body = JSON.stringify({ stream: bytes });
  const before = rssOf(server.pid);
  const sampler = sampleRss(server.pid);
  const startedAt = performance.now();
  return new Promise<StreamSample>((resolve, reject) => {
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(new Error(`${server.name}: stream did not finish within 120 s`));
    }, 120_000);
    const outgoing = request(
      `${server.url}/invocations`,
      { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (incoming) => {
        let received = 0;
        if (incoming.statusCode !== 200) {
          clearTimeout(timer);
          sampler.stop();
          incoming.resume();
          reject(new Error(`${server.name}: status ${incoming.statusCode}`));
          return;
        }
        incoming.on("data", (chunk: Buffer) => {
          received += chunk.byteLength;
        });
        incoming.on("end", () => {
          clearTimeout(timer);
          const peak = sampler.stop();
          if (received !== bytes) reject(new Error(`${server.name}: received ${received} of ${bytes} bytes`));
          else resolve({ totalMs: performance.now() - startedAt, rssGrowth: Math.max(0, peak - before) });
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", (error) => {
      clearTimeout(timer);
      sampler.stop();
      reject(error);
    });
    outgoing.end(body);
  });
}

/** Time to the first body byte of a `bytes`-long stream; the client hangs up right after it. */
export function firstByteOnce(server: ServerProcess, bytes: number): Promise<number> {
  const body = JSON.stringify({ stream: bytes });
  const startedAt = performance.now();
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(new Error(`${server.name}: no first byte within 30 s`));
    }, 30_000);
    const outgoing = request(
      `${server.url}/invocations`,
      { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (incoming) => {
        if (incoming.statusCode !== 200) {
          clearTimeout(timer);
          outgoing.destroy();
          reject(new Error(`${server.name}: status ${incoming.statusCode}`));
          return;
        }
        incoming.once("data", () => {
          const ms = performance.now() - startedAt;
          clearTimeout(timer);
          outgoing.destroy();
          resolve(ms);
        });
      },
    );
    outgoing.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(body);
  });
}

const BARE: Record<RuntimeName, string> = { node: "node:http", bun: "Bun.serve", deno: "Deno.serve" };
const SETTLE_MS = 1_000;

/** RSS growth after `clients` clients each hang up at the first byte of a `bytes` stream, one after another. */
async function droppedClients(server: ServerProcess, clients: number, bytes: number): Promise<number> {
  const before = rssOf(server.pid);
  for (let client = 0; client < clients; client++) await firstByteOnce(server, bytes);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return Math.max(0, rssOf(server.pid) - before);
}

/** Time to first byte and peak memory of a large streamed response, ours against the bare runtime. */
export async function streamingSuite(options: SuiteOptions): Promise<Row[]> {
  const bytes = options.quick ? 4 * MiB : 100 * MiB;
  const label = options.quick ? "4 MiB" : "100 MiB";
  const rounds = Math.max(options.rounds, options.quick ? 1 : 5);
  const rows: Row[] = [];
  for (const runtime of options.runtimes) {
    const area = `Streaming ${runtime}`;
    const ttfbCase = `${label} stream: time to first byte`;
    const memoryCase = `${label} stream: peak RSS growth`;
    const ttfbTarget = `<= bare + ${TTFB_SLACK_MS} ms`;
    const memoryTarget = `flat: < ${FLAT_SHARE * 100}% of streamed bytes`;
    const clients = options.quick ? 10 : 100;
    const droppedCase = `${clients} clients hang up mid-stream: RSS growth`;
    const droppedTarget = `<= ${DROPPED_SLACK / MiB} MiB`;
    if (!runtimeAvailable(runtime) || !shimBuilt(runtime)) {
      const why = !runtimeAvailable(runtime) ? `${runtime} binary not found` : `our ${runtime} shim is not built`;
      rows.push(skippedRow(area, ttfbCase, why, ttfbTarget), skippedRow(area, memoryCase, why, memoryTarget), skippedRow(area, droppedCase, why, droppedTarget));
      continue;
    }
    options.log(`${area}: ${label}`);
    const servers: ServerProcess[] = [];
    try {
      const ours = await startServer(runtime, `${runtime}-ours.mjs`);
      servers.push(ours);
      const bare = await startServer(runtime, `${runtime}-bare.mjs`);
      servers.push(bare);
      const samples = { ours: [] as StreamSample[], bare: [] as StreamSample[] };
      // One unmeasured stream each so JIT warm-up does not count as buffering.
      await streamOnce(ours, Math.min(bytes, 4 * MiB));
      await streamOnce(bare, Math.min(bytes, 4 * MiB));
      await alternate(rounds, {
        ours: async () => (samples.ours.push(await streamOnce(ours, bytes)), 0),
        bare: async () => (samples.bare.push(await streamOnce(bare, bytes)), 0),
      });
      // Time to first byte is a few ms, so it gets many short samples (the client hangs up after it).
      const ttfbRounds = options.quick ? 3 : 30;
      const firstBytes = await alternate(ttfbRounds, { ours: () => firstByteOnce(ours, bytes), bare: () => firstByteOnce(bare, bytes) });
      const ttfb = { ours: median(firstBytes.ours), bare: median(firstBytes.bare) };
      const growth = { ours: median(samples.ours.map((s) => s.rssGrowth)), bare: median(samples.bare.map((s) => s.rssGrowth)) };
      const total = { ours: median(samples.ours.map((s) => s.totalMs)), bare: median(samples.bare.map((s) => s.totalMs)) };
      rows.push({
        area,
        case: ttfbCase,
        ours: formatMs(ttfb.ours),
        baseline: `${formatMs(ttfb.bare)} (${BARE[runtime]})`,
        ratio: ttfb.ours / ttfb.bare,
        ratioAs: "multiple",
        target: ttfbTarget,
        met: ttfb.ours <= ttfb.bare + TTFB_SLACK_MS,
        note: `median of ${ttfbRounds}, client hangs up after it; whole stream (median of ${rounds}) ${formatMs(total.ours)} vs ${formatMs(total.bare)}`,
      });
      rows.push({
        area,
        case: memoryCase,
        ours: formatBytes(growth.ours),
        baseline: `${formatBytes(growth.bare)} (${BARE[runtime]})`,
        ratio: growth.ours / growth.bare,
        ratioAs: "multiple",
        target: memoryTarget,
        met: growth.ours < bytes * FLAT_SHARE,
        note: `median of ${rounds}; RSS sampled every 5 ms`,
      });
      // A producer nobody cancels keeps generating into a dead socket: memory grows with every client.
      const dropped = { ours: await droppedClients(ours, clients, bytes), bare: await droppedClients(bare, clients, bytes) };
      rows.push({
        area,
        case: droppedCase,
        ours: formatBytes(dropped.ours),
        baseline: `${formatBytes(dropped.bare)} (${BARE[runtime]})`,
        ratio: dropped.ours / Math.max(dropped.bare, MiB),
        ratioAs: "multiple",
        target: droppedTarget,
        met: dropped.ours <= DROPPED_SLACK,
        note: `each client hangs up after the first byte of a ${label} stream; RSS ${SETTLE_MS / 1000} s after the last, against before the first`,
      });
    } catch (error) {
      const why = `failed: ${(error as Error).message.split("\n")[0]}`;
      rows.push(skippedRow(area, ttfbCase, why, ttfbTarget), skippedRow(area, memoryCase, why, memoryTarget), skippedRow(area, droppedCase, why, droppedTarget));
    } finally {
      for (const server of servers) await server.stop();
    }
  }
  return rows;
}
