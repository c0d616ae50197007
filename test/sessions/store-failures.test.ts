// Session store failures are a clear 424/503 {"detail"} plus a log line, never a 500 or a crash.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHandlerOn } from "../../src/handler.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import type { SessionStore } from "../../src/sessions/store.ts";
import { createFileSessionStore } from "../../runtimes/node-apis/file-session-store.ts";
import { CLOSE_BODY, ENABLED, NEW_SESSION_BODY } from "./_harness.ts";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function appWith(store: SessionStore) {
  const logs: string[] = [];
  const log = (m: string) => void logs.push(m);
  const handler = createHandlerOn(
    {
      invocations: statefulSessionManager()(() => "handled"),
      env: ENABLED,
      sessions: { store },
      logger: { debug: log, info: log, warn: log, error: (m) => logs.push(`ERROR ${m}`) },
    },
    undefined,
  );
  const post = (body: string, id?: string) =>
    handler.fetch(new Request("http://x/invocations", { method: "POST", body, headers: id ? { "X-Amzn-SageMaker-Session-Id": id } : {} }));
  return { handler, logs, post };
}

describe("session store failures", () => {
  it("a file store whose directory cannot be made: 424 on create, 503 on use, 424 on close, logged", async () => {
    const parent = await mkdtemp(join(tmpdir(), "mhcs-broken-"));
    dirs.push(parent);
    await writeFile(join(parent, "file"), "x");
    const { handler, logs, post } = appWith(createFileSessionStore({ path: join(parent, "file", "sessions"), logger: { debug() {}, info() {}, warn() {}, error() {} } }));
    const created = await post(NEW_SESSION_BODY);
    expect(created.status).toBe(424);
    expect(await created.json()).toEqual({ detail: "Failed to create session: session store error (ENOTDIR); see the server log" });
    const used = await post("{}", "abc-123");
    expect(used.status).toBe(503);
    expect(((await used.json()) as { detail: string }).detail).toMatch(/^Session store unavailable: /);
    const closed = await post(CLOSE_BODY, "abc-123");
    expect(closed.status).toBe(424);
    expect(((await closed.json()) as { detail: string }).detail).toMatch(/^Failed to close session: /);
    expect(logs.filter((l) => l.startsWith("ERROR Session store failed")).length).toBe(3);
    expect(logs.join("\n")).toMatch(/ENOTDIR/);
    await handler.close();
  });

  it("a store that throws anything (even non-Errors) never turns into a 500", async () => {
    const failing: SessionStore = {
      ...createMemorySessionStore(),
      create: () => Promise.reject("boom"),
      lookup: () => Promise.reject(new Error("connection lost")),
      delete: () => Promise.reject(new Error("connection lost")),
    };
    const { handler, post } = appWith(failing);
    expect((await post(NEW_SESSION_BODY)).status).toBe(424);
    expect((await post("{}", "abc")).status).toBe(503);
    expect((await post(CLOSE_BODY, "abc")).status).toBe(424);
    // Requests that do not need the store are unaffected.
    expect(await (await post('{"prompt":"x"}')).text()).toBe("handled");
    await handler.close();
  });
});
