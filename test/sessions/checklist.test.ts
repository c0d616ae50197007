// ref-sessions section 5, item by item (numbers in the test names). Items where the port deliberately
// differs from the reference say "FIX (Wn)" and are listed in docs/sessions.md.
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BOTOCORE_NEW_SESSION,
  CLOSED_H,
  CLOSE_BODY,
  ENABLED,
  H,
  NEW_H,
  NEW_SESSION_BODY,
  STORE_KINDS,
  createSession,
  detailOf,
  sessionIdOf,
  useApps,
} from "./_harness.ts";
import type { StoreKind } from "./_harness.ts";

const app = useApps();

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const notFound = (id: string) => ({ detail: `Bad request: session not found: ${id}` });

describe.each(STORE_KINDS)("sessions enabled, %s store", (kind: StoreKind) => {
  it("1-4: NEW_SESSION creates: botocore-shaped header, Expires = now + 600 s, body, handler not called", async () => {
    const a = await app({ kind });
    const before = a.clock.t;
    const response = await a.post(NEW_SESSION_BODY);
    expect(response.status).toBe(200);
    const header = response.headers.get(NEW_H)!;
    expect(header).toMatch(BOTOCORE_NEW_SESSION);
    const id = sessionIdOf(response);
    expect(id).toMatch(UUID_V4);
    const expires = Date.parse(header.split("Expires=")[1]!);
    expect(expires).toBeGreaterThanOrEqual(before + 600_000 - 2000);
    expect(expires).toBeLessThanOrEqual(before + 600_000 + 1000);
    expect(await response.text()).toBe(`Session ${id} created`);
    expect(a.seen).toHaveLength(0);
  });

  it("5-6: ids differ, also for 10 concurrent creates, and each is usable", async () => {
    const a = await app({ kind });
    const ids = await Promise.all(Array.from({ length: 10 }, () => createSession(a)));
    expect(new Set(ids).size).toBe(10);
    for (const id of ids) expect((await a.post('{"prompt":"x"}', id)).status).toBe(200);
  });

  it("7-9: NEW_SESSION with H = NEW_SESSION or an active id creates a new one; an unknown id is 400", async () => {
    const a = await app({ kind });
    const viaReserved = sessionIdOf(await a.post(NEW_SESSION_BODY, "NEW_SESSION"));
    const again = await a.post(NEW_SESSION_BODY, viaReserved);
    expect(again.status).toBe(200);
    expect(sessionIdOf(again)).not.toBe(viaReserved);
    expect((await a.post('{"prompt":"x"}', viaReserved)).status).toBe(200);
    const unknown = await a.post(NEW_SESSION_BODY, "unknown-id");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual(notFound("unknown-id"));
  });

  it("10-11: regular requests with a session reach the handler unchanged, with context.session, no session headers back", async () => {
    const a = await app({ kind });
    const s1 = await createSession(a);
    const s2 = await createSession(a);
    for (const [id, prompt] of [[s1, "first request"], [s2, "other"], [s1, "third"]] as const) {
      const response = await a.post(JSON.stringify({ prompt }), id);
      expect(response.status).toBe(200);
      expect([...response.headers.keys()].filter((k) => k.startsWith("x-amzn-sagemaker"))).toEqual([]);
    }
    expect(a.seen.map((s) => [s.header, s.body])).toEqual([
      [s1, '{"prompt":"first request"}'],
      [s2, '{"prompt":"other"}'],
      [s1, '{"prompt":"third"}'],
    ]);
    expect(a.seen[0]!.session?.id).toBe(s1);
    expect(a.seen[0]!.session?.expiresAt).toBeInstanceOf(Date);
  });

  it("12-15: no H, H = \"\" and H = NEW_SESSION pass through; an invalid id is 400", async () => {
    const a = await app({ kind });
    expect((await a.post('{"prompt":"a"}')).status).toBe(200);
    expect((await a.post('{"prompt":"b"}', "")).status).toBe(200);
    expect((await a.post('{"prompt":"c"}', "NEW_SESSION")).status).toBe(200);
    expect(a.seen.map((s) => s.session)).toEqual([undefined, undefined, undefined]);
    const bad = await a.post('{"prompt":"d"}', "invalid-session-id");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual(notFound("invalid-session-id"));
    expect(a.seen).toHaveLength(3);
  });

  it("16-19: CLOSE closes once; then the id is unknown to regular requests and to CLOSE", async () => {
    const a = await app({ kind });
    const id = await createSession(a);
    const closed = await a.post(CLOSE_BODY, id);
    expect(closed.status).toBe(200);
    expect(closed.headers.get(CLOSED_H)).toBe(id);
    expect(await closed.text()).toBe(`Session ${id} closed`);
    expect(a.seen).toHaveLength(0);
    const after = await a.post('{"prompt":"x"}', id);
    expect([after.status, await after.json()]).toEqual([400, notFound(id)]);
    const twice = await a.post(CLOSE_BODY, id);
    expect([twice.status, await twice.json()]).toEqual([400, notFound(id)]);
    const never = await a.post(CLOSE_BODY, "nonexistent-id");
    expect([never.status, await never.json()]).toEqual([400, notFound("nonexistent-id")]);
  });

  it("20-22: CLOSE without H, with H = \"\" or NEW_SESSION keeps the reference's 424 texts", async () => {
    const a = await app({ kind });
    const cases: Array<[string | null, string]> = [
      [null, "Failed to close session: invalid session_id: None"],
      ["", "Failed to close session: invalid session_id: "],
      ["NEW_SESSION", "Failed to close session: session not found: NEW_SESSION"],
    ];
    for (const [header, detail] of cases) {
      const response = await a.post(CLOSE_BODY, header);
      expect([response.status, await response.json()]).toEqual([424, { detail }]);
    }
  });

  it("23-24: closing one session leaves another intact; a full lifecycle", async () => {
    const a = await app({ kind });
    const s1 = await createSession(a);
    const s2 = await createSession(a);
    expect((await a.post(CLOSE_BODY, s1)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await a.post(`{"prompt":"${i}"}`, s2)).status).toBe(200);
    const closed = await a.post(CLOSE_BODY, s2);
    expect([closed.status, closed.headers.get(CLOSED_H)]).toEqual([200, s2]);
  });

  it("25: FIX (W11) an expired id is rejected on its first use (the reference let one request through)", async () => {
    const a = await app({ kind });
    const id = await createSession(a);
    a.clock.t += 601_000;
    const first = await a.post('{"prompt":"x"}', id);
    expect([first.status, await first.json()]).toEqual([400, notFound(id)]);
    expect(a.seen).toHaveLength(0);
  });

  it("26: FIX (W11/W12) CLOSE on an expired id is 400 session not found (the reference: 424)", async () => {
    const a = await app({ kind });
    const id = await createSession(a);
    a.clock.t += 601_000;
    const response = await a.post(CLOSE_BODY, id);
    expect(response.status).toBe(400);
    expect(await detailOf(response)).toMatch(new RegExp(`session not found: ${id}$`));
  });

  it("NEW_SESSION with an expired id creates a new session (table row 1)", async () => {
    const a = await app({ kind });
    const id = await createSession(a);
    a.clock.t += 601_000;
    const response = await a.post(NEW_SESSION_BODY, id);
    expect(response.status).toBe(200);
    expect(sessionIdOf(response)).not.toBe(id);
  });

  it("32: CLOSE with another key is 400 extra_forbidden and the session stays active", async () => {
    const a = await app({ kind });
    const id = await createSession(a);
    const response = await a.post('{"requestType":"CLOSE","prompt":"x"}', id);
    expect(response.status).toBe(400);
    const [error] = JSON.parse((await detailOf(response)) as string) as Array<{ type: string; loc: string[] }>;
    expect(error).toMatchObject({ type: "extra_forbidden", loc: ["prompt"] });
    expect((await a.post('{"prompt":"x"}', id)).status).toBe(200);
  });

  it("a session header Fetch joined from duplicates (\"a, b\") or an overlong one is 400, echo truncated", async () => {
    const a = await app({ kind });
    const id = await createSession(a);
    const joined = await a.handler.fetch(
      new Request("http://localhost/invocations", { method: "POST", body: "{}", headers: [[H, id], [H, id]] }),
    );
    expect([joined.status, await joined.json()]).toEqual([400, notFound(`${id}, ${id}`)]);
    const long = "a".repeat(5000);
    const response = await a.post("{}", long);
    expect(response.status).toBe(400);
    expect(await detailOf(response)).toBe(`Bad request: session not found: ${"a".repeat(256)}...`);
  });
});

describe("file store white-box (28, 29, 27)", () => {
  it("28: NEW_SESSION makes <root>/<id>/.expiration_ts = expiry; CLOSE removes the directory", async () => {
    const a = await app({ kind: "file" });
    const response = await a.post(NEW_SESSION_BODY);
    const id = sessionIdOf(response);
    const expires = Date.parse(response.headers.get(NEW_H)!.split("Expires=")[1]!);
    expect(JSON.parse(await readFile(join(a.root!, id, ".expiration_ts"), "utf8"))).toBe(expires / 1000);
    expect((await stat(join(a.root!, id))).isDirectory()).toBe(true);
    expect((await a.post(CLOSE_BODY, id)).status).toBe(200);
    expect(await readdir(a.root!)).not.toContain(id);
  });

  it("29: a new handler over the same root (a restart) accepts the session", async () => {
    const a = await app({ kind: "file" });
    const id = await createSession(a);
    await a.handler.close();
    const b = await app({ kind: "file", env: { ...ENABLED, SAGEMAKER_SESSIONS_PATH: a.root! } });
    expect((await b.post('{"prompt":"x"}', id)).status).toBe(200);
  });

  it("27: once expired, a session's storage is purged by a later NEW_SESSION (background sweep) or by its use", async () => {
    const a = await app({ kind: "file" });
    const first = await createSession(a);
    const second = await createSession(a);
    a.clock.t += 601_000;
    // Use second, before any create could start a sweep: the use itself removes the expired record.
    expect((await a.post("{}", second)).status).toBe(400);
    expect(await readdir(a.root!)).not.toContain(second);
    expect(await readdir(a.root!)).toContain(first);
    await createSession(a);
    // The sweep after a create is rate-limited (default 60 s on the store's clock) and runs in the background.
    const deadline = Date.now() + 10_000;
    while ((await readdir(a.root!)).includes(first) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await readdir(a.root!)).not.toContain(first);
  });
});
