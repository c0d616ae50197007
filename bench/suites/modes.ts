import { measure } from "mitata";
import { createSageMakerHandler, splitRecords } from "../../src/index.ts";
import type { Handler, SageMakerConfig, SageMakerHandler } from "../../src/index.ts";
import { jsonBody, KB } from "../lib/payloads.ts";
import { formatNumber, median } from "../lib/stats.ts";
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
  setup(): Promise<{ ours: () => Promise<string>; baseline: () => Promise<string>; close(): Promise<void> }>;
}

const ORIGIN = "http://localhost";
const noop = (): void => undefined;
const silentLogger = { debug: noop, info: noop, warn: noop, error: noop };

async function started(config: SageMakerConfig): Promise<SageMakerHandler> {
  const handler = createSageMakerHandler({ env: {}, logger: silentLogger, ...config });
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
  async setup() {
    const echo: Handler = async (request) => request.json();
    const handler = await started({ models: { load: (name) => ({ name }) }, invocations: echo });
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
  async setup() {
    const perRecord: Handler = async (request) => {
      const record = (await request.json()) as { id: number; text: string };
      return { id: record.id, length: record.text.length };
    };
    const handler = await started({ invocations: splitRecords()(perRecord) });
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

/** The hosting modes against their in-process baselines (mitata, alternating sides, medians). */
export async function modesSuite(options: SuiteOptions): Promise<Row[]> {
  const rounds = options.quick ? 1 : Math.max(5, options.rounds);
  const timing = options.quick ? { min_cpu_time: 20e6, max_samples: 200 } : {};
  const area = "Hosting modes";
  const rows: Row[] = [];
  for (const kase of MODE_CASES) {
    const target = `>= ${kase.target * 100}% of baseline`;
    let built: Awaited<ReturnType<ModeCase["setup"]>> | undefined;
    try {
      built = await kase.setup();
      options.log(`${area}: ${kase.name}`);
      const [ours, baseline] = [await built.ours(), await built.baseline()];
      if (ours !== baseline && kase.units > 1) throw new Error("splitRecords and the loop answered differently");
      const samples = { ours: [] as number[], baseline: [] as number[] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (["ours", "baseline"] as const) : (["baseline", "ours"] as const);
        for (const side of order) {
          const run = built[side];
          const stats = await measure(() => run(), timing);
          samples[side].push((1e9 / stats.avg) * kase.units);
        }
      }
      const oursRate = median(samples.ours);
      const baselineRate = median(samples.baseline);
      rows.push({
        area,
        case: kase.name,
        ours: `${formatNumber(oursRate)} ${kase.unit}`,
        baseline: `${formatNumber(baselineRate)} ${kase.unit} (${kase.baselineName})`,
        ratio: oursRate / baselineRate,
        ratioAs: "percent",
        target,
        met: oursRate / baselineRate >= kase.target,
        note: `median of ${rounds} mitata runs; in process`,
      });
    } catch (error) {
      rows.push(skippedRow(area, kase.name, `invalid run: ${(error as Error).message}`, target));
    } finally {
      await built?.close();
    }
  }
  return rows;
}
