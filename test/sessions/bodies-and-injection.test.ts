// ref-sessions checklist 30-53 and 71: session-request validation, odd bodies, id injection, sessions off,
// and settings. "FIX (Wn)" marks a deliberate difference from the reference (docs/sessions.md).
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createHandlerOn } from "../../src/handler.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import type { SessionStore } from "../../src/sessions/store.ts";
import { BOTOCORE_NEW_SESSION, CLOSE_BODY, ENABLED, NEW_SESSION_BODY, createSession, detailOf, useApps } from "./_harness.ts";

const app = useApps();

const errorsOf = async (response: Response) => JSON.parse((await detailOf(response)) as string) as Array<Record<string, unknown>>;

describe.each([
  ["enabled", ENABLED],
  ["disabled", {}],
])("session-request validation, sessions %s", (_name, env) => {
  it("30/34: an unknown requestType is 400 with a pydantic-style enum error (before the enabled check)", async () => {
    const a = await app({ env });
    const response = await a.post('{"requestType":"INVALID_TYPE"}');
    expect(response.status).toBe(400);
    const [error] = await errorsOf(response);
    expect(error).toEqual({
      type: "enum",
      loc: ["requestType"],
      msg: "Input should be 'NEW_SESSION' or 'CLOSE'",
      input: "INVALID_TYPE",
      ctx: { expected: "'NEW_SESSION' or 'CLOSE'" },
    });
  });

  it("31: NEW_SESSION with an extra field is 400 extra_forbidden and creates nothing", async () => {
    const a = await app({ env });
    const response = await a.post('{"requestType":"NEW_SESSION","extra_field":"not_allowed"}');
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[0]).toMatchObject({ type: "extra_forbidden", loc: ["extra_field"], input: "not_allowed" });
    expect(response.headers.get("X-Amzn-SageMaker-New-Session-Id")).toBeNull();
  });

  it("33: requestType null or lower-case is an enum error (case-sensitive)", async () => {
    const a = await app({ env });
    for (const body of ['{"requestType":null}', '{"requestType":"new_session"}', '{"requestType":1}']) {
      const response = await a.post(body);
      expect(response.status, body).toBe(400);
      expect((await errorsOf(response))[0]!.type).toBe("enum");
    }
    expect(a.seen).toHaveLength(0);
  });

  it("35-39: FIX (W13) bodies that are not session requests reach the handler untouched, never 400/500", async () => {
    const a = await app({ env });
    const bodies: Array<BodyInit | null> = [null, "", "   ", "a,b,c\n1,2,3", "[1,2]", '"hello"', '"has requestType inside"', "42", "true", "null", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), '{"requestType":"NEW_SESSION"'];
    for (const body of bodies) {
      const response = await a.post(body);
      expect(response.status, String(body)).toBe(200);
    }
    expect(a.seen.map((s) => s.body)).toEqual(["", "", "   ", "a,b,c\n1,2,3", "[1,2]", '"hello"', '"has requestType inside"', "42", "true", "null", "{\ufffd\ufffd}", '{"requestType":"NEW_SESSION"']);
  });

  it("a request without requestType keeps its headers (content-length, content-type) and bytes", async () => {
    const a = await app({ env });
    const bytes = new Uint8Array([0, 1, 2, 255, 254, 10]);
    const response = await a.post(bytes, null, { "content-type": "application/octet-stream" });
    expect(response.status).toBe(200);
    expect(a.seen[0]!.contentType).toBe("application/octet-stream");
  });

  it("a requestType key spelled with escapes is still a session request", async () => {
    const a = await app({ env });
    const response = await a.post('{"request\\u0054ype":"BOGUS"}');
    expect(response.status).toBe(400);
  });
});

describe("injection (engineRequestSessionIdPath)", () => {
  it("40-41: writes the id at a top-level path, overwriting a client value", async () => {
    const a = await app({ manager: { engineRequestSessionIdPath: "session_id" } });
    const id = await createSession(a);
    await a.post('{"prompt":"test request"}', id);
    await a.post('{"session_id":"client"}', id);
    expect(a.seen.map((s) => JSON.parse(s.body))).toEqual([{ prompt: "test request", session_id: id }, { session_id: id }]);
  });

  it("42-43: nested path merges into or creates the parent", async () => {
    const a = await app({ manager: { engineRequestSessionIdPath: "metadata.session_id" } });
    const id = await createSession(a);
    await a.post('{"prompt":"test request","metadata":{"user":"test"}}', id);
    await a.post('{"prompt":"test request"}', id);
    expect(a.seen.map((s) => JSON.parse(s.body))).toEqual([
      { prompt: "test request", metadata: { user: "test", session_id: id } },
      { prompt: "test request", metadata: { session_id: id } },
    ]);
  });

  it("44: without the header the body is not touched (not even parsed)", async () => {
    const a = await app({ manager: { engineRequestSessionIdPath: "session_id" } });
    await a.post('{"prompt":"x"}');
    await a.post("not json at all");
    expect(a.seen.map((s) => s.body)).toEqual(['{"prompt":"x"}', "not json at all"]);
  });

  it("45-46: other fields survive; each request and session carries its own id", async () => {
    const a = await app({ manager: { engineRequestSessionIdPath: "session_id" } });
    const s1 = await createSession(a);
    const s2 = await createSession(a);
    const body = { prompt: "p", temperature: 0.7, max_tokens: 100, metadata: { user: "u", request_id: "r" } };
    for (const id of [s1, s1, s2]) await a.post(JSON.stringify(body), id);
    expect(a.seen.map((s) => JSON.parse(s.body))).toEqual([s1, s1, s2].map((id) => ({ ...body, session_id: id })));
  });

  it("47: FIX (W13) array body or non-object parent is 400; a deep path creates every parent", async () => {
    const a = await app({ manager: { engineRequestSessionIdPath: "metadata.session_id" } });
    const id = await createSession(a);
    const array = await a.post("[1]", id);
    expect(array.status).toBe(400);
    expect(await detailOf(array)).toMatch(/not an object/);
    const parent = await a.post('{"metadata":"x"}', id);
    expect(parent.status).toBe(400);
    const deep = await app({ manager: { engineRequestSessionIdPath: "a.b.c" } });
    const deepId = await createSession(deep);
    expect((await deep.post("{}", deepId)).status).toBe(200);
    expect(JSON.parse(deep.seen[0]!.body)).toEqual({ a: { b: { c: deepId } } });
  });

  it("FIX (W13) scalars, non-JSON and invalid UTF-8 are 400 when an id must be injected", async () => {
    const a = await app({ manager: { engineRequestSessionIdPath: "session_id" } });
    const id = await createSession(a);
    for (const body of ["42", "null", '"s"', "a,b", "", new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const response = await a.post(body, id);
      expect(response.status, String(body)).toBe(400);
      expect(await detailOf(response)).toMatch(/JSON decode error|not an object/);
    }
    expect(a.seen).toHaveLength(0);
  });

  it("the injected id reaches a handler that reads request.json(), with the content-length recomputed", async () => {
    const a = await app({ manager: { engineRequestSessionIdPath: "session_id" } });
    const id = await createSession(a);
    const response = await a.post('{"prompt":"x"}', id, { "content-type": "application/json", "content-length": "14" });
    expect(response.status).toBe(200);
    expect(JSON.parse(a.seen[0]!.body)).toEqual({ prompt: "x", session_id: id });
  });

  it("rejects a bad path when the wrapper is built", () => {
    expect(() => statefulSessionManager({ engineRequestSessionIdPath: "" })).toThrow(/engineRequestSessionIdPath/);
    expect(() => statefulSessionManager({ engineRequestSessionIdPath: "a..b" })).toThrow(/empty segment/);
    expect(() => statefulSessionManager({ engineRequestSessionIdPath: "__proto__.x" })).toThrow(/reserved/);
  });
});

describe("sessions disabled (48-53)", () => {
  it("48-49: NEW_SESSION and CLOSE (with or without H) are 400 not enabled", async () => {
    const a = await app({ env: {} });
    for (const [body, header] of [[NEW_SESSION_BODY, null], [CLOSE_BODY, "some-session-id"], [CLOSE_BODY, null]] as const) {
      const response = await a.post(body, header);
      expect([response.status, await response.json()]).toEqual([400, { detail: "Invalid payload. stateful sessions not enabled" }]);
    }
  });

  it("50-52: regular requests pass without H or with H = \"\"; a non-empty H is 400", async () => {
    const a = await app({ env: {} });
    expect((await a.post('{"prompt":"test request"}')).status).toBe(200);
    expect((await a.post('{"prompt":"x"}', "")).status).toBe(200);
    const withHeader = await a.post('{"prompt":"x"}', "invalid-session");
    expect([withHeader.status, await withHeader.json()]).toEqual([
      400,
      { detail: "Invalid payload. stateful sessions not enabled, X-Amzn-SageMaker-Session-Id header not supported" },
    ]);
  });

  it("53: nothing is created on disk and no store is made", async () => {
    const a = await app({ kind: "file", env: {} });
    await a.post(NEW_SESSION_BODY);
    await a.post("{}", "abc");
    expect(await readdir(a.root!)).toEqual([]);
  });
});

describe("settings (71) and config", () => {
  const prepare = (env: Record<string, string>, sessions?: object) =>
    createHandlerOn({ invocations: statefulSessionManager()(() => "ok"), env, logger: quiet, ...(sessions ? { sessions } : {}) }, undefined);
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };

  it("enable: true, True, TRUE and 1 are on; yes, \" true\", 0 and empty are off", async () => {
    for (const [value, on] of [["true", true], ["True", true], ["TRUE", true], ["1", true], ["yes", false], [" true", false], ["0", false], ["", false]] as const) {
      const handler = prepare({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: value });
      const response = await handler.fetch(new Request("http://x/invocations", { method: "POST", body: NEW_SESSION_BODY }));
      expect(response.status, value).toBe(on ? 200 : 400);
      await handler.close();
    }
  });

  it("expiration: 0, -5, 1.5, abc are startup errors naming the variable; \" 600 \" is 600", async () => {
    for (const value of ["0", "-5", "1.5", "abc", "600s"]) {
      await expect(prepare({ SAGEMAKER_SESSIONS_EXPIRATION: value }).ready(), value).rejects.toThrow(/SAGEMAKER_SESSIONS_EXPIRATION/);
    }
    const handler = prepare({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_EXPIRATION: " 600 " });
    const before = Date.now();
    const response = await handler.fetch(new Request("http://x/invocations", { method: "POST", body: NEW_SESSION_BODY }));
    const expires = Date.parse(response.headers.get("X-Amzn-SageMaker-New-Session-Id")!.split("Expires=")[1]!);
    expect(expires).toBeGreaterThan(before + 590_000);
    expect(expires).toBeLessThan(before + 610_000);
    await handler.close();
  });

  it("a lifetime so long that Expires= would leave four-digit years is a startup error, not a 500 per create", async () => {
    for (const value of ["300000000000", "9000000000000"]) {
      await expect(prepare({ SAGEMAKER_SESSIONS_EXPIRATION: value }).ready(), value).rejects.toThrow(/SAGEMAKER_SESSIONS_EXPIRATION must be at most/);
    }
    await expect(prepare({}, { expirationSeconds: 9_000_000_000_000 }).ready()).rejects.toThrow(/config\.sessions\.expirationSeconds must be at most/);
    const longest = prepare({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_EXPIRATION: String(100 * 365 * 24 * 3600) });
    const response = await longest.fetch(new Request("http://x/invocations", { method: "POST", body: NEW_SESSION_BODY }));
    expect(response.headers.get("X-Amzn-SageMaker-New-Session-Id")).toMatch(BOTOCORE_NEW_SESSION);
    await longest.close();
  });

  it("config.sessions wins over the environment", async () => {
    const handler = prepare({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "false", SAGEMAKER_SESSIONS_EXPIRATION: "bad" }, { enabled: true, expirationSeconds: 5 });
    const before = Date.now();
    const response = await handler.fetch(new Request("http://x/invocations", { method: "POST", body: NEW_SESSION_BODY }));
    expect(response.status).toBe(200);
    const expires = Date.parse(response.headers.get("X-Amzn-SageMaker-New-Session-Id")!.split("Expires=")[1]!);
    expect(expires - before).toBeLessThan(7000);
    await handler.close();
  });

  it("closes the store the library made, but not one passed in config", async () => {
    const closes = { made: 0, passed: 0 };
    const countingStore = (key: keyof typeof closes): SessionStore => ({ ...createMemorySessionStore(), close: async () => void closes[key]++ });
    const newSession = () => new Request("http://x/invocations", { method: "POST", body: NEW_SESSION_BODY });
    // The library makes its store through the platform's factory, on the first session request.
    const platform = { name: "test", readEnv: () => ({}), runsTypeScript: false, createSessionStore: () => countingStore("made") };
    const made = createHandlerOn({ invocations: statefulSessionManager()(() => "ok"), env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true" }, logger: quiet }, platform);
    expect((await made.fetch(newSession())).status).toBe(200);
    await made.close();
    expect(closes.made).toBe(1);
    const passed = prepare({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true" }, { store: countingStore("passed") });
    expect((await passed.fetch(newSession())).status).toBe(200);
    await passed.close();
    expect(closes.passed).toBe(0);
  });

  it("two handler instances share no sessions", async () => {
    const a = await app();
    const b = await app();
    const id = await createSession(a);
    expect((await b.post("{}", id)).status).toBe(400);
    expect((await a.post("{}", id)).status).toBe(200);
  });
});
