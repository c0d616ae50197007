import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createMemorySessionStore } from "../../src/index.ts";
import type { SessionStore } from "../../src/index.ts";
import { createFileSessionStore } from "../../runtimes/node/index.ts";
import { alternate, formatBytes, formatMs, formatNumber, median } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";
import { sessionDataSuite } from "./session-data.ts";

const TTL_SECONDS = 1200;
type StoreKind = "memory" | "file";

const noop = (): void => undefined;
const silentLogger = { debug: noop, info: noop, warn: noop, error: noop };

function storeFactory(kind: StoreKind): (root: string) => SessionStore {
  if (kind === "memory") return () => createMemorySessionStore();
  // No background sweep: a sweep of 10,000 sessions landing inside a timed phase measures the sweep.
  return (root) => createFileSessionStore({ path: root, logger: silentLogger, sweepIntervalMs: 0 });
}

/** The least a store must do, by hand: a Map, or one small file per session. */
interface BareStore {
  create(): Promise<string>;
  lookup(id: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

function bareStore(kind: StoreKind, root: string): BareStore {
  if (kind === "memory") {
    const sessions = new Map<string, number>();
    return {
      async create() {
        const id = randomUUID();
        sessions.set(id, Date.now() + TTL_SECONDS * 1000);
        return id;
      },
      async lookup(id) {
        return (sessions.get(id) ?? 0) > Date.now();
      },
      async delete(id) {
        return sessions.delete(id);
      },
    };
  }
  return {
    async create() {
      const id = randomUUID();
      await writeFile(join(root, id), JSON.stringify({ expiresAt: Date.now() + TTL_SECONDS * 1000 }), { flag: "wx" });
      return id;
    },
    async lookup(id) {
      try {
        return (JSON.parse(await readFile(join(root, id), "utf8")) as { expiresAt: number }).expiresAt > Date.now();
      } catch {
        return false;
      }
    },
    async delete(id) {
      try {
        await unlink(join(root, id));
        return true;
      } catch {
        return false;
      }
    },
  };
}

function asBare(store: SessionStore): BareStore {
  return {
    create: async () => (await store.create({ ttlSeconds: TTL_SECONDS })).id,
    lookup: async (id) => (await store.lookup(id)).state === "active",
    delete: (id) => store.delete(id),
  };
}

/** create, lookup and close `count` sessions; operations per second of each phase. */
async function throughput(store: BareStore, count: number): Promise<{ create: number; lookup: number; close: number }> {
  const ids: string[] = [];
  let start = performance.now();
  for (let i = 0; i < count; i++) ids.push(await store.create());
  const create = count / ((performance.now() - start) / 1000);
  start = performance.now();
  for (const id of ids) if (!(await store.lookup(id))) throw new Error("a live session was not found");
  const lookup = count / ((performance.now() - start) / 1000);
  start = performance.now();
  for (const id of ids) if (!(await store.delete(id))) throw new Error("a live session could not be closed");
  const close = count / ((performance.now() - start) / 1000);
  return { create, lookup, close };
}

/** Mean lookup latency in ms over `count` lookups of random live ids. */
async function lookupLatency(store: BareStore, ids: readonly string[], count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (!(await store.lookup(ids[(i * 7919) % ids.length]!))) throw new Error("a live session was not found");
  }
  return (performance.now() - start) / count;
}

let gc: (() => void) | undefined;

/** The heap after a full collection; `--expose-gc` is switched on at run time when the harness lacks it. */
function heapUsed(): number {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function sessionsSuite(options: SuiteOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const rounds = options.quick ? 1 : Math.max(3, options.rounds);
  const many = options.quick ? 500 : 10_000;
  const manyLabel = formatNumber(many);
  for (const kind of ["memory", "file"] as const) {
    const area = `Sessions ${kind}`;
    const factory = storeFactory(kind);
    const phases = ["create", "lookup", "close"] as const;
    const latencyCase = `lookup latency, ${manyLabel} vs 10 live`;
    const latencyTarget = kind === "file" ? "<= 1.5x" : "";
    const memoryCase = `heap per ${manyLabel} live sessions`;
    options.log(`${area}`);
    const dir = await mkdtemp(join(tmpdir(), "mhcs-bench-sessions-"));
    const stores: SessionStore[] = [];
    const newStore = async (name: string): Promise<SessionStore> => {
      const store = factory(join(dir, name));
      stores.push(store);
      return store;
    };
    try {
      const count = options.quick ? 100 : kind === "memory" ? 5_000 : 1_000;
      let round = 0;
      // Memory-store phases take milliseconds: more rounds instead of longer ones (create is O(live sessions)).
      const throughputRounds = kind === "memory" && !options.quick ? 9 : rounds;
      const results = { ours: [] as Awaited<ReturnType<typeof throughput>>[], bare: [] as Awaited<ReturnType<typeof throughput>>[] };
      await alternate(throughputRounds, {
        ours: async () => (results.ours.push(await throughput(asBare(await newStore(`ours-${round++}`)), count)), 0),
        bare: async () => {
          const root = join(dir, `bare-${round++}`);
          await mkdir(root, { recursive: true });
          results.bare.push(await throughput(bareStore(kind, root), count));
          return 0;
        },
      });
      for (const phase of phases) {
        const ours = median(results.ours.map((r) => r[phase]));
        const bare = median(results.bare.map((r) => r[phase]));
        rows.push({
          area,
          case: `${phase} throughput`,
          ours: `${formatNumber(ours)} ops/s`,
          baseline: `${formatNumber(bare)} ops/s (bare ${kind === "memory" ? "Map" : "file per session"})`,
          ratio: ours / bare,
          ratioAs: "percent",
          target: "",
          note: `median of ${throughputRounds}; ${formatNumber(count)} sequential ops`,
        });
      }

      // Lookup latency: one store holding 10 sessions, one holding `many`, measured alternately.
      const heapBefore = heapUsed();
      const big = asBare(await newStore("many"));
      const bigIds: string[] = [];
      for (let i = 0; i < many; i++) bigIds.push(await big.create());
      const heapPerMany = heapUsed() - heapBefore;
      const small = asBare(await newStore("few"));
      const smallIds: string[] = [];
      for (let i = 0; i < 10; i++) smallIds.push(await small.create());
      const lookups = options.quick ? 100 : kind === "memory" ? 50_000 : 2_000;
      const latency = await alternate(rounds, {
        many: () => lookupLatency(big, bigIds, lookups),
        few: () => lookupLatency(small, smallIds, lookups),
      });
      const manyMs = median(latency.many);
      const fewMs = median(latency.few);
      rows.push({
        area,
        case: latencyCase,
        ours: formatMs(manyMs),
        baseline: `${formatMs(fewMs)} (10 live)`,
        ratio: manyMs / fewMs,
        ratioAs: "multiple",
        target: latencyTarget,
        met: kind === "file" ? manyMs / fewMs <= 1.5 : undefined,
        note: `median of ${rounds}; mean of ${formatNumber(lookups)} lookups`,
      });

      const bareHeapBefore = heapUsed();
      const bareMap = new Map<string, number>();
      const bareIds: string[] = [];
      for (let i = 0; i < many; i++) {
        const id = randomUUID();
        bareMap.set(id, Date.now() + TTL_SECONDS * 1000);
        bareIds.push(id);
      }
      const bareHeap = heapUsed() - bareHeapBefore;
      rows.push({
        area,
        case: memoryCase,
        ours: formatBytes(heapPerMany),
        baseline: `${formatBytes(bareHeap)} (Map of id -> expiry)`,
        ratio: heapPerMany / bareHeap,
        ratioAs: "multiple",
        target: "",
        note: "JS heap growth after full GCs; the ids array counted on both sides",
      });
      bareMap.clear();
      bareIds.length = 0;
    } catch (error) {
      rows.push(skippedRow(area, "sessions", `invalid run: ${(error as Error).message}`));
    } finally {
      for (const store of stores) await store.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  }
  rows.push(...(await sessionDataSuite(options)));
  return rows;
}
