import { describe, expect, it } from "vitest";
import { SageMakerConfigError } from "../../src/errors.ts";
import { createHandlerOn } from "../../src/handler.ts";
import { registerCloseSessionHandler, registerCreateSessionHandler } from "../../src/sessions/engine.ts";
import type { CloseSessionHandlerOptions, CreateSessionHandlerOptions, SessionRequestSchema } from "../../src/sessions/engine.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import type { Handler } from "../../src/types.ts";
import { CLOSE_BODY, CLOSED_H, H, NEW_H, NEW_SESSION_BODY } from "./_harness.ts";

// Engine-native session handlers at their edges: configuration errors naming the key, where the
// engine's answer stops being a success, what a missing id and a failed validation say.

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function configError(run: () => unknown): { message: string; key: string | undefined } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SageMakerConfigError);
    return { message: (error as Error).message, key: (error as SageMakerConfigError).key };
  }
  throw new Error("did not throw");
}

function app(create: Handler, close: Handler, createOptions: Partial<CreateSessionHandlerOptions> = {}, closeOptions: Partial<CloseSessionHandlerOptions> = {}) {
  const handler = createHandlerOn(
    {
      logger: quiet,
      env: {},
      invocations: statefulSessionManager()(() => "generated"),
      createSession: registerCreateSessionHandler({ engineResponseSessionIdPath: "body", ...createOptions })(create),
      closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id", ...closeOptions })(close),
    },
    undefined,
  );
  const post = (body: string, id?: string) => handler.fetch(new Request("http://x/invocations", { method: "POST", body, headers: id === undefined ? {} : { [H]: id } }));
  return { handler, post };
}

const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail;

describe("engine session handlers: configuration errors name the key", () => {
  it("options that are not an object, a schema that is not a Standard Schema, a handler that is not a function, a bad shape", () => {
    for (const [register, where] of [
      [registerCreateSessionHandler, "registerCreateSessionHandler"],
      [registerCloseSessionHandler, "registerCloseSessionHandler"],
    ] as const) {
      const valid = where === "registerCreateSessionHandler" ? { engineResponseSessionIdPath: "body" } : { engineRequestSessionIdPath: "session_id" };
      const make = register as (options: unknown) => (handler: unknown) => unknown;
      for (const options of [null, undefined, "body"]) {
        expect(configError(() => make(options))).toEqual({ message: `${where} expects an options object`, key: where });
      }
      expect(configError(() => make({ ...valid, requestSchema: { validate() {} } }))).toEqual({
        message: `Invalid ${where}.requestSchema: expected a Standard Schema (valibot, zod, ...)`,
        key: `${where}.requestSchema`,
      });
      expect(configError(() => make({ ...valid, requestSchema: null }))).toEqual({
        message: `Invalid ${where}.requestSchema: expected a Standard Schema (valibot, zod, ...)`,
        key: `${where}.requestSchema`,
      });
      expect(configError(() => make(valid)("handler"))).toEqual({ message: `${where}(...) must wrap a handler function, got string`, key: `${where}(...)` });
      expect(configError(() => make({ ...valid, requestShape: 5 })).key).toBe(`${where}.requestShape`);
      expect(typeof make({ ...valid, requestSchema: { "~standard": { validate: (value: unknown) => ({ value }) } } })(() => "ok")).toBe("function");
    }
  });

  it("close needs a non-empty engineRequestSessionIdPath that is a dot path", () => {
    const required = {
      message: "engineRequestSessionIdPath is required for registerCloseSessionHandler. The engine needs to know which session to close.",
      key: "registerCloseSessionHandler.engineRequestSessionIdPath",
    };
    for (const engineRequestSessionIdPath of [undefined, "", 5]) {
      expect(configError(() => registerCloseSessionHandler({ engineRequestSessionIdPath } as unknown as CloseSessionHandlerOptions))).toEqual(required);
    }
    const bad = configError(() => registerCloseSessionHandler({ engineRequestSessionIdPath: "a..b" }));
    expect(bad.key).toBe("registerCloseSessionHandler.engineRequestSessionIdPath");
    expect(bad.message).toMatch(/^Invalid registerCloseSessionHandler\.engineRequestSessionIdPath: ./);
  });
});

describe("engine session handlers: the engine's answer", () => {
  it("close writes the id at the path, with or without a leading 'body.'", async () => {
    for (const [path, expected] of [
      ["session_id", (id: string) => ({ session_id: id })],
      ["body.session_id", (id: string) => ({ session_id: id })],
      ["body.meta.sid", (id: string) => ({ meta: { sid: id } })],
      ["bodyish", (id: string) => ({ bodyish: id })],
    ] as const) {
      const seen: unknown[] = [];
      const { post, handler } = app(
        () => "s-1",
        async (request) => {
          seen.push(await request.json());
          return "closed";
        },
        {},
        { engineRequestSessionIdPath: path },
      );
      const response = await post(CLOSE_BODY, "s-1");
      expect(response.headers.get(CLOSED_H)).toBe("s-1");
      expect(seen).toEqual([expected("s-1")]);
      await handler.close();
    }
  });

  it("a 2xx up to 299 is a success; 300 and above pass through as the engine sent them", async () => {
    for (const status of [299, 300, 404]) {
      const { post, handler } = app(
        () => new Response("s-1", { status }),
        () => new Response("bye", { status }),
      );
      const created = await post(NEW_SESSION_BODY);
      const closed = await post(CLOSE_BODY, "s-1");
      if (status === 299) {
        expect([created.status, created.headers.get(NEW_H)?.split(";")[0]]).toEqual([200, "s-1"]);
        expect([closed.status, closed.headers.get(CLOSED_H)]).toEqual([200, "s-1"]);
      } else {
        expect([created.status, await created.text(), created.headers.get(NEW_H)]).toEqual([status, "s-1", null]);
        expect([closed.status, await closed.text(), closed.headers.get(CLOSED_H)]).toEqual([status, "bye", null]);
      }
      await handler.close();
    }
  });

  it("no id in a 2xx answer (missing, null, empty, or the path fails on it) is a 502 saying so", async () => {
    for (const [answer, path] of [
      [{}, "body.session_id"],
      [{ session_id: null }, "body.session_id"],
      [{ session_id: "" }, "body.session_id"],
      [{}, "length(body.session_id)"],
    ] as const) {
      const { post, handler } = app(
        () => answer,
        () => "closed",
        { engineResponseSessionIdPath: path },
      );
      const created = await post(NEW_SESSION_BODY);
      expect([created.status, await detail(created)]).toEqual([502, "Session ID not found in engine response"]);
      await handler.close();
    }
  });

  it("a failed validation is a 424 listing each issue, with its path when it has one", async () => {
    const schema: SessionRequestSchema = {
      "~standard": {
        validate: () => ({
          issues: [
            { message: "must be a number", path: [{ key: "limits" }, { key: "tokens" }] },
            { message: "is required" },
            { message: "too long", path: ["items", 0] },
            { message: "empty path", path: [] },
          ],
        }),
      },
    };
    let reached = 0;
    const { post, handler } = app(
      () => {
        reached++;
        return "s-1";
      },
      () => "closed",
      { requestSchema: schema },
    );
    const created = await post(NEW_SESSION_BODY);
    expect([created.status, await detail(created)]).toEqual([
      424,
      "Engine request validation failed: limits.tokens: must be a number; is required; items.0: too long; empty path",
    ]);
    expect(reached).toBe(0);
    await handler.close();
  });
});
