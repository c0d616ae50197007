import { describe, expect, it } from "vitest";
import { SageMakerConfigError } from "../../src/errors.ts";
import { createHandlerOn } from "../../src/handler.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import type { StatefulSessionOptions } from "../../src/sessions/manager.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import type { SessionStore } from "../../src/sessions/store.ts";
import type { Handler } from "../../src/types.ts";
import { CLOSE_BODY, CLOSED_H, ENABLED, H, NEW_H, NEW_SESSION_BODY } from "./_harness.ts";

// The session manager's edges: its own configuration errors, the id injection's 400s, and how each
// store failure maps to a status and a log line (424 create/close, 503 use, a warning for a purge).

const T0 = 1_800_000_000_000;

function app(store: SessionStore, options?: StatefulSessionOptions) {
  const logs: string[] = [];
  const seen: unknown[] = [];
  const handler = createHandlerOn(
    {
      invocations: statefulSessionManager(options)(async (request) => {
        seen.push(await request.json().catch(() => "<not json>"));
        return "handled";
      }),
      env: { ...ENABLED, LOG_LEVEL: "DEBUG" }, // the default level is ERROR: warnings and debug lines are checked too
      sessions: { store },
      logger: { debug: (m) => logs.push(`DEBUG ${m}`), info: (m) => logs.push(`INFO ${m}`), warn: (m) => logs.push(`WARN ${m}`), error: (m) => logs.push(`ERROR ${m}`) },
    },
    undefined,
  );
  const post = (body: string | Uint8Array<ArrayBuffer>, id?: string) =>
    handler.fetch(new Request("http://x/invocations", { method: "POST", body, headers: id !== undefined ? { [H]: id } : {} }));
  const open = async (): Promise<string> => (await post(NEW_SESSION_BODY)).headers.get(NEW_H)!.split(";")[0]!;
  return { handler, logs, seen, post, open };
}

/** A real memory store on a settable clock, with chosen methods failing (a code, as Node's fs errors have). */
function storeWith(clock: { t: number }, failing: Partial<Record<"lookup" | "create" | "delete", boolean>>) {
  const inner = createMemorySessionStore({ now: () => clock.t });
  const fail = async (): Promise<never> => {
    throw Object.assign(new Error("disk on fire"), { code: "EIO" });
  };
  const store: SessionStore = {
    create: (o) => (failing.create ? fail() : inner.create(o)),
    lookup: (id, now) => (failing.lookup ? fail() : inner.lookup(id, now)),
    delete: (id) => (failing.delete ? fail() : inner.delete(id)),
    sweep: (now) => inner.sweep(now),
    getValue: (id, key, now) => inner.getValue!(id, key, now),
    putValue: (id, key, value, now) => inner.putValue!(id, key, value, now),
    deleteValue: (id, key, now) => inner.deleteValue!(id, key, now),
  };
  return { store, inner };
}

const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail;

describe("statefulSessionManager: configuration errors name the key", () => {
  it("options that are not an object, a path that is not a string or not a path, a handler that is not a function", () => {
    const configError = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(SageMakerConfigError);
        return { message: (error as Error).message, key: (error as SageMakerConfigError).key };
      }
      throw new Error("did not throw");
    };
    expect(configError(() => statefulSessionManager(null as unknown as StatefulSessionOptions))).toEqual({
      message: "statefulSessionManager(options): options must be an object",
      key: "statefulSessionManager",
    });
    expect(configError(() => statefulSessionManager("session_id" as unknown as StatefulSessionOptions)).key).toBe("statefulSessionManager");
    expect(configError(() => statefulSessionManager({ engineRequestSessionIdPath: 5 as unknown as string }))).toEqual({
      message: "statefulSessionManager: engineRequestSessionIdPath must be a string",
      key: "statefulSessionManager.engineRequestSessionIdPath",
    });
    const badPath = configError(() => statefulSessionManager({ engineRequestSessionIdPath: "a..b" }));
    expect(badPath.key).toBe("statefulSessionManager.engineRequestSessionIdPath");
    expect(badPath.message).toMatch(/^statefulSessionManager: invalid engineRequestSessionIdPath: ./);
    expect(configError(() => statefulSessionManager()("handler" as unknown as Handler))).toEqual({
      message: "statefulSessionManager(...)(handler): handler must be a function",
      key: "statefulSessionManager(...)",
    });
    expect(typeof statefulSessionManager({})(() => "ok")).toBe("function");
  });
});

describe("statefulSessionManager: injecting the session id", () => {
  it("writes the id at the path, creating missing parents; a body it cannot write into is a 400 saying why", async () => {
    const { post, open, seen, handler } = app(createMemorySessionStore(), { engineRequestSessionIdPath: "meta.session_id" });
    const id = await open();
    expect((await post('{"prompt":"hi"}', id)).status).toBe(200);
    expect(seen).toEqual([{ prompt: "hi", meta: { session_id: id } }]);
    const cases: Array<[string | Uint8Array<ArrayBuffer>, string]> = [
      [new Uint8Array([0x7b, 0xff, 0x7d]), "JSON decode error: request body is not valid UTF-8"],
      ["[1, 2]", "Cannot inject the session id at 'meta.session_id': the JSON body is not an object"],
      ['{"meta": 5}', "Cannot inject the session id at 'meta.session_id': a parent of that field is not an object"],
    ];
    for (const [body, text] of cases) {
      const response = await post(body, id);
      expect(response.status).toBe(400);
      expect(await detail(response)).toBe(text);
    }
    const broken = await post('{"prompt": ', id);
    expect(broken.status).toBe(400);
    expect(await detail(broken)).toMatch(/^JSON decode error: ./);
    expect(seen).toHaveLength(1);
    // Without a session header nothing is injected, and the body is not even parsed.
    expect((await post("not json at all")).status).toBe(200);
    expect(seen[1]).toBe("<not json>");
    await handler.close();
  });
});

describe("statefulSessionManager: NEW_SESSION's session header", () => {
  it("an empty header is no header: the session is created, nothing is looked up", async () => {
    const { post, handler } = app(createMemorySessionStore());
    for (const header of ["", undefined]) {
      const created = await post(NEW_SESSION_BODY, header);
      expect(created.status).toBe(200);
      expect(created.headers.get(NEW_H)).toMatch(/^[0-9a-f-]{36}; Expires=/);
    }
    await handler.close();
  });
});

describe("statefulSessionManager: store failures", () => {
  it("a lookup failing on use is a 503 and logs 'look up a session'; on NEW_SESSION and CLOSE with an id, a 424 of that operation", async () => {
    const clock = { t: T0 };
    const { store } = storeWith(clock, { lookup: true });
    const { post, logs, handler } = app(store);
    const used = await post("{}", "abc-123");
    expect(used.status).toBe(503);
    expect(await detail(used)).toBe("Session store unavailable: session store error (EIO); see the server log");
    const created = await post(NEW_SESSION_BODY, "abc-123");
    expect(created.status).toBe(424);
    expect(await detail(created)).toBe("Failed to create session: session store error (EIO); see the server log");
    const closed = await post(CLOSE_BODY, "abc-123");
    expect(closed.status).toBe(424);
    expect(await detail(closed)).toBe("Failed to close session: session store error (EIO); see the server log");
    expect(logs.filter((l) => l.startsWith("ERROR"))).toEqual([
      "ERROR Session store failed to look up a session: Error: disk on fire",
      "ERROR Session store failed to create session: Error: disk on fire",
      "ERROR Session store failed to close session: Error: disk on fire",
    ]);
    await handler.close();
  });

  it("a store error without a code says so without one", async () => {
    const inner = createMemorySessionStore();
    const store: SessionStore = {
      ...inner,
      lookup: async () => {
        throw new Error("no code here");
      },
    };
    const { post, handler } = app(store);
    const used = await post("{}", "abc-123");
    expect([used.status, await detail(used)]).toEqual([503, "Session store unavailable: session store error; see the server log"]);
    await handler.close();
  });

  it("a delete failing on CLOSE is a 424; the session is still there", async () => {
    const clock = { t: T0 };
    const { store, inner } = storeWith(clock, {});
    const { post, open, logs, handler } = app(store);
    const id = await open();
    const failing = storeWith(clock, { delete: true });
    const other = app({ ...failing.store, lookup: (i, now) => inner.lookup(i, now) });
    const closed = await other.post(CLOSE_BODY, id);
    expect(closed.status).toBe(424);
    expect(await detail(closed)).toBe("Failed to close session: session store error (EIO); see the server log");
    expect(other.logs.filter((l) => l.startsWith("ERROR"))).toEqual(["ERROR Session store failed to close session: Error: disk on fire"]);
    expect((await inner.lookup(id)).state).toBe("active");
    expect((await post("{}", id)).status).toBe(200);
    expect(logs.filter((l) => l.startsWith("ERROR"))).toEqual([]);
    await other.handler.close();
    await handler.close();
  });

  it("an expired session is purged on use, on NEW_SESSION with its id and on CLOSE; a failing purge is a warning, the answer unchanged", async () => {
    const clock = { t: T0 };
    const { store, inner } = storeWith(clock, {});
    const { post, open, logs, handler } = app(store);
    const ids = [await open(), await open(), await open()];
    clock.t += 601_000;
    const used = await post("{}", ids[0]);
    expect([used.status, await detail(used)]).toEqual([400, `Bad request: session not found: ${ids[0]}`]);
    const renewed = await post(NEW_SESSION_BODY, ids[1]);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get(NEW_H)).not.toContain(ids[1]!);
    const closed = await post(CLOSE_BODY, ids[2]);
    expect([closed.status, await detail(closed)]).toEqual([400, `Bad request: session not found: ${ids[2]}`]);
    for (const id of ids) expect(await inner.lookup(id!)).toEqual({ state: "unknown" });

    const failingPurge = storeWith(clock, { delete: true });
    const stuck = app({ ...failingPurge.store, lookup: (i, now) => failingPurge.inner.lookup(i, now) });
    const expired = await failingPurge.inner.create({ ttlSeconds: 1, now: new Date(T0) });
    const again = await stuck.post("{}", expired.id);
    expect([again.status, await detail(again)]).toEqual([400, `Bad request: session not found: ${expired.id}`]);
    expect(stuck.logs.filter((l) => l.startsWith("WARN Could not remove"))).toEqual([`WARN Could not remove expired session ${expired.id}: Error: disk on fire`]);
    expect(stuck.logs.filter((l) => l.startsWith("ERROR"))).toEqual([]);
    expect(logs.filter((l) => l.startsWith("ERROR") || l.startsWith("WARN Could not"))).toEqual([]);
    await stuck.handler.close();
    await handler.close();
  });

  it("logs each create and close at debug, with the id", async () => {
    const { post, open, logs, handler } = app(createMemorySessionStore());
    const id = await open();
    const closed = await post(CLOSE_BODY, id);
    expect(closed.headers.get(CLOSED_H)).toBe(id);
    expect(logs.filter((l) => l.startsWith("DEBUG") && l.includes(id))).toEqual([`DEBUG Created session ${id}`, `DEBUG Closed session ${id}`]);
    await handler.close();
  });
});
