/**
 * ref-lora-transforms section 5, items 1-55: routing, register and unregister, in process and over a
 * real Node socket. Handlers are configured as in MHCS's integration test. Items marked DEVIATE follow
 * section 6 or API.md and are listed in docs/lora.md.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSageMakerHandler } from "../../src/handler.ts";
import { HttpError } from "../../src/http-error.ts";
import { injectAdapterId, registerLoadAdapterHandler, registerUnloadAdapterHandler } from "../../src/index.ts";
import type { Handler, HandlerContext } from "../../src/types.ts";
import { TRANSPORTS, issuesOf, jsonCall, silentLogger, start } from "./_client.ts";
import type { Client, Started } from "./_client.ts";

interface Seen {
  body: unknown;
  transformed: unknown;
  contentType: string | null;
}

let loadImpl: Handler;
let unloadImpl: Handler;
let seen: Seen[];

async function record(request: Request, context: HandlerContext): Promise<void> {
  seen.push({ body: await request.json(), transformed: context.transformed, contentType: request.headers.get("content-type") });
}

const emptyOk: Handler = async (request, context) => {
  await record(request, context);
  return new Response(null, { status: 200 });
};

function buildHandler() {
  return createSageMakerHandler({
    logger: silentLogger,
    invocations: injectAdapterId("model")(async (request) => request.json()),
    loadAdapter: registerLoadAdapterHandler({ requestShape: { lora_name: "body.name", lora_path: "body.src" } })((request, context) =>
      loadImpl(request, context),
    ),
    unloadAdapter: registerUnloadAdapterHandler({ requestShape: { lora_name: "path_params.adapter_name" } })((request, context) =>
      unloadImpl(request, context),
    ),
  });
}

describe.each(TRANSPORTS)("adapters over %s", (transport) => {
  let server: Started;
  let call: Client;

  beforeAll(async () => {
    server = await start(buildHandler(), transport);
    call = server.client;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    seen = [];
    loadImpl = emptyOk;
    unloadImpl = emptyOk;
  });

  describe("routing", () => {
    test("1: a valid POST /adapters runs the register pipeline", async () => {
      const answer = await call("POST", "/adapters", jsonCall({ name: "test-adapter", src: "s3://bucket/adapter" }));
      expect(answer.status).toBe(200);
      expect(seen).toHaveLength(1);
    });

    test("2: GET /adapters is 405 with Allow: POST", async () => {
      const answer = await call("GET", "/adapters");
      expect(answer.status).toBe(405);
      expect(answer.json).toEqual({ detail: "Method Not Allowed" });
      expect(answer.headers.get("allow")).toBe("POST");
    });

    test("3: PUT or POST /adapters/x is 405 with Allow: DELETE", async () => {
      for (const method of ["PUT", "POST"]) {
        const answer = await call(method, "/adapters/x", { body: "{}" });
        expect(answer.status).toBe(405);
        expect(answer.headers.get("allow")).toBe("DELETE");
      }
    });

    test("4: DELETE /adapters and DELETE /adapters/ are 405", async () => {
      for (const path of ["/adapters", "/adapters/"]) expect((await call("DELETE", path)).status).toBe(405);
    });

    test("5: DELETE /adapters/a/b is 404; /adapters/a%2Fb is a 400 naming the '/' (DEVIATE API.md: names are checked)", async () => {
      const nested = await call("DELETE", "/adapters/a/b");
      expect(nested.status).toBe(404);
      expect(nested.json).toEqual({ detail: "Not Found" });
      const encoded = await call("DELETE", "/adapters/a%2Fb");
      expect(encoded.status).toBe(400);
      expect((encoded.json as { detail: string }).detail).toMatch(/cannot contain '\/'/);
      expect(seen).toHaveLength(0);
    });

    test("6: DELETE /adapters/a%20b reaches the handler as 'a b'", async () => {
      const answer = await call("DELETE", "/adapters/a%20b");
      expect(answer.status).toBe(200);
      expect(answer.text).toBe("Adapter a b unregistered");
      expect(seen[0]?.transformed).toEqual({ lora_name: "a b" });
    });

    test("8: inject adds no route of its own", async () => {
      expect((await call("POST", "/inject_adapter_id", jsonCall({}))).status).toBe(404);
    });
  });

  describe("register: validation", () => {
    test("9 (DEVIATE 6.13: no `input` member): missing src is 400 naming src", async () => {
      const answer = await call("POST", "/adapters", jsonCall({ name: "test-adapter" }));
      expect(answer.status).toBe(400);
      expect(answer.headers.get("content-type")).toBe("application/json");
      expect(issuesOf(answer)).toEqual([{ type: "missing", loc: ["src"], msg: "Field required" }]);
    });

    test("10: {} is 400 with name then src missing", async () => {
      const issues = issuesOf(await call("POST", "/adapters", jsonCall({})));
      expect(issues.map((issue) => [issue.type, issue.loc])).toEqual([
        ["missing", ["name"]],
        ["missing", ["src"]],
      ]);
    });

    test("11/12: empty name or src have MHCS's messages", async () => {
      const name = issuesOf(await call("POST", "/adapters", jsonCall({ name: "", src: "s" })));
      expect(name).toEqual([
        {
          type: "value_error",
          loc: ["name"],
          msg: "Value error, The parameter name cannot be an empty string",
          ctx: { error: "The parameter name cannot be an empty string" },
        },
      ]);
      const src = issuesOf(await call("POST", "/adapters", jsonCall({ name: "a", src: "" })));
      expect(src[0]?.msg).toBe("Value error, The parameter src cannot be an empty string");
    });

    test("13/14: null or numbers are string_type (no coercion)", async () => {
      for (const body of [{ name: null, src: "s" }, { name: 5, src: "s" }, { name: "a", src: null }]) {
        const issues = issuesOf(await call("POST", "/adapters", jsonCall(body)));
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ type: "string_type", msg: "Input should be a valid string" });
      }
    });

    test("15: bad booleans are bool_parsing / bool_type", async () => {
      const parsing = issuesOf(await call("POST", "/adapters", jsonCall({ name: "a", src: "s", preload: "maybe" })));
      expect(parsing).toEqual([{ type: "bool_parsing", loc: ["preload"], msg: "Input should be a valid boolean, unable to interpret input" }]);
      const type = issuesOf(await call("POST", "/adapters", jsonCall({ name: "a", src: "s", preload: null })));
      expect(type).toEqual([{ type: "bool_type", loc: ["preload"], msg: "Input should be a valid boolean" }]);
      for (const pin of [0.5, [true], { a: 1 }]) {
        expect(issuesOf(await call("POST", "/adapters", jsonCall({ name: "a", src: "s", pin })))[0]?.type).toBe("bool_type");
      }
      expect(issuesOf(await call("POST", "/adapters", jsonCall({ name: "a", src: "s", pin: 2 })))[0]?.type).toBe("bool_parsing");
    });

    test("16/31: lax booleans are accepted; defaults preload=true, pin=false", async () => {
      loadImpl = async (request, context) => {
        await record(request, context);
        return undefined;
      };
      const shaped = registerLoadAdapterHandler({ requestShape: { p: "body.preload", q: "body.pin" } })(async (_request, context) => context.transformed as object);
      const local = createSageMakerHandler({ logger: silentLogger, loadAdapter: shaped });
      const ask = async (body: unknown) => (await local.fetch(new Request("http://x/adapters", { method: "POST", body: JSON.stringify(body) }))).json();
      expect(await ask({ name: "a", src: "s" })).toEqual({ p: true, q: false });
      expect(await ask({ name: "a", src: "s", preload: "yes", pin: 1 })).toEqual({ p: true, q: true });
      expect(await ask({ name: "a", src: "s", preload: "OFF", pin: "T" })).toEqual({ p: false, q: true });
      expect(await ask({ name: "a", src: "s", preload: 0, pin: "n" })).toEqual({ p: false, q: false });
    });

    test("17: extra fields are ignored and invisible to body.*", async () => {
      const answer = await call("POST", "/adapters", jsonCall({ name: "a", src: "s", extra: 1 }));
      expect(answer.status).toBe(200);
      expect(seen[0]?.body).toEqual({ lora_name: "a", lora_path: "s" });
    });

    test("18: a JSON body that is not an object is model_type with an empty loc", async () => {
      for (const body of ["[1]", "null", '"x"', "3"]) {
        const issues = issuesOf(await call("POST", "/adapters", { body }));
        expect(issues).toEqual([
          {
            type: "model_type",
            loc: [],
            msg: "Input should be a valid dictionary or instance of SageMakerRegisterLoRAAdapterRequest",
            ctx: { class_name: "SageMakerRegisterLoRAAdapterRequest" },
          },
        ]);
      }
    });

    test("19/20: malformed JSON or no body, and no query: name and src missing, not a decode error", async () => {
      for (const body of ["{bad", undefined]) {
        const answer = await call("POST", "/adapters", body === undefined ? {} : { body });
        expect(answer.status).toBe(400);
        expect(issuesOf(answer).map((issue) => issue.loc)).toEqual([["name"], ["src"]]);
      }
    });

    test("21/22/25: the query string is used when there is no JSON body; the last repeated value wins", async () => {
      expect((await call("POST", "/adapters?name=q1&src=s3://x/y")).status).toBe(200);
      expect(seen[0]?.transformed).toEqual({ lora_name: "q1", lora_path: "s3://x/y" });
      expect((await call("POST", "/adapters?name=q1&name=q2&src=s")).status).toBe(200);
      expect(seen[1]?.transformed).toEqual({ lora_name: "q2", lora_path: "s" });
    });

    test("23/24: malformed JSON falls back to the query; a valid JSON body wins over it", async () => {
      expect((await call("POST", "/adapters?name=q3&src=s", { body: "{bad" })).status).toBe(200);
      expect((await call("POST", "/adapters?name=q4&src=s", jsonCall({ name: "b", src: "bs" }))).status).toBe(200);
      expect(seen.map((entry) => entry.transformed)).toEqual([
        { lora_name: "q3", lora_path: "s" },
        { lora_name: "b", lora_path: "bs" },
      ]);
    });

    test("26 (DEVIATE 6.14): a blank name is a 400; so are '/', control characters and names over 256 characters", async () => {
      const cases: Array<[string, RegExp]> = [
        ["  ", /cannot be blank/],
        ["../a/b", /cannot contain '\/'/],
        [".", /cannot be '\.' or '\.\.'/],
        ["..", /cannot be '\.' or '\.\.'/],
        ["a\u0001b", /control characters/],
        ["a".repeat(257), /longer than 256/],
      ];
      for (const [name, message] of cases) {
        const issues = issuesOf(await call("POST", "/adapters", jsonCall({ name, src: "s" })));
        expect(issues[0]).toMatchObject({ type: "value_error", loc: ["name"] });
        expect(issues[0]?.msg).toMatch(message);
      }
      expect((await call("POST", "/adapters", jsonCall({ name: "a".repeat(256), src: "s" }))).status).toBe(200);
      expect(seen).toHaveLength(1);
    });

    test("every name a load accepts is reachable by DELETE /adapters/{encodeURIComponent(name)}", async () => {
      const names = ["...", ".a", "a.", "%2e", "%2E%2E", "a\\b", "?x", "#x", "%", " lead", "trail ", "\u{1F600}"];
      for (const name of names) {
        expect((await call("POST", "/adapters", jsonCall({ name, src: "s" }))).status).toBe(200);
        const answer = await call("DELETE", `/adapters/${encodeURIComponent(name)}`);
        expect({ name, status: answer.status, text: answer.text }).toEqual({ name, status: 200, text: `Adapter ${name} unregistered` });
      }
    });

    test("27: JSON sent as text/plain is accepted", async () => {
      const answer = await call("POST", "/adapters", { body: '{"name":"a","src":"s"}', headers: { "content-type": "text/plain" } });
      expect(answer.status).toBe(200);
    });

    test("28 (DEVIATE 6.7): a body that is not UTF-8 counts as 'not JSON' and falls back to the query, never a 500", async () => {
      const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
      expect((await call("POST", "/adapters", { body: bytes })).status).toBe(400);
      expect((await call("POST", "/adapters?name=u&src=s", { body: bytes })).status).toBe(200);
    });
  });

  describe("register: hand-off", () => {
    test("29/36 (DEVIATE 6.9): the handler's JSON body and context.transformed are the shaped object", async () => {
      await call("POST", "/adapters", jsonCall({ name: "test-adapter", src: "s3://bucket/adapter", preload: false }));
      expect(seen[0]).toEqual({
        body: { lora_name: "test-adapter", lora_path: "s3://bucket/adapter" },
        transformed: { lora_name: "test-adapter", lora_path: "s3://bucket/adapter" },
        contentType: "application/json",
      });
    });

    test("44: the identifier header does not replace the body's name", async () => {
      const answer = await call("POST", "/adapters", jsonCall({ name: "a1", src: "s" }, { "X-Amzn-SageMaker-Adapter-Identifier": "idh" }));
      expect(answer.text).toBe("Adapter a1 registered");
    });
  });

  describe("register: response", () => {
    test("41 (DEVIATE API.md): a 2xx without a body becomes 'Adapter <name> registered', text/plain, nosniff", async () => {
      loadImpl = async (request, context) => {
        await record(request, context);
        return new Response(null, { status: 200, headers: { "x-engine": "1" } });
      };
      const answer = await call("POST", "/adapters", jsonCall({ name: "test-adapter", src: "s" }));
      expect(answer.status).toBe(200);
      expect(answer.text).toBe("Adapter test-adapter registered");
      expect(answer.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    });

    test("41/48 (DEVIATE API.md): undefined, an empty string body and 204 also count as 'no body'", async () => {
      for (const result of [undefined, () => new Response(""), () => new Response(null, { status: 204 })]) {
        loadImpl = () => (typeof result === "function" ? result() : result);
        const answer = await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }));
        expect([answer.status, answer.text]).toEqual([200, "Adapter n registered"]);
      }
    });

    test("41/48 (DEVIATE API.md): a 2xx with a body is returned as the handler made it", async () => {
      loadImpl = () => ({ status: "success", adapter_name: "n" });
      const object = await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }));
      expect([object.status, object.json]).toEqual([200, { status: "success", adapter_name: "n" }]);
      loadImpl = () => new Response("Success: LoRA adapter 'n' added successfully.", { status: 200 });
      expect((await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }))).text).toBe("Success: LoRA adapter 'n' added successfully.");
    });

    test("42/43: the alias header replaces the name; an empty alias does not", async () => {
      expect((await call("POST", "/adapters", jsonCall({ name: "a1", src: "s" }, { "X-Amzn-SageMaker-Adapter-Alias": "al" }))).text).toBe(
        "Adapter al registered",
      );
      expect((await call("POST", "/adapters", jsonCall({ name: "a1", src: "s" }, { "X-Amzn-SageMaker-Adapter-Alias": "" }))).text).toBe(
        "Adapter a1 registered",
      );
    });

    test("45/46: any other status passes through, body and headers included", async () => {
      loadImpl = () => new Response("created", { status: 201 });
      expect(await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }))).toMatchObject({ status: 201, text: "created" });
      for (const status of [400, 404, 500]) {
        loadImpl = () => Response.json({ error: { message: "nope" } }, { status, headers: { "x-engine": "vllm" } });
        const answer = await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }));
        expect(answer.status).toBe(status);
        expect(answer.json).toEqual({ error: { message: "nope" } });
        expect(answer.headers.get("x-engine")).toBe("vllm");
      }
    });

    test("47: HttpError(409, 'busy') is 409 {detail: busy}", async () => {
      loadImpl = () => {
        throw new HttpError(409, "busy");
      };
      const answer = await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }));
      expect([answer.status, answer.json]).toEqual([409, { detail: "busy" }]);
    });

    test("55 (DEVIATE API.md): a 200 stream with data passes through; an empty stream becomes the message", async () => {
      const encoder = new TextEncoder();
      loadImpl = () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(0));
              controller.enqueue(encoder.encode("chunk1,"));
              controller.enqueue(encoder.encode("chunk2"));
              controller.close();
            },
          }),
        );
      expect((await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }))).text).toBe("chunk1,chunk2");
      loadImpl = () => new Response(new ReadableStream({ start: (controller) => controller.close() }));
      expect((await call("POST", "/adapters", jsonCall({ name: "n", src: "s" }))).text).toBe("Adapter n registered");
    });
  });

  describe("unregister", () => {
    test("49: the path name reaches the handler; 200 'Adapter <name> unregistered'", async () => {
      const answer = await call("DELETE", "/adapters/test-adapter");
      expect([answer.status, answer.text]).toEqual([200, "Adapter test-adapter unregistered"]);
      expect(seen[0]?.transformed).toEqual({ lora_name: "test-adapter" });
      expect(seen[0]?.body).toEqual({ lora_name: "test-adapter" });
    });

    test("50: the handler's 404 passes through", async () => {
      unloadImpl = () => new Response("Adapter not found", { status: 404 });
      const answer = await call("DELETE", "/adapters/test-adapter");
      expect([answer.status, answer.text]).toEqual([404, "Adapter not found"]);
    });

    test("51/52: the alias wins; the identifier header does not replace the path name", async () => {
      expect((await call("DELETE", "/adapters/x", { headers: { "X-Amzn-SageMaker-Adapter-Alias": "al" } })).text).toBe("Adapter al unregistered");
      expect((await call("DELETE", "/adapters/pathname", { headers: { "X-Amzn-SageMaker-Adapter-Identifier": "hdr" } })).text).toBe(
        "Adapter pathname unregistered",
      );
    });

    test("53: a DELETE body is ignored: body is null in the view", async () => {
      const local = createSageMakerHandler({
        logger: silentLogger,
        unloadAdapter: registerUnloadAdapterHandler({ requestShape: { b: "body", n: "path_params.adapter_name" } })((_r, context) => context.transformed as object),
      });
      const response = await local.fetch(new Request("http://x/adapters/n", { method: "DELETE", body: '{"name":"other"}' }));
      expect(await response.json()).toEqual({ b: null, n: "n" });
    });

    test("names are checked: control characters and malformed escapes are 400", async () => {
      for (const path of ["/adapters/a%01b", "/adapters/%E0%A4%A", `/adapters/${"a".repeat(257)}`, "/adapters/%20%20"]) {
        const answer = await call("DELETE", path);
        expect(answer.status, path).toBe(400);
        expect((answer.json as { detail: string }).detail).toMatch(/^Invalid adapter_name in the path/);
      }
      expect(seen).toHaveLength(0);
    });
  });
});

describe("without a transport", () => {
  const context = (params: Record<string, string>): HandlerContext => ({
    params,
    env: {},
    logger: silentLogger,
    signal: new AbortController().signal,
  });

  test("7: without a register handler POST /adapters is 404", async () => {
    const handler = createSageMakerHandler({ logger: silentLogger, invocations: () => "ok" });
    expect((await handler.fetch(new Request("http://x/adapters", { method: "POST", body: "{}" }))).status).toBe(404);
  });

  test("54: an empty or missing path parameter is 424", async () => {
    const wrapped = registerUnloadAdapterHandler({ requestShape: { lora_name: "path_params.adapter_name" } })(() => undefined);
    for (const params of [{}, { adapter_name: "" }] as Array<Record<string, string>>) {
      const error = await Promise.resolve(wrapped(new Request("http://x/elsewhere", { method: "DELETE" }), context(params))).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 424, detail: "Malformed request path; missing path parameter: adapter_name" });
    }
  });

  test("35 (DEVIATE 6.9): the empty shape calls the handler with {} as body and context.transformed", async () => {
    const handler = createSageMakerHandler({
      logger: silentLogger,
      loadAdapter: registerLoadAdapterHandler({ requestShape: {} })(async (request, ctx) => ({ body: await request.json(), t: ctx.transformed as object })),
    });
    const response = await handler.fetch(new Request("http://x/adapters", { method: "POST", body: '{"name":"a","src":"s"}' }));
    expect(await response.json()).toEqual({ body: {}, t: {} });
  });

  test("30/32/33: nested and dotted targets, query and case-insensitive headers in the shape", async () => {
    const handler = createSageMakerHandler({
      logger: silentLogger,
      loadAdapter: registerLoadAdapterHandler({
        requestShape: {
          adapter_config: { name: "body.name" },
          source_path: "body.src",
          q: "query_params.name",
          "h.lower": 'headers."x-foo"',
          "h.upper": 'headers."X-FOO"',
        },
      })((_request, ctx) => ctx.transformed as object),
    });
    const viaBody = await handler.fetch(new Request("http://x/adapters?name=qq", { method: "POST", headers: { "X-Foo": "bar" }, body: '{"name":"n","src":"s"}' }));
    expect(await viaBody.json()).toEqual({ adapter_config: { name: "n" }, source_path: "s", q: "qq", h: { lower: "bar", upper: "bar" } });
    const viaQuery = await handler.fetch(new Request("http://x/adapters?name=qn&src=qs", { method: "POST" }));
    expect(await viaQuery.json()).toEqual({ adapter_config: { name: "qn" }, source_path: "qs", q: "qn", h: { lower: null, upper: null } });
  });

  test("39 (DEVIATE 6.11): a shape failing on this request is a 400 naming the key", async () => {
    const handler = createSageMakerHandler({
      logger: silentLogger,
      loadAdapter: registerLoadAdapterHandler({ requestShape: { n: "length(query_params.missing)" } })(() => undefined),
    });
    const response = await handler.fetch(new Request("http://x/adapters", { method: "POST", body: '{"name":"a","src":"s"}' }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/registerLoadAdapterHandler\.requestShape\.n/);
  });

  test("responseShape applies to a 2xx JSON answer only", async () => {
    const handler = createSageMakerHandler({
      logger: silentLogger,
      loadAdapter: registerLoadAdapterHandler({ requestShape: { lora_name: "body.name" }, responseShape: { loaded: "body.id" } })(async (request) => {
        const { lora_name } = (await request.json()) as { lora_name: string };
        if (lora_name === "bad") return Response.json({ id: "x" }, { status: 400 });
        return { id: lora_name, extra: true };
      }),
    });
    const ok = await handler.fetch(new Request("http://x/adapters", { method: "POST", body: '{"name":"a","src":"s"}' }));
    expect(await ok.json()).toEqual({ loaded: "a" });
    const bad = await handler.fetch(new Request("http://x/adapters", { method: "POST", body: '{"name":"bad","src":"s"}' }));
    expect([bad.status, await bad.json()]).toEqual([400, { id: "x" }]);
  });
});
