import type { Handler, SageMakerConfig, SageMakerHandler } from "../../src/index.ts";
import { interleave, interleaveOptions } from "../lib/interleave.ts";
import { library, type Library } from "../lib/library.ts";
import { jsonBody, KB } from "../lib/payloads.ts";
import { formatNumber } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

type Fetch = (request: Request) => Promise<Response>;

interface ModeCase {
  name: string;
  baselineName: string;
  target: number;
  /** Units per call on both sides (records for splitRecords), for the per-second figures. */
  units: number;
  unit: string;
  /** Calls per timed batch, as a fraction of the default (a call of splitRecords is a hundred records). */
  batchScale: number;
  setup(lib: typeof Library): Promise<{ ours: () => Promise<string>; baseline: () => Promise<string>; close(): Promise<void> }>;
}

const ORIGIN = "http://localhost";
const noop = (): void => undefined;
const silentLogger = { debug: noop, info: noop, warn: noop, error: noop };

async function started(lib: typeof Library, config: SageMakerConfig): Promise<SageMakerHandler> {
  const handler = lib.createSageMakerHandler({ env: {}, logger: silentLogger, ...config });
  await handler.ready();
  return handler;
}

async function answer(fetch: Fetch, request: Request): Promise<string> {
  const response = await fetch(request);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`status ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/** One handler; the same 1 KB request on /models/{name}/invoke and on /invocations. */
const invokeCase: ModeCase = {
  name: "POST /models/{name}/invoke 1 KB",
  baselineName: "POST /invocations on the same handler",
  target: 0.95,
  units: 1,
  unit: "req/s",
  batchScale: 1,
  async setup(lib) {
    const echo: Handler = async (request) => request.json();
    const handler = await started(lib, { models: { load: (name) => ({ name }) }, invocations: echo });
    const loaded = await handler.fetch(new Request(`${ORIGIN}/models`, { method: "POST", body: JSON.stringify({ model_name: "m1", url: "/opt/ml/models/m1" }) }));
    if (loaded.status !== 200) throw new Error(`load answered ${loaded.status}`);
    const body = jsonBody(KB);
    const headers = { "content-type": "application/json" };
    const fetch: Fetch = (request) => handler.fetch(request);
    return {
      ours: () => answer(fetch, new Request(`${ORIGIN}/models/m1/invoke`, { method: "POST", body, headers })),
      baseline: () => answer(fetch, new Request(`${ORIGIN}/invocations`, { method: "POST", body, headers })),
      close: () => handler.close(),
    };
  },
};

const RECORDS = 100;

/** A 100-record JSON Lines mini-batch through splitRecords against the same record handler called in a loop. */
const splitCase: ModeCase = {
  name: `splitRecords, ${RECORDS} JSON Lines records`,
  baselineName: "the record handler called in a loop",
  target: 0.9,
  units: RECORDS,
  unit: "records/s",
  batchScale: 0.05,
  async setup(lib) {
    const perRecord: Handler = async (request) => {
      const record = (await request.json()) as { id: number; text: string };
      return { id: record.id, length: record.text.length };
    };
    const handler = await started(lib, { invocations: lib.splitRecords()(perRecord) });
    const lines = Array.from({ length: RECORDS }, (_, id) => JSON.stringify({ id, text: `record ${id} `.repeat(8) }));
    const body = `${lines.join("\n")}\n`;
    const headers = { "content-type": "application/jsonlines" };
    const context = { params: {}, env: {}, logger: silentLogger, signal: new AbortController().signal };
    return {
      ours: () => answer((request) => handler.fetch(request), new Request(`${ORIGIN}/invocations`, { method: "POST", body, headers })),
      // What a batch loop without the library does: one request per record, answers joined in order.
      async baseline() {
        let out = "";
        for (const line of lines) {
          const result = await perRecord(new Request(`${ORIGIN}/invocations`, { method: "POST", body: line, headers }), context);
          out += `${JSON.stringify(result)}\n`;
        }
        return out;
      },
      close: () => handler.close(),
    };
  },
};

export const MODE_CASES = [invokeCase, splitCase];

/** The hosting modes against their in-process baselines: CPU time, alternating batches. */
export async function modesSuite(options: SuiteOptions): Promise<Row[]> {
  const lib = await library();
  const area = "Hosting modes";
  const rows: Row[] = [];
  for (const kase of MODE_CASES) {
    const target = `>= ${kase.target * 100}% of baseline`;
    const defaults = interleaveOptions(options.quick);
    const timing = { ...defaults, batchSize: Math.max(1, Math.round(defaults.batchSize * kase.batchScale)), warmup: Math.max(1, Math.round(defaults.warmup * kase.batchScale)) };
    let built: Awaited<ReturnType<ModeCase["setup"]>> | undefined;
    try {
      built = await kase.setup(lib);
      options.log(`${area}: ${kase.name}`);
      const [ours, baseline] = [await built.ours(), await built.baseline()];
      if (ours !== baseline && kase.units > 1) throw new Error("splitRecords and the loop answered differently");
      const cost = await interleave({ ours: built.ours, baseline: built.baseline }, timing);
      const oursRate = (1e6 / cost.ours.cpuMicros) * kase.units;
      const baselineRate = (1e6 / cost.baseline.cpuMicros) * kase.units;
      rows.push({
        area,
        case: kase.name,
        ours: `${formatNumber(oursRate)} ${kase.unit}`,
        baseline: `${formatNumber(baselineRate)} ${kase.unit} (${kase.baselineName})`,
        ratio: oursRate / baselineRate,
        ratioAs: "percent",
        target,
        met: oursRate / baselineRate >= kase.target,
        note: `per CPU second, ${timing.batches} alternating batches of ${timing.batchSize}; wall time ${formatNumber((100 * cost.baseline.wallMicros) / cost.ours.wallMicros)}%; in process`,
      });
    } catch (error) {
      rows.push(skippedRow(area, kase.name, `invalid run: ${(error as Error).message}`, target));
    } finally {
      await built?.close();
    }
  }
  return rows;
}
