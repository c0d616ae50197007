import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createFileSessionStore } from "../../runtimes/node-apis/file-session-store.ts";
import type { Logger } from "../../src/logging.ts";
import { SessionNotFoundError } from "../../src/sessions/session-keys.ts";

// Edges of the file store that the shared contract cannot see: the on-disk names of keys (the
// reference's layout), what the sweeper removes and when, the id-collision retry, close().

const scratch: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mhcs-file-edges-"));
  scratch.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
function recording(): { logger: Logger; infos: string[]; warnings: string[] } {
  const infos: string[] = [];
  const warnings: string[] = [];
  return { logger: { ...quiet, info: (m) => infos.push(m), warn: (m) => warnings.push(m) }, infos, warnings };
}
const T0 = 1_800_000_000_000;
/** An hour ago on the real clock, in whole seconds: sessions made then are expired now. */
const PAST = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("file store: a key's file name", () => {
  // The oracle is Node's own base64url and SHA-256, not the store's encoder.
  const encoded = (key: string) => `~${Buffer.from(key, "utf8").toString("base64url")}`;
  const hashed = (key: string) => `~~${createHash("sha256").update(key, "utf8").digest("hex")}`;

  it("is the key itself when it is a safe name (the reference's <id>/<key>), up to 200 characters", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const { id } = await store.create({ ttlSeconds: 600 });
    const plain = ["a", "9", "_", "-", "a.b", "x-y_z.0", "k".repeat(200)];
    for (const key of plain) await store.putValue!(id, key, key.length);
    expect((await readdir(join(root, id))).sort()).toEqual([".expiration_ts", ...plain].sort());
    for (const key of plain) expect(JSON.parse(await readFile(join(root, id, key), "utf8"))).toBe(key.length);
    await store.close?.();
  });

  it("is ~ + unpadded base64url of the UTF-8 otherwise (a leading dot, a slash, a space, non-ASCII)", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const { id } = await store.create({ ttlSeconds: 600 });
    // Lengths 1, 2 and 3 bytes cover both padding cases and none; "??>" and "ÿÿ" hold + and / in base64.
    const keys = [".hidden", "a/b", "../x", "é", "ab!", "??>", "ÿÿ", "x y", "~"];
    for (const key of keys) await store.putValue!(id, key, key);
    const names = (await readdir(join(root, id))).filter((name) => name !== ".expiration_ts");
    expect(names.sort()).toEqual(keys.map(encoded).sort());
    for (const name of names) expect(name).toMatch(/^~[A-Za-z0-9_-]+$/);
    for (const key of keys) expect(await store.getValue!(id, key)).toBe(key);
    await store.close?.();
  });

  it("is ~~ + SHA-256 hex once the base64url name would pass 240 characters; 240 is still base64url", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const { id } = await store.create({ ttlSeconds: 600 });
    const at240 = `/${"a".repeat(178)}`; // 179 bytes: 239 base64url characters + "~"
    const at241 = `/${"a".repeat(179)}`; // 180 bytes: 240 characters + "~"
    expect(encoded(at240)).toHaveLength(240);
    expect(encoded(at241)).toHaveLength(241);
    await store.putValue!(id, at240, 1);
    await store.putValue!(id, at241, 2);
    const safeButLong = "k".repeat(201); // one past a plain name; its base64url is 268 characters
    await store.putValue!(id, safeButLong, 3);
    const names = (await readdir(join(root, id))).filter((name) => name !== ".expiration_ts");
    expect(names.sort()).toEqual([encoded(at240), hashed(at241), hashed(safeButLong)].sort());
    expect(await store.getValue!(id, safeButLong)).toBe(3);
    expect(await store.getValue!(id, at240)).toBe(1);
    expect(await store.getValue!(id, at241)).toBe(2);
    await store.close?.();
  });

  it("a value file that is not JSON (a writer outside the store) reads as never put, with a warning", async () => {
    const root = await tempDir();
    const { logger, warnings } = recording();
    const store = createFileSessionStore({ path: root, logger, sweepIntervalMs: 0 });
    const { id } = await store.create({ ttlSeconds: 600 });
    await writeFile(join(root, id, "prompt"), '{"half":');
    expect(await store.getValue!(id, "prompt")).toBeUndefined();
    expect(warnings).toEqual([`Session ${id}: the value of a key is not JSON; treated as never put`]);
    await store.close?.();
  });

  it("a put that cannot land leaves no temporary file in the session", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const { id } = await store.create({ ttlSeconds: 600 });
    await mkdir(join(root, id, "blocked", "inside"), { recursive: true }); // a non-empty directory where the value goes
    await expect(store.putValue!(id, "blocked", 1)).rejects.toBeDefined();
    expect((await readdir(join(root, id))).sort()).toEqual([".expiration_ts", "blocked"]);
    await store.close?.();
  });
});

describe("file store: ids that are not session ids never reach a path", () => {
  it("data calls with `..` or `../victim` reject with SessionNotFoundError and leave the directories above alone", async () => {
    const parent = await tempDir();
    const root = join(parent, "root");
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    await store.create({ ttlSeconds: 600 });
    // A record above the root and one beside it, both active for a day: a path join would find them.
    const record = String(Math.floor(Date.now() / 1000) + 86_400);
    await writeFile(join(parent, ".expiration_ts"), record);
    await writeFile(join(parent, "k"), "1");
    await mkdir(join(parent, "victim"));
    await writeFile(join(parent, "victim", ".expiration_ts"), record);
    await writeFile(join(parent, "victim", "k"), "1");
    for (const id of ["..", "../victim", "."]) {
      await expect(store.getValue!(id, "k")).rejects.toBeInstanceOf(SessionNotFoundError);
      await expect(store.putValue!(id, "k", 2)).rejects.toBeInstanceOf(SessionNotFoundError);
      await expect(store.deleteValue!(id, "k")).rejects.toBeInstanceOf(SessionNotFoundError);
      expect(await store.lookup(id)).toEqual({ state: "unknown" });
      expect(await store.delete(id)).toBe(false);
    }
    expect(await readFile(join(parent, "k"), "utf8")).toBe("1");
    expect(await readFile(join(parent, "victim", "k"), "utf8")).toBe("1");
    expect((await readdir(parent)).sort()).toEqual([".expiration_ts", "k", "root", "victim"]);
    await store.close?.();
  });

  it("create rejects a ttl that is not above 0 with a RangeError, and writes nothing", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    for (const ttlSeconds of [0, -1, Number.NaN]) {
      await expect(store.create({ ttlSeconds })).rejects.toThrow(new RangeError(`ttlSeconds must be greater than 0, got ${ttlSeconds}`));
    }
    expect(await readdir(root).catch(() => [])).toEqual([]);
    await store.close?.();
  });
});

describe("file store: the sweeper", () => {
  it("removes a session one millisecond after its expiry, not at it, and says how many it removed", async () => {
    const root = await tempDir();
    const { logger, infos } = recording();
    const store = createFileSessionStore({ path: root, logger, sweepIntervalMs: 0, now: () => T0 });
    const a = await store.create({ ttlSeconds: 10 });
    const b = await store.create({ ttlSeconds: 10 });
    const c = await store.create({ ttlSeconds: 20 });
    expect(await store.sweep!(a.expiresAt)).toBe(0);
    expect(infos).toEqual([]);
    expect(await store.sweep!(new Date(a.expiresAt.getTime() + 1))).toBe(2);
    expect(infos).toEqual([`Session sweep in ${root} removed 2 expired sessions`]);
    expect(await store.sweep!(new Date(c.expiresAt.getTime() + 1))).toBe(1);
    expect(infos[1]).toBe(`Session sweep in ${root} removed 1 expired session`);
    expect(await readdir(root)).toEqual([]);
    expect([a.id, b.id, c.id].every((id) => UUID4.test(id))).toBe(true);
    await store.close?.();
  });

  it("leaves alone what only looks like a session or like its own scratch: files named like ids, foreign dot names", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0, now: () => T0 });
    const live = await store.create({ ttlSeconds: 7200 });
    await store.putValue!(live.id, "k", "v");
    const uuid = "0b3a5c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d";
    const foreign = [
      "abc-1", // a file named like an id, holding what reads like a record
      ".mhcs-staging-foo",
      `.mhcs-trash-${uuid}x`,
      `x.mhcs-trash-${uuid}`,
      `.mhcs-staging-${uuid.toUpperCase()}`,
      `.mhcs-tmp-${uuid}`,
      `.other-${uuid}`,
    ];
    await writeFile(join(root, "abc-1"), "1");
    for (const name of foreign.slice(1)) {
      await mkdir(join(root, name));
      await writeFile(join(root, name, ".expiration_ts"), "1");
    }
    await utimes(join(root, ".mhcs-staging-foo"), 1, 1);
    expect(await store.sweep!(new Date(T0 + 3_600_000))).toBe(0);
    expect((await readdir(root)).sort()).toEqual([...foreign, live.id].sort());
    expect(await store.getValue!(live.id, "k", new Date(T0))).toBe("v");
    await store.close?.();
  });

  it("removes its own staging only once it is older than 5 minutes, and its own trash at once, naming both", async () => {
    const root = await tempDir();
    const { logger, infos } = recording();
    const store = createFileSessionStore({ path: root, logger, sweepIntervalMs: 0, now: () => T0 });
    await store.lookup("abc"); // makes the root
    const staging = ".mhcs-staging-0b3a5c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d";
    const trash = ".mhcs-trash-1b3a5c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d";
    await mkdir(join(root, staging));
    await writeFile(join(root, staging, ".expiration_ts"), "1");
    const trash2 = ".mhcs-trash-2b3a5c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d";
    await mkdir(join(root, trash, "nested"), { recursive: true });
    await mkdir(join(root, trash2));
    const mtime = T0 / 1000; // whole milliseconds: the comparison is exact
    await utimes(join(root, staging), mtime, mtime);
    expect((await stat(join(root, staging))).mtimeMs).toBe(T0);

    expect(await store.sweep!(new Date(T0 + 5 * 60_000))).toBe(0);
    expect((await readdir(root)).sort()).toEqual([staging]);
    expect(infos).toHaveLength(1);
    const listed = [trash, trash2].join(", ");
    const reversed = [trash2, trash].join(", ");
    expect([`Session sweep in ${root} removed 0 expired sessions; leftovers of interrupted writes: ${listed}`, `Session sweep in ${root} removed 0 expired sessions; leftovers of interrupted writes: ${reversed}`]).toContain(infos[0]);

    expect(await store.sweep!(new Date(T0 + 5 * 60_000 + 1))).toBe(0);
    expect(await readdir(root)).toEqual([]);
    expect(infos[1]).toBe(`Session sweep in ${root} removed 0 expired sessions; leftovers of interrupted writes: ${staging}`);
    await store.close?.();
  });

  it("a create sweeps once the interval has passed on the store's clock (not a millisecond before), never with interval 0", async () => {
    const root = await tempDir();
    const clock = { t: T0 };
    const expired = async (): Promise<string> => {
      // From a store that never sweeps, already expired on every clock here.
      const maker = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0, now: () => T0 - 60_000 });
      const { id } = await maker.create({ ttlSeconds: 1 });
      await maker.close?.();
      return id;
    };
    const never = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0, now: () => clock.t });
    const kept = await expired();
    for (let i = 0; i < 3; i++) await never.create({ ttlSeconds: 600 });
    await never.close?.();
    expect(await readdir(root)).toContain(kept);

    // An hour: its timer never fires here, so only creates sweep. The first create sweeps (and removes `kept`).
    const hourly = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 3_600_000, now: () => clock.t });
    await hourly.create({ ttlSeconds: 600 });
    await until(async () => !(await readdir(root)).includes(kept), "the first create's sweep");
    await sleep(300); // and let that sweep finish
    const second = await expired();
    clock.t = T0 + 3_600_000 - 1;
    await hourly.create({ ttlSeconds: 600 });
    await sleep(300);
    expect(await readdir(root)).toContain(second);
    clock.t = T0 + 3_600_000;
    await hourly.create({ ttlSeconds: 600 });
    await until(async () => !(await readdir(root)).includes(second), "the sweep an hour later");
    await hourly.close?.();
  }, 20_000);

  it("sweeps on its timer from first use, without any create, and stops for good on close()", async () => {
    const root = await tempDir();
    const maker = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0, now: () => PAST });
    const expiredOne = async () => (await maker.create({ ttlSeconds: 1 })).id;

    const ticking = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 25 });
    const first = await expiredOne();
    expect(await ticking.lookup(first)).toEqual({ state: "expired" }); // first use: the timer starts
    await until(async () => (await maker.lookup(first)).state === "unknown", "a timer sweep");

    await ticking.close?.();
    const afterClose = await expiredOne();
    await sleep(300);
    expect(await readdir(root)).toContain(afterClose);

    // Closed before its first use: using it later starts no timer.
    const closedEarly = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 25 });
    await closedEarly.close?.();
    expect(await closedEarly.lookup(afterClose)).toEqual({ state: "expired" });
    await sleep(300);
    expect(await readdir(root)).toContain(afterClose);
    await maker.close?.();
  }, 20_000);

  it("a timer sweep that fails is logged, and the next one runs again", async () => {
    const parent = await tempDir();
    const root = join(parent, "root");
    const { logger, warnings } = recording();
    const ticking = createFileSessionStore({ path: root, logger, sweepIntervalMs: 25 });
    await ticking.lookup("abc");
    await rm(root, { recursive: true });
    await until(async () => warnings.some((w) => w.startsWith("Session sweep failed: ")), "the failure's warning");
    const maker = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0, now: () => PAST });
    const { id } = await maker.create({ ttlSeconds: 1 }); // makes the root again
    await until(async () => !(await readdir(root)).includes(id), "a sweep after the failure");
    await ticking.close?.();
    await maker.close?.();
  }, 20_000);
});

describe("file store: an id collision", () => {
  it("is retried with a fresh id, leaving the existing session and no staging behind; the fourth in a row is an error", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const taken = await store.create({ ttlSeconds: 600 });
    await store.putValue!(taken.id, "k", "mine");
    const real = globalThis.crypto.randomUUID.bind(globalThis.crypto);
    // Each attempt draws the session id, then the staging name: the first id drawn collides.
    let calls = 0;
    vi.spyOn(globalThis.crypto, "randomUUID").mockImplementation(() => (calls++ === 0 ? (taken.id as ReturnType<typeof real>) : real()));
    const fresh = await store.create({ ttlSeconds: 600 });
    expect(fresh.id).not.toBe(taken.id);
    expect((await readdir(root)).sort()).toEqual([taken.id, fresh.id].sort());
    expect(await store.getValue!(taken.id, "k")).toBe("mine");

    calls = 0;
    vi.spyOn(globalThis.crypto, "randomUUID").mockImplementation(() => (calls++ % 2 === 0 ? (taken.id as ReturnType<typeof real>) : real()));
    await expect(store.create({ ttlSeconds: 600 })).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTEMPTY|EEXIST)$/) });
    expect(calls).toBe(8);
    expect((await readdir(root)).sort()).toEqual([taken.id, fresh.id].sort());
    expect(await store.getValue!(taken.id, "k")).toBe("mine");
    await store.close?.();
  });
});

describe("file store: its root", () => {
  it("an empty SAGEMAKER_SESSIONS_PATH is not the working directory: it warns and falls back to <tmpdir>/sagemaker_sessions", async () => {
    const parent = await tempDir();
    const { logger, warnings } = recording();
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = parent;
    try {
      const store = createFileSessionStore({ env: { SAGEMAKER_SESSIONS_PATH: "" }, logger, sweepIntervalMs: 0 });
      const { id } = await store.create({ ttlSeconds: 60 });
      expect(await readdir(join(parent, "sagemaker_sessions"))).toEqual([id]);
      expect(warnings).toEqual([
        `Failed to initialize sessions at '': Error: SAGEMAKER_SESSIONS_PATH is empty. Falling back to temp directory ${join(parent, "sagemaker_sessions")}`,
      ]);
      await store.close?.();
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    expect(basename(parent)).toMatch(/^mhcs-file-edges-/);
  });
});
