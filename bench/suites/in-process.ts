import type { Handler, SageMakerConfig, SageMakerHandler } from "../../src/index.ts";
import { interleave, interleaveOptions } from "../lib/interleave.ts";
import { library, type Library } from "../lib/library.ts";
import { jsonBody, KB } from "../lib/payloads.ts";
import { formatNumber } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

type Fetch = (request: Request) => Promise<Response>;

interface InProcessCase {
  name: string;
  /** Builds both sides over the built package, or says why this case cannot run yet. */
  setup(lib: typeof Library): Promise<{ ours: Fetch; bare: Fetch; request: () => Request; close(): Promise<void> } | string>;
  target?: number;
}

const ORIGIN = "http://localhost";
const PING_BODY = { status: "healthy" };
const SESSION_HEADER = "x-amzn-sagemaker-session-id";
const ADAPTER_HEADER = "x-amzn-sagemaker-adapter-identifier";

function pathOf(url: string): string {
  return url.slice(url.indexOf("/", url.indexOf("://") + 3));
}

async function started(lib: typeof Library, config: SageMakerConfig): Promise<SageMakerHandler> {
  const handler = lib.createSageMakerHandler({ env: {}, logger: silentLogger, ...config });
  await handler.ready();
  return handler;
}

const noop = (): void => undefined;
const silentLogger = { debug: noop, info: noop, warn: noop, error: noop };

const pingCase: InProcessCase = {
  name: "GET /ping",
  target: 0.5,
  async setup(lib) {
    const handler = await started(lib, { ping: () => PING_BODY });
    const bare: Fetch = async (request) => {
      if (pathOf(request.url) === "/ping" && request.method === "GET") return Response.json(PING_BODY);
      return Response.json({ detail: "Not Found" }, { status: 404 });
    };
    return { ours: (request) => handler.fetch(request), bare, request: () => new Request(`${ORIGIN}/ping`), close: () => handler.close() };
  },
};

const plainInvocationsCase: InProcessCase = {
  name: "POST /invocations 1 KB",
  async setup(lib) {
    const handler = await started(lib, { invocations: async (request) => request.json() });
    const bare: Fetch = async (request) => {
      if (pathOf(request.url) !== "/invocations" || request.method !== "POST") return new Response(null, { status: 404 });
      return Response.json(await request.json());
    };
    const body = jsonBody(KB);
    return {
      ours: (request) => handler.fetch(request),
      bare,
      // No Content-Length, as an in-process Request has none: the body limit counts it as it is read.
      request: () => new Request(`${ORIGIN}/invocations`, { method: "POST", body, headers: { "content-type": "application/json" } }),
      close: () => handler.close(),
    };
  },
};

const invocationsCase: InProcessCase = {
  name: "POST /invocations 1 KB, sessions + adapter id",
  target: 0.5,
  async setup(lib) {
    const echo: Handler = async (request) => request.json();
    // As vLLM and examples/full.ts have it: sticky sessions outermost.
    const handler = await started(lib, {
      sessions: { enabled: true, store: lib.createMemorySessionStore() },
      invocations: lib.statefulSessionManager()(lib.injectAdapterId("model")(echo)),
    });
    const created = await handler.fetch(
      new Request(`${ORIGIN}/invocations`, { method: "POST", body: '{"requestType":"NEW_SESSION"}' }),
    );
    const sessionId = created.headers.get("x-amzn-sagemaker-new-session-id")?.split(";")[0]?.trim();
    if (created.status !== 200 || !sessionId) return `could not create a session (status ${created.status})`;
    // The bare side does the same work by hand: JSON parse, a session lookup, the id copied in, re-serialise.
    const live = new Map([[sessionId, Date.now() + 1_200_000]]);
    const bare: Fetch = async (request) => {
      if (pathOf(request.url) !== "/invocations" || request.method !== "POST") return new Response(null, { status: 404 });
      const body = (await request.json()) as Record<string, unknown>;
      const id = request.headers.get(SESSION_HEADER);
      if (id !== null && !((live.get(id) ?? 0) > Date.now())) return Response.json({ detail: "session not found" }, { status: 400 });
      const adapter = request.headers.get(ADAPTER_HEADER);
      if (adapter !== null) body.model = adapter;
      return Response.json(body);
    };
    const body = jsonBody(KB);
    const headers = { "content-type": "application/json", [SESSION_HEADER]: sessionId, [ADAPTER_HEADER]: "adapter-1" };
    return {
      ours: (request) => handler.fetch(request),
      bare,
      request: () => new Request(`${ORIGIN}/invocations`, { method: "POST", body, headers }),
      close: () => handler.close(),
    };
  },
};

const adaptersCase: InProcessCase = {
  name: "POST /adapters",
  async setup(lib) {
    const load: Handler = () => undefined;
    const handler = await started(lib, {
      loadAdapter: lib.registerLoadAdapterHandler({ requestShape: { lora_name: "body.name", lora_path: "body.src" } })(load),
    });
    // The bare side: parse, check the two required fields, shape, answer the reference's text.
    const bare: Fetch = async (request) => {
      const body = (await request.json()) as { name?: unknown; src?: unknown };
      if (typeof body.name !== "string" || typeof body.src !== "string") return Response.json({ detail: "name" }, { status: 400 });
      const shaped = { lora_name: body.name, lora_path: body.src };
      return new Response(`Adapter ${shaped.lora_name} registered`);
    };
    const body = JSON.stringify({ name: "adapter-1", src: "s3://bucket/adapters/adapter-1" });
    return {
      ours: (request) => handler.fetch(request),
      bare,
      request: () => new Request(`${ORIGIN}/adapters`, { method: "POST", body, headers: { "content-type": "application/json" } }),
      close: () => handler.close(),
    };
  },
};

export const IN_PROCESS_CASES = [pingCase, plainInvocationsCase, invocationsCase, adaptersCase];

/** Both sides must answer 200 before they are timed: a fast error is not a result. */
async function check(name: string, side: string, fetch: Fetch, request: Request): Promise<void> {
  const response = await fetch(request);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${name} (${side}): status ${response.status}: ${text.slice(0, 200)}`);
}

/** `handler.fetch(request)` against a bare fetch handler doing the same work, no sockets; CPU time per request. */
export async function inProcessSuite(options: SuiteOptions): Promise<Row[]> {
  const lib = await library();
  const timing = interleaveOptions(options.quick);
  const rows: Row[] = [];
  for (const kase of IN_PROCESS_CASES) {
    const area = "In process";
    const target = kase.target === undefined ? "" : `>= ${kase.target * 100}% of bare`;
    const built = await kase.setup(lib).catch((error: unknown) => `setup failed: ${(error as Error).message}`);
    if (typeof built === "string") {
      rows.push(skippedRow(area, kase.name, built, target));
      continue;
    }
    options.log(`${area}: ${kase.name}`);
    try {
      await check(kase.name, "ours", built.ours, built.request());
      await check(kase.name, "bare", built.bare, built.request());
      const side = (fetch: Fetch) => async () => {
        const response = await fetch(built.request());
        await response.arrayBuffer();
      };
      const cost = await interleave({ ours: side(built.ours), bare: side(built.bare) }, timing);
      const ratio = cost.bare.cpuMicros / cost.ours.cpuMicros;
      rows.push({
        area,
        case: kase.name,
        ours: `${formatNumber(1e6 / cost.ours.cpuMicros)} req/s`,
        baseline: `${formatNumber(1e6 / cost.bare.cpuMicros)} req/s (bare fetch handler)`,
        ratio,
        ratioAs: "percent",
        target,
        met: kase.target === undefined ? undefined : ratio >= kase.target,
        note: `per CPU second; ${formatNumber(cost.ours.cpuMicros)} vs ${formatNumber(cost.bare.cpuMicros)} µs a request, ${timing.batches} alternating batches of ${timing.batchSize}; wall time ${formatNumber((100 * cost.bare.wallMicros) / cost.ours.wallMicros)}%; body read`,
      });
    } catch (error) {
      rows.push(skippedRow(area, kase.name, `invalid run: ${(error as Error).message}`, target));
    } finally {
      await built.close();
    }
  }
  return rows;
}
