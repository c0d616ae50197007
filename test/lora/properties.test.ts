/** Property tests: random headers, bodies, queries and adapter names never make the adapter routes answer 5xx. */
import fc from "fast-check";
import { beforeEach, describe, expect, test } from "vitest";
import { adapters, handler } from "../../examples/full.ts";
import { createSageMakerHandler } from "../../src/handler.ts";
import { registerLoadAdapterHandler, registerUnloadAdapterHandler } from "../../src/index.ts";
import { silentLogger } from "./_client.ts";
import { validHeaderValue } from "../support/header-values.ts";

const RUNS = 150;

const headerValue = fc.oneof(
  fc.constantFrom("", "a1", "a1, a2", " a1 ", "org/adapter", "x".repeat(300), "\tidx", "%2F", "\u00e9"),
  fc.string({ maxLength: 40 }).filter(validHeaderValue),
);

const jsonBody = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value));
const sagemakerBody = fc
  .record(
    {
      name: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
      src: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
      preload: fc.jsonValue({ maxDepth: 1 }),
      pin: fc.constantFrom(true, false, "yes", "off", 0, 1, 2, null, "maybe"),
      load_inplace: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value));
const body = fc.oneof(
  jsonBody,
  sagemakerBody,
  fc.string({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 40 }),
  fc.constant(undefined),
  fc.constantFrom("{", "[1,2]", "null", '{"__proto__":{"x":1}}', '{"model":{"a":1}}', "\u00ef\u00bb\u00bf{}"),
);
const query = fc.oneof(
  fc.constant(""),
  fc.dictionary(fc.constantFrom("name", "src", "preload", "pin", "x"), fc.string({ maxLength: 12 }), { maxKeys: 4 }).map(
    (params) => `?${new URLSearchParams(params).toString()}`,
  ),
  fc.constantFrom("?name=%ZZ", "?name&src", "?name=a&name=b&src=s"),
);
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom("%", "%E0%A4%A", "%00", "%2F", "a%2Fb", "%20", ".", "..", "x".repeat(300)),
);
const headers = fc.record(
  {
    "x-amzn-sagemaker-adapter-identifier": headerValue,
    "x-amzn-sagemaker-adapter-alias": headerValue,
    "content-type": fc.constantFrom("application/json", "text/plain", "text/csv", "application/octet-stream", ""),
  },
  { requiredKeys: [] },
);

async function send(target: { fetch(request: Request): Promise<Response> }, method: string, path: string, init: { body?: string | Uint8Array; headers: Record<string, string> }) {
  const response = await target.fetch(
    new Request(`http://127.0.0.1${path}`, { method, headers: init.headers, body: init.body as BodyInit | undefined }),
  );
  const text = await response.text();
  return { status: response.status, text };
}

describe("never a 5xx", () => {
  beforeEach(() => adapters.clear());

  test("POST /adapters (examples/full.ts, vLLM shapes)", async () => {
    await fc.assert(
      fc.asyncProperty(body, headers, query, async (payload, head, search) => {
        const { status, text } = await send(handler, "POST", `/adapters${search}`, { body: payload, headers: head });
        expect(status, text).toBeLessThan(500);
        // Ours are `{"detail"}`; the engine's own 400 ("already loaded") is vLLM's `{"error"}`.
        if (status >= 400) expect(Object.keys(JSON.parse(text) as object)).toEqual([expect.stringMatching(/^(detail|error)$/)]);
      }),
      { numRuns: RUNS },
    );
  });

  test("DELETE /adapters/{name}", async () => {
    await fc.assert(
      fc.asyncProperty(segment, body, headers, async (name, payload, head) => {
        const { status, text } = await send(handler, "DELETE", `/adapters/${name}`, { body: payload, headers: head });
        expect(status, text).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  test("POST /invocations with injectAdapterId", async () => {
    adapters.set("a1", "/s");
    await fc.assert(
      fc.asyncProperty(body, headers, async (payload, head) => {
        const { status, text } = await send(handler, "POST", "/invocations", { body: payload, headers: head });
        expect(status, text).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  test("shapes reading every part of the view, including functions that can fail on data", async () => {
    const echo = createSageMakerHandler({
      logger: silentLogger,
      loadAdapter: registerLoadAdapterHandler({
        requestShape: {
          n: "length(body.name)",
          s: "to_string(body.src)",
          h: 'headers."X-Amzn-SageMaker-Adapter-Identifier" || `"none"`',
          q: "query_params.*",
          k: "keys(headers)",
          j: "join(',', [body.name, body.src])",
          // Fails (a 400) whenever ?x= is absent or not a number.
          x: "abs(to_number(query_params.x))",
        },
      })((_request, context) => context.transformed as object),
      unloadAdapter: registerUnloadAdapterHandler({ requestShape: { n: "path_params.adapter_name", l: "length(path_params.adapter_name)" } })(
        () => undefined,
      ),
    });
    await fc.assert(
      fc.asyncProperty(body, headers, query, segment, async (payload, head, search, name) => {
        const load = await send(echo, "POST", `/adapters${search}`, { body: payload, headers: head });
        expect(load.status, load.text).toBeLessThan(500);
        const unload = await send(echo, "DELETE", `/adapters/${name}`, { headers: head });
        expect(unload.status, unload.text).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });
});
