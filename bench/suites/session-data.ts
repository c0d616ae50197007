import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createClient } from "redis";
import { createMemorySessionStore } from "../../src/index.ts";
import type { JsonValue, SessionStore } from "../../src/index.ts";
import { createRedisSessionStore } from "../../src/redis.ts";
import { createFileSessionStore } from "../../runtimes/node/index.ts";
import { startRedisServer } from "../../test/support/redis-server.ts";
import type { RedisServer } from "../../test/support/redis-server.ts";
import { alternate, formatNumber, median } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

const noop = (): void => undefined;
const silentLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** A conversation of ~1 KB, the kind of value an engine keeps per session. */
const VALUE: JsonValue = { turns: Array.from({ length: 8 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", text: "x".repeat(100) })) };

/** The least a key-value store must do, by hand: get and put one JSON value. */
interface Bare {
  get(key: string): Promise<unknown>;
  put(key: string, value: JsonValue): Promise<void>;
}

async function opsPerSecond(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await op(i);
  return count / ((performance.now() - start) / 1000);
}

/** `getValue`/`putValue` on one session against the bare baseline of each backend (a Map, one file per value, raw HGET/HSET). */
export async function sessionDataSuite(options: SuiteOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const rounds = options.quick ? 1 : Math.max(3, options.rounds);
  let redis: RedisServer | undefined;
  for (const kind of ["memory", "file", "redis"] as const) {
    const area = `Session data ${kind}`;
    options.log(area);
    const dir = await mkdtemp(join(tmpdir(), "mhcs-bench-data-"));
    let store: SessionStore | undefined;
    let close = async (): Promise<void> => undefined;
    try {
      let bare: Bare;
      if (kind === "memory") {
        store = createMemorySessionStore();
        const map = new Map<string, string>(); // JSON text, so both sides copy in and out
        bare = { get: async (key) => JSON.parse(map.get(key) ?? "null"), put: async (key, value) => void map.set(key, JSON.stringify(value)) };
      } else if (kind === "file") {
        store = createFileSessionStore({ path: join(dir, "ours"), logger: silentLogger, sweepIntervalMs: 0 });
        bare = {
          get: async (key) => JSON.parse(await readFile(join(dir, key), "utf8")),
          put: (key, value) => writeFile(join(dir, key), JSON.stringify(value)),
        };
      } else {
        redis ??= await startRedisServer();
        const client = createClient({ url: redis.url });
        client.on("error", noop);
        await client.connect();
        close = async () => void (await client.quit());
        store = createRedisSessionStore({ client, prefix: "bench:" });
        bare = {
          get: async (key) => JSON.parse((await client.hGet("bare", key)) ?? "null"),
          put: async (key, value) => void (await client.hSet("bare", key, JSON.stringify(value))),
        };
      }
      const ours = store;
      const { id } = await ours.create({ ttlSeconds: 1200 });
      const count = options.quick ? 200 : kind === "memory" ? 20_000 : 2_000;
      const keys = Array.from({ length: 16 }, (_, i) => `k${i}`);
      for (const key of keys) {
        await ours.putValue!(id, key, VALUE);
        await bare.put(key, VALUE);
      }
      const samples = await alternate(rounds * 2, {
        oursPut: () => opsPerSecond(count, (i) => ours.putValue!(id, keys[i % keys.length]!, VALUE)),
        barePut: () => opsPerSecond(count, (i) => bare.put(keys[i % keys.length]!, VALUE)),
        oursGet: () => opsPerSecond(count, (i) => ours.getValue!(id, keys[i % keys.length]!)),
        bareGet: () => opsPerSecond(count, (i) => bare.get(keys[i % keys.length]!)),
      });
      const baselineName = kind === "memory" ? "Map of JSON text" : kind === "file" ? "writeFile/readFile, one file per value" : "raw HSET/HGET";
      for (const op of ["get", "put"] as const) {
        const oursOps = median(op === "get" ? samples.oursGet : samples.oursPut);
        const bareOps = median(op === "get" ? samples.bareGet : samples.barePut);
        rows.push({
          area,
          case: `${op} throughput, 1 KB JSON`,
          ours: `${formatNumber(oursOps)} ops/s`,
          baseline: `${formatNumber(bareOps)} ops/s (${baselineName})`,
          ratio: oursOps / bareOps,
          ratioAs: "percent",
          target: "",
          note: `median of ${rounds * 2}; ${formatNumber(count)} sequential ops; ours checks the session on every call${kind === "file" && op === "put" ? " and writes temp + rename" : ""}`,
        });
      }
    } catch (error) {
      rows.push(skippedRow(area, "session data", `invalid run: ${(error as Error).message}`));
    } finally {
      await store?.close?.();
      await close().catch(noop);
      await rm(dir, { recursive: true, force: true });
    }
  }
  await redis?.stop();
  return rows;
}
