// Engine-native sessions (ref-sessions section 3, checklist 54-70) with SGLang's /open_session and
// /close_session as the engine. "FIX" marks deliberate differences (docs/sessions.md).
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { createHandlerOn } from "../../src/handler.ts";
import { HttpError } from "../../src/http-error.ts";
import { registerCloseSessionHandler, registerCreateSessionHandler } from "../../src/sessions/engine.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import type { Env, Handler, SageMakerConfig } from "../../src/types.ts";
import { BOTOCORE_NEW_SESSION, CLOSED_H, CLOSE_BODY, H, NEW_H, NEW_SESSION_BODY } from "./_harness.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A tiny SGLang: /open_session {capacity_of_str_len} -> id, /close_session {session_id}; 404 for unknown ids. */
function sglang(answer: "string" | "object" = "string") {
  const open = new Set<string>();
  const calls = { open: [] as unknown[], close: [] as unknown[], invocations: [] as Array<{ body: string; header: string | null }> };
  let next = 0;
  const openSession: Handler = async (request) => {
    const body = (await request.json()) as { capacity_of_str_len?: number };
    calls.open.push(body);
    if (typeof body.capacity_of_str_len !== "number") throw new HttpError(400, "Engine failed to create session");
    const id = `sgl-session-${++next}`;
    open.add(id);
    return answer === "string" ? id : { session_id: id, metadata: { capacity: body.capacity_of_str_len } };
  };
  const closeSession: Handler = async (request) => {
    const body = (await request.json()) as { session_id?: string };
    calls.close.push(body);
    if (!body.session_id || !open.delete(body.session_id)) throw new HttpError(404, `session ${String(body.session_id)} not found`);
    return undefined;
  };
  const generate: Handler = async (request) => {
    const body = await request.text();
    calls.invocations.push({ body, header: request.headers.get(H) });
    return { text: "ok" };
  };
  return { openSession, closeSession, generate, calls, open };
}

function app(config: SageMakerConfig, env: Env = { SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS: '{"body.capacity_of_str_len":1024}' }) {
  const handler = createHandlerOn({ logger: quiet, env, ...config }, undefined);
  const post = (body: string, header?: string, headers: Record<string, string> = {}) =>
    handler.fetch(new Request("http://x/invocations", { method: "POST", body, headers: header === undefined ? headers : { ...headers, [H]: header } }));
  return { handler, post };
}

function engineApp(options: { answer?: "string" | "object"; responsePath?: string; inject?: string; env?: Env } = {}) {
  const engine = sglang(options.answer);
  const { handler, post } = app(
    {
      invocations: statefulSessionManager(options.inject ? { engineRequestSessionIdPath: options.inject } : {})(engine.generate),
      createSession: registerCreateSessionHandler({ engineResponseSessionIdPath: options.responsePath ?? "body" })(engine.openSession),
      closeSession: registerCloseSessionHandler({
        engineRequestSessionIdPath: "body.session_id",
        requestSchema: v.object({ session_id: v.string() }),
      })(engine.closeSession),
    },
    options.env,
  );
  return { engine, handler, post };
}

describe("engine-native sessions (SGLang)", () => {
  it("54-55, FIX (W14): the engine's id with a botocore-valid '; Expires=' suffix, body 'Successfully created session'", async () => {
    const { post, engine } = engineApp();
    const before = Date.now();
    const response = await post(NEW_SESSION_BODY);
    expect(response.status).toBe(200);
    const header = response.headers.get(NEW_H)!;
    expect(header).toMatch(BOTOCORE_NEW_SESSION);
    expect(header.split(";")[0]).toBe("sgl-session-1");
    const expires = Date.parse(header.split("Expires=")[1]!);
    expect(expires).toBeGreaterThan(before + 1_190_000); // default 1200 s
    expect(await response.text()).toBe("Successfully created session: sgl-session-1");
    // 61: the engine got the create defaults, not the client's body.
    expect(engine.calls.open).toEqual([{ capacity_of_str_len: 1024 }]);
  });

  it("56: the id from body.session_id of a dict answer", async () => {
    const { post } = engineApp({ answer: "object", responsePath: "body.session_id" });
    const response = await post(NEW_SESSION_BODY);
    expect(response.headers.get(NEW_H)!.split(";")[0]).toBe("sgl-session-1");
  });

  it("57-58: engine errors pass through with no session header", async () => {
    const { post } = engineApp({ env: {} }); // no defaults: the engine refuses
    const response = await post(NEW_SESSION_BODY);
    expect([response.status, await response.json()]).toEqual([400, { detail: "Engine failed to create session" }]);
    expect(response.headers.get(NEW_H)).toBeNull();
    const created201 = app({
      invocations: statefulSessionManager()(() => "x"),
      createSession: registerCreateSessionHandler({ engineResponseSessionIdPath: "body.id" })(() => Response.json({ id: "x" }, { status: 503 })),
      closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id" })(() => undefined),
    });
    const passed = await created201.post(NEW_SESSION_BODY);
    expect([passed.status, await passed.json()]).toEqual([503, { id: "x" }]);
  });

  it("59-60, FIX: a missing, empty, non-string or invalid id in the engine's answer is 502 (reference: 500)", async () => {
    for (const [answer, detail] of [
      [{}, /Session ID not found in engine response/],
      [{ session_id: "" }, /Session ID not found/],
      [{ session_id: 42 }, /not a valid SageMaker session id: 42/],
      [{ session_id: "../etc" }, /not a valid SageMaker session id/],
    ] as const) {
      const { post } = app({
        invocations: statefulSessionManager()(() => "x"),
        createSession: registerCreateSessionHandler({ engineResponseSessionIdPath: "body.session_id" })(() => answer),
        closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id" })(() => undefined),
      });
      const response = await post(NEW_SESSION_BODY);
      expect(response.status, JSON.stringify(answer)).toBe(502);
      expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    }
  });

  it("63, 65, 67: CLOSE sends {session_id} to the engine once; a second close is the engine's 404", async () => {
    const { post, engine } = engineApp();
    const id = (await post(NEW_SESSION_BODY)).headers.get(NEW_H)!.split(";")[0]!;
    const closed = await post(CLOSE_BODY, id);
    expect([closed.status, closed.headers.get(CLOSED_H), await closed.text()]).toEqual([200, id, `Successfully closed session: ${id}`]);
    expect(engine.calls.close).toEqual([{ session_id: id }]);
    const again = await post(CLOSE_BODY, id);
    expect(again.status).toBe(404);
    expect(engine.calls.open).toHaveLength(1);
    expect(engine.calls.invocations).toHaveLength(0);
  });

  it("64: CLOSE without the header (or empty) is 400 and the engine is not called", async () => {
    const { post, engine } = engineApp();
    for (const header of [undefined, ""]) {
      const response = await post(CLOSE_BODY, header);
      expect([response.status, await response.json()]).toEqual([400, { detail: "Session ID is required in request headers to close a session" }]);
    }
    expect(engine.calls.close).toHaveLength(0);
  });

  it("66, 68: regular requests with engine ids pass unvalidated (injection applied), even with sessions disabled", async () => {
    const { post, engine } = engineApp({ inject: "session_id" });
    const id = (await post(NEW_SESSION_BODY)).headers.get(NEW_H)!.split(";")[0]!;
    expect((await post('{"prompt":"hi"}', id)).status).toBe(200);
    expect((await post('{"prompt":"hi"}', "some-engine-id")).status).toBe(200);
    expect(engine.calls.invocations.map((c) => JSON.parse(c.body))).toEqual([
      { prompt: "hi", session_id: id },
      { prompt: "hi", session_id: "some-engine-id" },
    ]);
  });

  it("62: a request schema rejecting the engine body is 424 naming the field", async () => {
    const { post } = app({
      invocations: statefulSessionManager()(() => "x"),
      createSession: registerCreateSessionHandler({
        engineResponseSessionIdPath: "body",
        requestSchema: v.object({ capacity_of_str_len: v.number() }),
      })(() => "id-1"),
      closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id" })(() => undefined),
    }, {});
    const response = await post(NEW_SESSION_BODY);
    expect(response.status).toBe(424);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/capacity_of_str_len/);
  });

  it("SAGEMAKER_TRANSFORMS_CLOSE_SESSION_DEFAULTS fill the close body; the header id wins at its path", async () => {
    const env: Env = {
      SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS: '{"body.capacity_of_str_len":1024}',
      SAGEMAKER_TRANSFORMS_CLOSE_SESSION_DEFAULTS: '{"body.force":true,"body.session_id":"from-defaults"}',
    };
    const engine = sglang();
    const { post } = app(
      {
        invocations: statefulSessionManager()(engine.generate),
        createSession: registerCreateSessionHandler({ engineResponseSessionIdPath: "body" })(engine.openSession),
        // No requestSchema here: a schema (like the reference's model) keeps only the fields it declares.
        closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "body.session_id" })(engine.closeSession),
      },
      env,
    );
    const id = (await post(NEW_SESSION_BODY)).headers.get(NEW_H)!.split(";")[0]!;
    expect((await post(CLOSE_BODY, id)).status).toBe(200);
    expect(engine.calls.close).toEqual([{ force: true, session_id: id }]);
  });

  it("the create header's Expires follows SAGEMAKER_SESSIONS_EXPIRATION", async () => {
    const { post } = engineApp({ env: { SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS: '{"body.capacity_of_str_len":1}', SAGEMAKER_SESSIONS_EXPIRATION: "60" } });
    const before = Math.floor(Date.now() / 1000) * 1000;
    const header = (await post(NEW_SESSION_BODY)).headers.get(NEW_H)!;
    expect(header).toMatch(BOTOCORE_NEW_SESSION);
    const expires = Date.parse(header.split("Expires=")[1]!);
    expect(expires).toBeGreaterThanOrEqual(before + 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it("requestShape maps client headers into the engine body", async () => {
    let seen: unknown;
    const { post } = app({
      invocations: statefulSessionManager()(() => "x"),
      createSession: registerCreateSessionHandler({
        engineResponseSessionIdPath: 'headers."x-session-id"',
        requestShape: { user: 'headers."X-User"' },
      })(async (request) => {
        seen = await request.json();
        return new Response(null, { headers: { "X-Session-Id": "from-header-1" } });
      }),
      closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id" })(() => undefined),
    });
    const response = await post(NEW_SESSION_BODY, undefined, { "X-User": "alice" });
    expect(response.headers.get(NEW_H)!.split(";")[0]).toBe("from-header-1");
    expect(seen).toEqual({ capacity_of_str_len: 1024, user: "alice" }); // defaults, then the shape
  });

  it("70 and config: an empty close path, a bad response path, or only one engine handler fails clearly", async () => {
    expect(() => registerCloseSessionHandler({ engineRequestSessionIdPath: "" })).toThrow(/engineRequestSessionIdPath is required .* which session to close/);
    expect(() => registerCreateSessionHandler({ engineResponseSessionIdPath: "headers.X-Session-Id" })).toThrow(/engineResponseSessionIdPath/);
    const onlyCreate = createHandlerOn(
      { logger: quiet, env: {}, createSession: registerCreateSessionHandler({ engineResponseSessionIdPath: "body" })(() => "x") },
      undefined,
    );
    await expect(onlyCreate.ready()).rejects.toThrow(/closeSession/);
    const onlyClose = createHandlerOn(
      { logger: quiet, env: {}, closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id" })(() => undefined) },
      undefined,
    );
    await expect(onlyClose.ready()).rejects.toThrow(/config\.createSession is missing/);
    const badDefaults = app(
      {
        invocations: statefulSessionManager()(() => "x"),
        createSession: registerCreateSessionHandler({ engineResponseSessionIdPath: "body" })(() => "x"),
        closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id" })(() => undefined),
      },
      { SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS: "{not json" },
    );
    await expect(badDefaults.handler.ready()).rejects.toThrow(/SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS/);
  });
});

