import { describe, expect, it } from "vitest";
import { createHandlerOn } from "../../src/handler.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import type { SessionStore } from "../../src/sessions/store.ts";
import { dataApp, H } from "./_harness.ts";

// How context.session reports what goes wrong: the texts of its 400/413/503 answers and log lines,
// and errors from a store built against another copy of the package.

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A real memory store whose data calls fail the way `fail` says (the rest works). */
function failing(fail: () => Error): SessionStore {
  const inner = createMemorySessionStore();
  return {
    create: (options) => inner.create(options),
    lookup: (id, now) => inner.lookup(id, now),
    delete: (id) => inner.delete(id),
    sweep: (now) => inner.sweep(now),
    getValue: async () => {
      throw fail();
    },
    putValue: async () => {
      throw fail();
    },
    deleteValue: async () => {
      throw fail();
    },
  };
}

describe("context.session error texts", () => {
  it("a store failure without a code is a 503 without one; the log names the operation", async () => {
    const { post, open, handler, errors } = dataApp(failing(() => new Error("gone")));
    const id = await open();
    for (const op of ["get", "put", "delete"] as const) {
      const response = await post({ op, key: "k", value: 1 }, id);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ detail: "Session store unavailable: session store error; see the server log" });
    }
    expect(errors).toEqual([
      "Session store failed to read a session value: Error: gone",
      "Session store failed to write a session value: Error: gone",
      "Session store failed to delete a session value: Error: gone",
    ]);
    await handler.close();
  });

  it("a store that fails with a TypeError (a client bug) is a logged 503 too, never a 500", async () => {
    const { post, open, handler, errors } = dataApp(failing(() => new TypeError("Cannot read properties of null (reading 'send')")));
    const id = await open();
    for (const op of ["get", "put", "delete"] as const) {
      const response = await post({ op, key: "k", value: 1 }, id);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ detail: "Session store unavailable: session store error; see the server log" });
    }
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe("Session store failed to read a session value: TypeError: Cannot read properties of null (reading 'send')");
    await handler.close();
  });

  it("a SessionNotFoundError from another copy of the package (recognised by name) is 400 session not found", async () => {
    const foreign = () => Object.assign(new Error("session not found: elsewhere"), { name: "SessionNotFoundError" });
    const { post, open, handler, errors } = dataApp(failing(foreign));
    const id = await open();
    for (const op of ["get", "put", "delete"] as const) {
      const response = await post({ op, key: "k", value: 1 }, id);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ detail: `Bad request: session not found: ${id}` });
    }
    expect(errors).toEqual([]);
    await handler.close();
  });

  it("an error merely named like it is not one: a store error (503)", async () => {
    const lookalike = () => Object.assign(new Error("x"), { name: "SessionNotFound" });
    const { post, open, handler } = dataApp(failing(lookalike));
    const id = await open();
    expect((await post({ op: "get", key: "k" }, id)).status).toBe(503);
    await handler.close();
  });

  it("keys in error texts are cut after 64 characters; 64 are shown whole", async () => {
    const { post, open, handler } = dataApp(createMemorySessionStore(), { maxValueBytes: 4 });
    const id = await open();
    const at64 = "k".repeat(64);
    const at65 = `${"j".repeat(64)}x`;
    const tooBig = async (key: string) => ((await (await post({ op: "put", key, value: "12345" }, id)).json()) as { detail: string }).detail;
    expect(await tooBig(at64)).toBe(`Session value for key "${at64}" is 7 bytes, over the limit of 4 (config.sessions.maxValueBytes)`);
    expect(await tooBig(at65)).toBe(`Session value for key "${"j".repeat(64)}..." is 7 bytes, over the limit of 4 (config.sessions.maxValueBytes)`);
    const bad = `${"z".repeat(300)}`;
    const response = await post({ op: "get", key: bad }, id);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ detail: `Invalid session key "${"z".repeat(64)}...": must be at most 256 characters, got 300` });
    await handler.close();
  });

  it("a store with only some data methods is named by what it lacks", async () => {
    const full = createMemorySessionStore();
    const partial: SessionStore = {
      create: (o) => full.create(o),
      lookup: (id, now) => full.lookup(id, now),
      delete: (id) => full.delete(id),
      sweep: (now) => full.sweep(now),
      getValue: (id, key, now) => full.getValue!(id, key, now),
    };
    const { handler, open } = dataApp(partial);
    const id = await open();
    const seen: string[] = [];
    const probe = createHandlerOn(
      {
        env: {},
        logger: quiet,
        sessions: { enabled: true, store: partial },
        invocations: statefulSessionManager()(async (_request, context) => {
          for (const use of [() => context.session!.get("k"), () => context.session!.put("k", 1), () => context.session!.delete("k")]) {
            try {
              seen.push(`ok ${JSON.stringify((await use()) ?? null)}`);
            } catch (error) {
              seen.push(`${(error as Error).name}: ${(error as Error).message}`);
            }
          }
          return "done";
        }),
      },
      undefined,
    );
    const answer = await probe.fetch(new Request("http://localhost/invocations", { method: "POST", headers: { [H]: id }, body: "{}" }));
    expect([answer.status, await answer.text()]).toEqual([200, "done"]);
    const text = "TypeError: Session data needs a store with getValue, putValue and deleteValue; config.sessions.store has no putValue, deleteValue";
    expect(seen).toEqual(["ok null", text, text]);
    await probe.close();
    await handler.close();
  });
});
