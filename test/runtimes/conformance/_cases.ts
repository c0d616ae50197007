/**
 * The single list of behaviour cases every transport runs. A case sends requests through a Client and
 * returns an observation; the suite checks it against `expect` and, on every transport but in-process,
 * asserts it equals the in-process observation byte for byte. `unsupported` names the transports where
 * a case cannot run, and why (docs/runtimes.md lists the same).
 */
import { expect } from "vitest";
import type { Answer, Client, Exchange } from "./_client.ts";
import { MODE_CASES } from "./_mode-cases.ts";
import { FIXTURE_MAX_REQUEST_BYTES, PROFILE_HEADER } from "./fixture/app.ts";
import type { Profile } from "./fixture/app.ts";

export const TRANSPORTS = ["in-process", "node20", "node-listener", "node22", "node24", "bun", "deno", "workerd"] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface Case {
  name: string;
  run(client: Client): Promise<unknown>;
  check(observation: unknown): void;
  unsupported?: Partial<Record<Transport, string>>;
  /** A documented runtime difference: on these transports `check` replaces the equality assertion. */
  differs?: Partial<Record<Transport, { reason: string; check(observed: unknown, inProcess: unknown): void }>>;
  /** Cases that wait longer than Bun's 10 s idle timeout on purpose. */
  slow?: boolean;
}

const NO_FILE_SYSTEM = "workerd has no file system: customer scripts cannot be discovered or imported";
const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";
const LIMIT = FIXTURE_MAX_REQUEST_BYTES;
const TOO_LARGE = JSON.stringify({ detail: `Request body is larger than the limit of ${LIMIT} bytes` });

type Expected = { status: number; headers?: Record<string, string | undefined>; body?: string | ((body: string) => void) };

function request(profile: Profile, exchange: Exchange): Exchange {
  return { ...exchange, headers: { [PROFILE_HEADER]: profile, ...exchange.headers } };
}

function checkAnswer(answer: Answer, expected: Expected): void {
  expect(answer.status).toBe(expected.status);
  for (const [name, value] of Object.entries(expected.headers ?? {})) expect(answer.headers[name], name).toBe(value);
  if (typeof expected.body === "string") expect(answer.body).toBe(expected.body);
  else expected.body?.(answer.body);
}

function exchangeCase(name: string, profile: Profile, exchange: Exchange, expected: Expected, extra: Partial<Case> = {}): Case {
  return {
    name,
    run: (client) => client.send(request(profile, exchange)),
    check: (observation) => checkAnswer(observation as Answer, expected),
    ...extra,
  };
}

const json = (value: unknown): string => JSON.stringify(value);

const invoke = (scenario: string, extra: Partial<Exchange> = {}): Exchange => ({
  method: "POST",
  path: "/invocations",
  ...extra,
  headers: { "x-scenario": scenario, ...extra.headers },
});

let probeCounter = 0;
const probeId = (): string => `probe-${Date.now()}-${++probeCounter}`;

async function probe(client: Client, profile: Profile, id: string): Promise<Record<string, unknown>> {
  const answer = await client.send(request(profile, invoke("probe", { headers: { "x-probe-id": id } })));
  return JSON.parse(answer.body) as Record<string, unknown>;
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Where Bun's own Request differs from Node's, Deno's and workerd's, which is what its handlers get. */
function bunDiffers(reason: string, patch: (seen: Record<string, unknown>) => void): Case["differs"] {
  return {
    bun: {
      reason,
      check(observed, inProcess) {
        const expected = structuredClone(inProcess) as Answer;
        const seen = JSON.parse(expected.body) as Record<string, unknown>;
        patch(seen);
        expect(observed).toEqual({ ...expected, body: JSON.stringify(seen) });
      },
    },
  };
}

const BUN_REQUEST_DIFFERENCES: Record<string, Case["differs"]> = {
  blob: bunDiffers("Bun's request.blob() has an empty type; the others take the Content-Type", (seen) => ((seen.read as unknown[])[1] = "")),
  "new-request": bunDiffers("Bun leaves bodyUsed false on a request whose body a new Request(request) took", (seen) => (seen.bodyUsedAfter = false)),
};

/** Behind the wrappers, Bun's handlers get copies: Bun's Blob type and its new Request(request) quirk show through. */
const BUN_COPY_DIFFERENCES: Record<string, Case["differs"]> = {
  blob: bunDiffers("Bun's Blob normalises the type to 'application/json;charset=utf-8'", (seen) => ((seen.read as unknown[])[1] = "application/json;charset=utf-8")),
  "new-request": BUN_REQUEST_DIFFERENCES["new-request"],
};

export const CASES: Case[] = [
  // Routing
  exchangeCase("GET /ping", "basic", { method: "GET", path: "/ping" }, { status: 200, headers: { "content-type": JSON_TYPE }, body: json({ status: "healthy" }) }),
  exchangeCase("POST /ping", "basic", { method: "POST", path: "/ping", body: "" }, { status: 200, body: json({ status: "healthy" }) }),
  exchangeCase("HEAD /ping has headers and no body", "basic", { method: "HEAD", path: "/ping" }, { status: 200, headers: { "content-type": JSON_TYPE }, body: "" }),
  exchangeCase("GET /ping with a query string", "basic", { method: "GET", path: "/ping?verbose=1" }, { status: 200, body: json({ status: "healthy" }) }),
  exchangeCase("GET /invocations is 405 with Allow", "basic", { method: "GET", path: "/invocations" }, {
    status: 405,
    headers: { allow: "POST", "content-type": JSON_TYPE },
    body: json({ detail: "Method Not Allowed" }),
  }),
  exchangeCase("DELETE /ping is 405 with Allow", "basic", { method: "DELETE", path: "/ping" }, { status: 405, headers: { allow: "GET, HEAD, POST" } }),
  exchangeCase("HEAD /invocations is 405 without a body", "basic", { method: "HEAD", path: "/invocations" }, { status: 405, headers: { allow: "POST" }, body: "" }),
  exchangeCase("unknown path without fallback is 404", "basic", { method: "GET", path: "/nowhere" }, { status: 404, body: json({ detail: "Not Found" }) }),
  exchangeCase("a path below /invocations is not ours", "basic", { method: "POST", path: "/invocations/extra", body: "{}" }, { status: 404, body: json({ detail: "Not Found" }) }),
  exchangeCase("an unowned adapter path with a bad escape is 404, not 500", "basic", { method: "DELETE", path: "/adapters/%zz" }, { status: 404 }),

  // Return values
  exchangeCase("echo of a JSON body", "basic", invoke("echo", { body: json({ prompt: "héllo" }), headers: { "content-type": JSON_TYPE } }), {
    status: 200,
    headers: { "content-type": JSON_TYPE },
    body: json({ method: "POST", length: 18, body: json({ prompt: "héllo" }), trace: null }),
  }),
  exchangeCase("a string becomes text/plain", "basic", invoke("string"), { status: 200, headers: { "content-type": TEXT_TYPE }, body: "plain text ✓" }),
  exchangeCase("undefined becomes an empty 200", "basic", invoke("undefined"), { status: 200, headers: { "content-type": undefined }, body: "" }),
  exchangeCase("null becomes JSON null", "basic", invoke("null"), { status: 200, headers: { "content-type": JSON_TYPE }, body: "null" }),
  exchangeCase("a number becomes JSON", "basic", invoke("number"), { status: 200, headers: { "content-type": JSON_TYPE }, body: "42" }),
  exchangeCase("an array becomes JSON", "basic", invoke("array"), { status: 200, headers: { "content-type": JSON_TYPE }, body: json([1, "two", true, { three: 3 }]) }),
  // Bun builds these with its own Response.json: it must serialise exactly as JSON.stringify does.
  exchangeCase("JSON drops undefined and functions as JSON.stringify does", "basic", invoke("json-skips"), {
    status: 200,
    headers: { "content-type": JSON_TYPE },
    body: '{"kept":"é ✓ \u2028","list":[null,null]}',
  }),
  exchangeCase("a result's toJSON() is used", "basic", invoke("to-json"), { status: 200, headers: { "content-type": JSON_TYPE }, body: json({ via: "toJSON" }) }),
  exchangeCase("a toJSON() that yields nothing is a 500", "basic", invoke("to-json-nothing"), { status: 500, body: json({ detail: "Internal Server Error" }) }),
  exchangeCase("a result JSON cannot represent (a BigInt) is a 500", "basic", invoke("unrepresentable"), { status: 500, body: json({ detail: "Internal Server Error" }) }),
  exchangeCase("a Response is sent as is", "basic", invoke("response"), {
    status: 201,
    headers: { "content-type": "text/x-custom", "x-custom": "yes" },
    body: "custom body",
  }),

  // Errors
  exchangeCase("HttpError keeps status, detail and headers", "basic", invoke("http-error"), {
    status: 418,
    headers: { "content-type": JSON_TYPE, "x-error": "1" },
    body: json({ detail: "teapot detail" }),
  }),
  exchangeCase("HttpError with an object detail", "basic", invoke("http-error-object"), { status: 422, body: json({ detail: { field: "prompt", problem: "missing" } }) }),
  exchangeCase("a thrown Error is 500 without its text", "basic", invoke("throw"), { status: 500, body: json({ detail: "Internal Server Error" }) }),

  // The engine's own routes, middlewares and error format
  exchangeCase("fallback serves the engine's routes", "engine", { method: "GET", path: "/v1/models" }, {
    status: 200,
    headers: { "x-trace-out": "engine" },
    body: json({ data: [{ id: "fixture-model" }] }),
  }),
  exchangeCase("fallback answers unknown paths its own way", "engine", { method: "GET", path: "/nowhere" }, {
    status: 404,
    body: json({ error: { message: "engine has no route /nowhere", code: 404 } }),
  }),
  exchangeCase("errorFormatter renders a 405 and keeps Allow", "engine", { method: "GET", path: "/invocations" }, {
    status: 405,
    headers: { allow: "POST", "content-type": JSON_TYPE },
    body: json({ error: { message: "Method Not Allowed", code: 405 } }),
  }),
  exchangeCase("errorFormatter renders an HttpError", "engine", invoke("http-error"), { status: 418, body: json({ error: { message: "teapot detail", code: 418 } }) }),
  exchangeCase("an HttpError thrown in a middleware keeps its status", "engine", invoke("echo", { headers: { "x-mw-reject": "1" } }), {
    status: 429,
    body: json({ error: { message: "slow down", code: 429 } }),
  }),
  exchangeCase("engine middleware runs around the handler", "engine", invoke("echo", { body: "x" }), {
    status: 200,
    headers: { "x-trace-out": "engine" },
    body: json({ method: "POST", length: 1, body: "x", trace: "engine" }),
  }),

  {
    name: "a header a middleware sets on the library's answer stays on that answer",
    async run(client) {
      const marked = await client.send(request("engine", { method: "GET", path: "/ping", headers: { "x-mark-answer": "first" } }));
      const plain = await client.send(request("engine", { method: "GET", path: "/ping" }));
      const failed = await client.send(request("engine", { method: "GET", path: "/invocations", headers: { "x-mark-answer": "second" } }));
      const again = await client.send(request("engine", { method: "GET", path: "/invocations" }));
      const seen = (answer: Answer) => ({ status: answer.status, marked: answer.headers["x-marked"] ?? null, type: answer.headers["content-type"] });
      return [marked, plain, failed, again].map(seen);
    },
    check(observation) {
      expect(observation).toEqual([
        { status: 200, marked: "first", type: JSON_TYPE },
        { status: 200, marked: null, type: JSON_TYPE },
        { status: 405, marked: "second", type: JSON_TYPE },
        { status: 405, marked: null, type: JSON_TYPE },
      ]);
    },
  },
  exchangeCase("Response.json() from engine code", "engine", { method: "GET", path: "/v1/response-json" }, {
    status: 200,
    headers: { "content-type": JSON_TYPE },
    body: json({ made: "with Response.json" }),
  }, {
    differs: {
      bun: {
        reason: "Bun's own Response.json() sets `application/json;charset=utf-8` (Node, Deno and workerd: `application/json`)",
        check(observed, inProcess) {
          const { headers, ...rest } = observed as Answer;
          const { headers: expectedHeaders, ...expectedRest } = inProcess as Answer;
          expect(rest).toEqual(expectedRest);
          expect(headers).toEqual({ ...expectedHeaders, "content-type": "application/json;charset=utf-8" });
        },
      },
    },
  }),

  // Body limit
  exchangeCase("Content-Length over the limit is 413", "basic", invoke("echo", { body: "a".repeat(LIMIT + 1) }), { status: 413, headers: { "content-type": JSON_TYPE }, body: TOO_LARGE }),
  exchangeCase("Content-Length at the limit passes", "basic", invoke("echo", { body: "a".repeat(LIMIT) }), {
    status: 200,
    body: (body) => expect(JSON.parse(body)).toMatchObject({ length: LIMIT }),
  }),
  exchangeCase("a chunked body over the limit is 413", "basic", invoke("echo", { chunks: ["a".repeat(400), "b".repeat(400), "c".repeat(400)] }), { status: 413, body: TOO_LARGE }),
  exchangeCase("a chunked body under the limit passes", "basic", invoke("echo", { chunks: ["a".repeat(100), "b".repeat(100), "c".repeat(100)] }), {
    status: 200,
    body: (body) => expect(JSON.parse(body)).toMatchObject({ length: 300 }),
  }),
  exchangeCase("a chunked 413 goes through errorFormatter", "engine", invoke("echo", { chunks: ["a".repeat(700), "b".repeat(700)] }), {
    status: 413,
    body: json({ error: { message: `Request body is larger than the limit of ${LIMIT} bytes`, code: 413 } }),
  }),

  // Streaming
  exchangeCase("a streamed Response arrives whole", "basic", invoke("stream"), {
    status: 200,
    headers: { "content-type": "text/event-stream" },
    body: "data: one\n\ndata: two\n\ndata: three\n\n",
  }),
  exchangeCase("an invocation quiet for 11 s is not cut", "basic", invoke("slow", { headers: { "x-delay-ms": "11000", "x-probe-id": "slow-invocation" }, timeoutMs: 40_000 }), {
    status: 200,
    body: json({ slept: true }),
  }, { slow: true }),
  exchangeCase("a stream quiet for 11 s is not cut", "basic", invoke("quiet-stream", { headers: { "x-quiet-ms": "11000" }, timeoutMs: 40_000 }), {
    status: 200,
    body: "first\nlast\n",
  }, { slow: true }),

  // Customer scripts (priorities and middleware order)
  exchangeCase("CUSTOM_FASTAPI_PING_HANDLER (level 1) beats the script export (level 3)", "customer", { method: "GET", path: "/ping" }, {
    status: 200,
    body: json({ status: "healthy", source: "env spec handlers.mjs:Probes.ping (level 1)" }),
  }, { unsupported: { workerd: NO_FILE_SYSTEM } }),
  exchangeCase("customInvocationHandler (level 2) beats the script export; middleware order", "customer", invoke("echo", { body: "hi" }), {
    status: 200,
    headers: { "x-trace-out": "post,engine,throttle" },
    body: json({ source: "customInvocationHandler (level 2)", trace: "throttle,engine,pre", body: "hi" }),
  }, { unsupported: { workerd: NO_FILE_SYSTEM } }),
  exchangeCase("customer middlewares run on the engine's routes too", "customer", { method: "GET", path: "/v1/models" }, {
    status: 200,
    headers: { "x-trace-out": "post,engine,throttle" },
  }, { unsupported: { workerd: NO_FILE_SYSTEM } }),

  // LoRA adapters and adapter id injection
  exchangeCase("POST /adapters shapes the body for the engine", "lora-sessions", { method: "POST", path: "/adapters", body: json({ name: "a1", src: "/models/a1" }) }, {
    status: 200,
    body: json({ loaded: { lora_name: "a1", lora_path: "/models/a1" } }),
  }),
  exchangeCase("POST /adapters without a name is 400", "lora-sessions", { method: "POST", path: "/adapters", body: json({ src: "/models/a1" }) }, {
    status: 400,
    body: (body) => expect(JSON.parse(body).detail).toMatch(/name/),
  }),
  exchangeCase("DELETE /adapters/{name} without a body answers the reference text", "lora-sessions", { method: "DELETE", path: "/adapters/a1" }, {
    status: 200,
    body: (body) => expect(body).toContain("Adapter a1 unregistered"),
  }),
  exchangeCase("GET /adapters/{name} is 405", "lora-sessions", { method: "GET", path: "/adapters/a1" }, { status: 405, headers: { allow: "DELETE" } }),
  exchangeCase("the adapter header is injected into the JSON body", "lora-sessions", invoke("echo", {
    body: json({ prompt: "hi" }),
    headers: { "x-amzn-sagemaker-adapter-identifier": "a1" },
  }), { status: 200, body: json({ received: { prompt: "hi", model: "a1" }, inSession: false }) }),
  ...([
    ["with a Content-Length", { body: json({ prompt: "héllo" }) }],
    ["sent chunked", { chunks: ['{"prompt":', '"héllo"}'] }],
  ] satisfies Array<[string, Partial<Exchange>]>).map(([how, body]) =>
    exchangeCase(`the injected body's headers: its own Content-Length, no Transfer-Encoding (${how})`, "lora-sessions", invoke("echo", {
      ...body,
      headers: { "x-lengths": "1", "x-amzn-sagemaker-adapter-identifier": "a1", "content-type": JSON_TYPE },
    }), {
      status: 200,
      body: (text) => {
        const length = new TextEncoder().encode(json({ prompt: "héllo", model: "a1" })).byteLength;
        expect(JSON.parse(text)).toEqual({ contentLength: String(length), transferEncoding: null, bytes: length });
      },
    }),
  ),
  exchangeCase("the adapter header with a body that is not JSON is 400, not 500", "lora-sessions", invoke("echo", {
    body: "{not json",
    headers: { "x-amzn-sagemaker-adapter-identifier": "a1" },
  }), { status: 400, body: json({ detail: "JSON decode error: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)" }) }),

  // Sticky sessions (ids and expiry times differ per run, so they are replaced before comparing)
  {
    name: "a session is created, used, closed, then unknown",
    async run(client) {
      const send = (body: unknown, sessionId?: string) =>
        client.send(request("lora-sessions", invoke("echo", { body: json(body), headers: sessionId === undefined ? {} : { "x-amzn-sagemaker-session-id": sessionId } })));
      const created = await send({ requestType: "NEW_SESSION" });
      const header = created.headers["x-amzn-sagemaker-new-session-id"] ?? "";
      const id = header.split(";")[0]!;
      const redact = (answer: Answer): Answer =>
        JSON.parse(JSON.stringify(answer).replaceAll(id, "<id>").replace(/Expires=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "Expires=<time>")) as Answer;
      return {
        created: redact(created),
        used: redact(await send({ prompt: "in session" }, id)),
        closed: redact(await send({ requestType: "CLOSE" }, id)),
        afterClose: redact(await send({ prompt: "again" }, id)),
        unknown: await send({ prompt: "x" }, "0f7e2c1a-aaaa-4bbb-8ccc-123456789abc"),
      };
    },
    check(observation) {
      const o = observation as Record<string, Answer>;
      expect(o.created).toMatchObject({ status: 200, body: "Session <id> created" });
      expect(o.created!.headers["x-amzn-sagemaker-new-session-id"]).toBe("<id>; Expires=<time>");
      expect(o.used).toMatchObject({ status: 200, body: json({ received: { prompt: "in session" }, inSession: true }) });
      expect(o.closed).toMatchObject({ status: 200, body: "Session <id> closed", headers: { "x-amzn-sagemaker-closed-session-id": "<id>" } });
      expect(o.afterClose).toMatchObject({ status: 400, body: json({ detail: "Bad request: session not found: <id>" }) });
      expect(o.unknown).toMatchObject({ status: 400, body: json({ detail: "Bad request: session not found: 0f7e2c1a-aaaa-4bbb-8ccc-123456789abc" }) });
    },
  },
  exchangeCase("CLOSE without a session id is 424", "lora-sessions", invoke("echo", { body: json({ requestType: "CLOSE" }) }), {
    status: 424,
    body: json({ detail: "Failed to close session: invalid session_id: None" }),
  }),
  exchangeCase("a session request with an unexpected key is 400", "lora-sessions", invoke("echo", { body: json({ requestType: "NEW_SESSION", extra: 1 }) }), { status: 400 }),

  // Client disconnect and the handler's signal
  {
    name: "a client that hangs up aborts context.signal",
    async run(client) {
      const id = probeId();
      await client.abandon(request("basic", invoke("hang", { headers: { "x-probe-id": id } })), {
        afterFirstBytes: false,
        when: () => waitFor("the handler to start", async () => (await probe(client, "basic", id)).outcome === "started"),
      });
      let outcome: unknown;
      await waitFor("the handler to finish", async () => (outcome = (await probe(client, "basic", id)).outcome) !== "started");
      return outcome;
    },
    check: (outcome) => expect(outcome).toBe("aborted"),
    unsupported: { workerd: "workerd does not abort request.signal when the client disconnects (cloudflare/workerd#3033)" },
  },
  ...[false, true].map((readBody): Case => ({
    name: `a client that hangs up mid-stream cancels the body and aborts context.signal once${readBody ? ", after the handler read the request body" : ""}`,
    async run(client) {
      const id = probeId();
      const headers = { "x-probe-id": id, ...(readBody ? { "x-read-body": "1" } : {}) };
      await client.abandon(request("basic", invoke("stream-until-cancel", { headers, ...(readBody ? { body: json({ prompt: "hi" }) } : {}) })), { afterFirstBytes: true });
      let state: Record<string, unknown> = {};
      await waitFor("the stream to end", async () => (state = await probe(client, "basic", id)).outcome !== "started");
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { outcome: state.outcome, aborts: (await probe(client, "basic", id)).aborts };
    },
    check: (observation) => expect(observation).toEqual({ outcome: "cancelled", aborts: 1 }),
    unsupported: { workerd: "workerd under miniflare neither cancels the response body nor runs the handler's timers once the client is gone" },
  })),
  {
    name: "context.signal stays quiet after three normal responses",
    async run(client) {
      const ids = [probeId(), probeId(), probeId()];
      const answers: string[] = [];
      for (const id of ids) answers.push((await client.send(request("basic", invoke("keep-signal", { headers: { "x-probe-id": id } })))).body);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const abortedLater = await Promise.all(ids.map(async (id) => (await probe(client, "basic", id)).abortedLater));
      return { answers, abortedLater };
    },
    check: (observation) => expect(observation).toEqual({ answers: ["kept", "kept", "kept"], abortedLater: [false, false, false] }),
  },

  // What a handler receives is, on every runtime, what a native Request is (API.md, "Runtime shims")
  ...["text", "json", "arrayBuffer", "blob", "body", "clone", "new-request", "twice"].map((read) =>
    exchangeCase(`the request a handler receives behaves natively: ${read}`, "basic", invoke("request-properties", {
      path: "/invocations?q=1",
      body: json({ prompt: "héllo", n: 1 }),
      headers: { "x-read": read, "content-type": JSON_TYPE, "x-extra": "v" },
    }), {
      status: 200,
      body: (body) => expect(JSON.parse(body)).toMatchObject({ instanceOfRequest: true, sameTag: true, method: "POST", path: "/invocations?q=1", signal: true, bodyIsStream: true, bodyUsedBefore: false, ownKeysAsNative: true, jsonAsNative: true }),
    }, { differs: BUN_REQUEST_DIFFERENCES[read] }),
  ),
  ...["text", "json", "arrayBuffer", "blob", "body", "clone", "new-request", "twice", "read-then-property"].map((read) =>
    exchangeCase(`the request the wrappers hand on (adapter id injected) behaves natively: ${read}`, "lora-sessions", invoke("request-properties", {
      path: "/invocations?q=1",
      body: json({ prompt: "héllo", n: 1 }),
      headers: { "x-read": read, "content-type": JSON_TYPE, "x-extra": "v", "x-amzn-sagemaker-adapter-identifier": "lora-a" },
    }), {
      status: 200,
      body: (body) => {
        const seen = JSON.parse(body);
        expect(seen).toMatchObject({ instanceOfRequest: true, sameTag: true, method: "POST", path: "/invocations?q=1", signal: true, bodyIsStream: true, bodyUsedBefore: false, ownKeysAsNative: true, jsonAsNative: true });
        const injected = { prompt: "héllo", n: 1, model: "lora-a" };
        const expected: Record<string, unknown> = {
          text: json(injected),
          json: injected,
          arrayBuffer: [true, json(injected)],
          blob: [true, JSON_TYPE, json(injected)],
          body: json(injected),
          clone: [true, json(injected), json(injected)],
          "new-request": [true, "POST", "/invocations", "yes", json(injected)],
          twice: "TypeError",
          "read-then-property": [true, "TypeError"],
        };
        expect(seen.read).toEqual(expected[read]);
        expect(seen.bodyUsedAfter).toBe(true);
      },
    }, { differs: BUN_COPY_DIFFERENCES[read] }),
  ),
  exchangeCase("the request a handler receives behaves natively: a property read after the body leaves it used", "basic", invoke("request-properties", {
    body: "abc",
    headers: { "x-read": "read-then-property", "content-type": "text/plain" },
  }), { status: 200, body: (body) => expect(JSON.parse(body).read).toEqual([true, "TypeError"]) }),
  exchangeCase("the request a handler receives behaves natively: formData", "basic", invoke("request-properties", {
    body: "a=1&b=two+words",
    headers: { "x-read": "formData", "content-type": "application/x-www-form-urlencoded" },
  }), { status: 200, body: (body) => expect(JSON.parse(body).read).toEqual([["a", "1"], ["b", "two words"]]) }),
  exchangeCase("the request a handler receives behaves natively: a chunked body as a stream", "basic", invoke("request-properties", {
    chunks: ["ab", "cd", "ef"],
    headers: { "x-read": "body" },
  }), { status: 200, body: (body) => expect(JSON.parse(body).read).toBe("abcdef") }),

  // A response stream that fails (an engine failing mid-generation)
  {
    name: "a stream that fails after two chunks is cut at once, aborts context.signal once, and the server keeps serving",
    async run(client) {
      const id = probeId();
      const answer = await client.read(request("basic", invoke("stream-error", { headers: { "x-probe-id": id }, timeoutMs: 10_000 })));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { aborts } = await probe(client, "basic", id);
      const next = await client.send({ method: "GET", path: "/ping" });
      return {
        status: answer.status,
        body: answer.body,
        complete: answer.complete,
        // "At once" on a busy shared machine: far below the client's timeout, which a hang would reach.
        promptly: answer.elapsedMs < 3_000,
        aborts,
        next: next.status,
      };
    },
    check: (observation) => expect(observation).toEqual({ status: 200, body: "chunk1\nchunk2\n", complete: false, promptly: true, aborts: 1, next: 200 }),
    differs: {
      workerd: {
        reason: "workerd under miniflare ends a failed stream with a terminating chunk, so its client cannot tell the body is incomplete (the error is still logged and context.signal aborts)",
        check: (observed) => expect(observed).toEqual({ status: 200, body: "chunk1\nchunk2\n", complete: true, promptly: true, aborts: 1, next: 200 }),
      },
    },
  },
  {
    name: "a fallback stream that fails after two chunks is cut at once, and the server keeps serving",
    async run(client) {
      const answer = await client.read(request("engine", { method: "GET", path: "/v1/stream-error", timeoutMs: 10_000 }));
      const next = await client.send(request("engine", { method: "GET", path: "/v1/models" }));
      return { status: answer.status, body: answer.body, complete: answer.complete, promptly: answer.elapsedMs < 3_000, next: next.status };
    },
    check: (observation) => expect(observation).toEqual({ status: 200, body: "chunk1\nchunk2\n", complete: false, promptly: true, next: 200 }),
    differs: {
      workerd: {
        reason: "workerd under miniflare ends a failed stream with a terminating chunk",
        check: (observed) => expect(observed).toEqual({ status: 200, body: "chunk1\nchunk2\n", complete: true, promptly: true, next: 200 }),
      },
    },
  },
  exchangeCase("a stream that fails before its first chunk is a 500", "basic", invoke("stream-error", { headers: { "x-fail-first": "1" } }), {
    status: 500,
    headers: { "content-type": JSON_TYPE },
    body: json({ detail: "Internal Server Error" }),
  }),

  // Hosting modes: multi-model endpoints, batch transform, async inference
  ...MODE_CASES,
];
