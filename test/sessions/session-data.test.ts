import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHandlerOn } from "../../src/handler.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import type { SessionStore } from "../../src/sessions/store.ts";
import { createFileSessionStore } from "../../runtimes/node-apis/file-session-store.ts";
import { dataApp, H } from "./_harness.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function fileStore(): Promise<{ store: SessionStore; root: string }> {
  const root = await mkdtemp(join(tmpdir(), "mhcs-data-"));
  scratch.push(root);
  return { store: createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 }), root };
}

describe.each(["memory", "file"] as const)("context.session data (%s store)", (kind) => {
  const make = async () => (kind === "memory" ? { store: createMemorySessionStore(), root: undefined } : fileStore());

  it("get/put/delete across requests, copied JSON, gone after CLOSE", async () => {
    const { store, root } = await make();
    const { post, open, handler } = dataApp(store);
    const id = await open();
    expect(await (await post({ op: "get", key: "history" }, id)).json()).toEqual({ result: "<undefined>" });
    expect((await post({ op: "put", key: "history", value: ["a", { b: 1 }] }, id)).status).toBe(200);
    expect(await (await post({ op: "get", key: "history" }, id)).json()).toEqual({ result: ["a", { b: 1 }] });
    expect(await (await post({ op: "delete", key: "history" }, id)).json()).toEqual({ result: true });
    expect(await (await post({ op: "delete", key: "history" }, id)).json()).toEqual({ result: false });
    await post({ op: "put", key: "kept", value: 1 }, id);
    expect((await post({ requestType: "CLOSE" }, id)).status).toBe(200);
    if (root) expect(await readdir(root)).toEqual([]);
    expect(await store.getValue!(id, "kept").catch((e: Error) => e.name)).toBe("SessionNotFoundError");
    await handler.close();
  });

  it("an empty key or one over 256 characters is 400 naming it; 256 is fine", async () => {
    const { store } = await make();
    const { post, open, handler } = dataApp(store);
    const id = await open();
    for (const key of ["", "k".repeat(257)]) {
      const response = await post({ op: "put", key, value: 1 }, id);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/^Invalid session key ".*": must/);
    }
    expect((await post({ op: "put", key: "k".repeat(256), value: 1 }, id)).status).toBe(200);
    await handler.close();
  });

  it("a value over config.sessions.maxValueBytes is 413 (default 1 MiB) and nothing is stored", async () => {
    const { store } = await make();
    const { post, open, handler } = dataApp(store);
    const id = await open();
    const big = "x".repeat(1024 * 1024); // 2 bytes of quotes over
    const response = await post({ op: "put", key: "big", value: big }, id);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/1048578 bytes, over the limit of 1048576 \(config.sessions.maxValueBytes\)/);
    expect(await (await post({ op: "get", key: "big" }, id)).json()).toEqual({ result: "<undefined>" });
    await handler.close();
    const small = dataApp(store, { maxValueBytes: 10 });
    const other = await small.open();
    expect((await small.post({ op: "put", key: "k", value: "12345678" }, other)).status).toBe(200);
    expect((await small.post({ op: "put", key: "k", value: "123456789" }, other)).status).toBe(413);
    await small.handler.close();
  });

  it("data calls after the session ended meanwhile are 400 session not found, and never revive it", async () => {
    const { store } = await make();
    const { post, open, handler } = dataApp(store);
    for (const op of ["get", "put", "delete"] as const) {
      const id = await open();
      const response = await post({ op, key: "k", value: 1, closeFirst: true }, id);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ detail: `Bad request: session not found: ${id}` });
      expect(await store.lookup(id)).toEqual({ state: "unknown" });
    }
    await handler.close();
  });
});

describe("context.session data with a store that has no data methods", () => {
  it("protocol still works; using data names the missing methods", async () => {
    const full = createMemorySessionStore();
    const legacy: SessionStore = { create: full.create, lookup: full.lookup, delete: full.delete, sweep: full.sweep };
    const errors: string[] = [];
    const handler = createHandlerOn(
      {
        env: {},
        logger: { ...quiet, error: (m) => errors.push(m) },
        sessions: { enabled: true, store: legacy },
        invocations: statefulSessionManager()(async (_request, context) => {
          try {
            await context.session!.put("k", 1);
            return "stored";
          } catch (error) {
            return { error: (error as Error).message };
          }
        }),
      },
      undefined,
    );
    const created = await handler.fetch(new Request("http://localhost/invocations", { method: "POST", body: '{"requestType":"NEW_SESSION"}' }));
    const id = created.headers.get("X-Amzn-SageMaker-New-Session-Id")!.split(";")[0]!;
    const used = await handler.fetch(new Request("http://localhost/invocations", { method: "POST", headers: { [H]: id }, body: "{}" }));
    expect(await used.json()).toEqual({ error: expect.stringMatching(/config\.sessions\.store has no getValue, putValue, deleteValue/) });
    await handler.close();
  });
});

describe("config.sessions.maxValueBytes", () => {
  it("must be a whole number of at least 1: ready() names the key otherwise", async () => {
    for (const maxValueBytes of [0, 1.5, -1, "1" as unknown as number]) {
      const handler = createHandlerOn({ env: {}, logger: quiet, sessions: { maxValueBytes } }, undefined);
      await expect(handler.ready()).rejects.toThrow(/config\.sessions\.maxValueBytes/);
    }
  });
});

describe("a session data call whose store fails", () => {
  it("is a logged 503, never a 500", async () => {
    const inner = createMemorySessionStore();
    const broken: SessionStore = {
      ...inner,
      getValue: async () => {
        throw Object.assign(new Error("disk on fire"), { code: "EIO" });
      },
    };
    const errors: string[] = [];
    const handler = createHandlerOn(
      {
        env: {},
        logger: { ...quiet, error: (m) => errors.push(m) },
        sessions: { enabled: true, store: broken },
        invocations: statefulSessionManager()(async (_request, context) => ({ value: (await context.session!.get("k")) ?? null })),
      },
      undefined,
    );
    const created = await handler.fetch(new Request("http://localhost/invocations", { method: "POST", body: '{"requestType":"NEW_SESSION"}' }));
    const id = created.headers.get("X-Amzn-SageMaker-New-Session-Id")!.split(";")[0]!;
    const used = await handler.fetch(new Request("http://localhost/invocations", { method: "POST", headers: { [H]: id }, body: "{}" }));
    expect(used.status).toBe(503);
    expect(await used.json()).toEqual({ detail: "Session store unavailable: session store error (EIO); see the server log" });
    expect(errors.join("\n")).toMatch(/failed to read a session value: Error: disk on fire/);
    await handler.close();
  });
});
