import { describe, expect, test } from "vitest";
import { createSageMakerHandler } from "../../src/handler.ts";
import { SageMakerConfigError } from "../../src/errors.ts";
import { createTransform } from "../../src/index.ts";
import type { Handler, HandlerContext } from "../../src/types.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function serveWith(invocations: Handler, env: Record<string, string> = {}) {
  const handler = createSageMakerHandler({ invocations, env, logger: silent });
  return (init: RequestInit & { path?: string } = {}) =>
    handler.fetch(new Request(`http://127.0.0.1${init.path ?? "/invocations"}`, { method: "POST", ...init }));
}

describe("createTransform: configuration", () => {
  test("a bad shape throws when createTransform is called, naming the key", () => {
    expect(() => createTransform({ requestShape: { x: "headers.X-Foo" } })).toThrow(SageMakerConfigError);
    expect(() => createTransform({ requestShape: { x: "headers.X-Foo" }, name: "myTransform" })).toThrow(/myTransform\.requestShape\.x/);
    expect(() => createTransform({ responseShape: { y: 1 as unknown as string } })).toThrow(/createTransform\.responseShape\.y/);
  });

  test("unknown options and defaults names are rejected", () => {
    expect(() => createTransform({ requestShap: {} } as never)).toThrow(/option 'requestShap'/);
    expect(() => createTransform({ requestShape: {}, defaults: "nope" as never })).toThrow(/defaults/);
  });

  test("checklist 86: with neither shape the handler comes back unchanged", () => {
    const handler: Handler = () => "x";
    expect(createTransform({})(handler)).toBe(handler);
    expect(createTransform({ requestShape: null, responseShape: {} })(handler)).toBe(handler);
  });

  test("checklist 87: one transform applied to two handlers keeps them independent", async () => {
    const wrap = createTransform({ requestShape: { v: "body.v" } });
    const a = serveWith(wrap(async (request) => ({ a: await request.json() })));
    const b = serveWith(wrap(async (request) => ({ b: await request.json() })));
    expect(await (await a({ body: '{"v":1}' })).json()).toEqual({ a: { v: 1 } });
    expect(await (await b({ body: '{"v":2}' })).json()).toEqual({ b: { v: 2 } });
  });
});

describe("createTransform: requests", () => {
  test("the handler gets the shaped object as its JSON body and as context.transformed", async () => {
    let seen: HandlerContext["transformed"];
    const fetch = serveWith(
      createTransform({
        requestShape: { prompt: "body.text", adapter: 'headers."X-Amzn-SageMaker-Adapter-Identifier"', "meta.q": "query_params.q" },
      })(async (request, context) => {
        seen = context.transformed;
        return { body: await request.json(), type: request.headers.get("content-type"), length: request.headers.get("content-length") };
      }),
    );
    const response = await fetch({ path: "/invocations?q=7", body: '{"text":"hi","other":1}', headers: { "x-amzn-sagemaker-adapter-identifier": "ad" } });
    const out = (await response.json()) as { body: unknown; type: string; length: string };
    expect(out.body).toEqual({ prompt: "hi", adapter: "ad", meta: { q: "7" } });
    expect(seen).toEqual(out.body);
    expect(out.type).toBe("application/json");
    expect(Number(out.length)).toBe(new TextEncoder().encode(JSON.stringify(out.body)).byteLength);
  });

  test("a body that is not a JSON object is null in the view, never an error", async () => {
    const fetch = serveWith(createTransform({ requestShape: { b: "body", h: "headers.\"x-a\"" } })(async (request) => request.json()));
    for (const body of ["not json", "", "[1,2]", "\u00ff\u00fe"]) {
      const response = await fetch({ body, headers: { "x-a": "1" } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ b: null, h: "1" });
    }
    const invalidUtf8 = await fetch({ body: new Uint8Array([0xff, 0xfe, 0x7b]) });
    expect(await invalidUtf8.json()).toEqual({ b: null, h: null });
  });

  test("checklist 39 (DEVIATE 6.11): a shape that fails on this request's data is a 400 naming the key, not a 500", async () => {
    const fetch = serveWith(createTransform({ requestShape: { n: "length(body.items)" } })(() => "unreached"));
    const response = await fetch({ body: '{"items": 5}' });
    expect(response.status).toBe(400);
    const { detail } = (await response.json()) as { detail: string };
    expect(detail).toMatch(/^Could not apply createTransform\.requestShape\.n: /);
    expect(detail).not.toContain("5");
  });

  test("env defaults (read at ready()) fill targets the shape leaves null, and headers", async () => {
    const fetch = serveWith(
      createTransform({ requestShape: { capacity_of_str_len: "body.capacity", session: "body.s" }, defaults: "create_session" })(async (request) => ({
        body: await request.json(),
        engine: request.headers.get("x-engine"),
      })),
      { SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS: '{"body.capacity_of_str_len": 1024, "headers.X-Engine": "sglang"}' },
    );
    expect(await (await fetch({ body: "{}" })).json()).toEqual({ body: { capacity_of_str_len: 1024, session: null }, engine: "sglang" });
    expect(await (await fetch({ body: '{"capacity": 5, "s": "x"}', headers: { "x-engine": "mine" } })).json()).toEqual({
      body: { capacity_of_str_len: 5, session: "x" },
      engine: "mine",
    });
  });

  test("GET requests keep their (absent) body; the shaped object is in context.transformed", async () => {
    const handler = createSageMakerHandler({
      logger: silent,
      ping: createTransform({ requestShape: { q: "query_params.q" } })((request, context) => ({ method: request.method, t: context.transformed ?? null })),
    });
    const response = await handler.fetch(new Request("http://x/ping?q=1"));
    expect(await response.json()).toEqual({ method: "GET", t: { q: "1" } });
  });
});

describe("createTransform: responses", () => {
  const shaped = (handler: Handler) =>
    serveWith(createTransform({ responseShape: { text: "body.choices[0].text", status: "status_code", type: 'headers."Content-Type"' } })(handler));

  test("a 2xx JSON response (or a returned object) is reshaped", async () => {
    const fetch = shaped(() => ({ choices: [{ text: "out" }] }));
    const response = await fetch({ body: "{}" });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ text: "out", status: 200, type: "application/json" });
  });

  test("application/*+json counts as JSON, keeping the handler's headers", async () => {
    const fetch = shaped(() => new Response('{"choices":[{"text":"t"}]}', { status: 201, headers: { "content-type": "application/vnd.x+json", "x-own": "1" } }));
    const response = await fetch({ body: "{}" });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-own")).toBe("1");
    expect(await response.json()).toEqual({ text: "t", status: 201, type: "application/vnd.x+json" });
  });

  test("errors, text, invalid JSON and streams pass through untouched", async () => {
    const error = await shaped(() => Response.json({ error: "e" }, { status: 404 }))({ body: "{}" });
    expect(await error.json()).toEqual({ error: "e" });
    const text = await shaped(() => "plain")({ body: "{}" });
    expect(await text.text()).toBe("plain");
    const invalid = await shaped(() => new Response("{oops", { headers: { "content-type": "application/json" } }))({ body: "{}" });
    expect(await invalid.text()).toBe("{oops");

    const encoder = new TextEncoder();
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 3) controller.close();
        else controller.enqueue(encoder.encode(`data: ${pulled}\n\n`));
      },
    });
    const sse = await shaped(() => new Response(stream, { headers: { "content-type": "text/event-stream" } }))({ body: "{}" });
    expect(sse.headers.get("content-type")).toBe("text/event-stream");
    expect(await sse.text()).toBe("data: 1\n\ndata: 2\n\ndata: 3\n\n");
  });

  test("a response shape that fails on the engine's answer is a 500 with a clear detail", async () => {
    const fetch = serveWith(createTransform({ responseShape: { n: "length(body.x)" } })(() => ({ x: 1 })));
    const response = await fetch({ body: "{}" });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^Could not apply createTransform\.responseShape\.n/);
  });
});
