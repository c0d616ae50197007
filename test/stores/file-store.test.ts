import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { createFileSessionStore } from "../../runtimes/node-apis/file-session-store.ts";
import type { Logger } from "../../src/logging.ts";
import { testSessionStore } from "./_store-suite.ts";

const scratch: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mhcs-file-store-"));
  scratch.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

testSessionStore("file", async ({ now }) => {
  const parent = await tempDir();
  const root = join(parent, "sessions");
  return {
    store: createFileSessionStore({ path: root, now, sweepIntervalMs: 0, logger: quiet }),
    peer: async () => createFileSessionStore({ path: root, now, sweepIntervalMs: 0, logger: quiet }),
    listRoot: () => readdir(root),
    async residue(id) {
      const names = await readdir(root);
      return names.includes(id) || names.some((name) => name.startsWith(".mhcs-trash-"));
    },
    async corrupt(id, how) {
      const file = join(root, id, ".expiration_ts");
      if (how === "empty") await writeFile(file, "");
      if (how === "truncated") await writeFile(file, "18000000");
      if (how === "truncated") await writeFile(file, "1800000000.5e");
      if (how === "garbage") await writeFile(file, '{"not":"a number"}');
      if (how === "missing") await rm(file);
      if (how === "not-a-directory") {
        await rm(join(root, id), { recursive: true });
        await writeFile(join(root, id), "x");
      }
    },
    async plantOutside() {
      const victim = join(parent, "victim");
      await mkdir(victim);
      await writeFile(join(victim, ".expiration_ts"), "99999999999");
      return {
        relative: `../${basename(victim)}`,
        intact: async () => (await readFile(join(victim, ".expiration_ts"), "utf8")) === "99999999999",
      };
    },
    dispose: async () => {},
  };
});

describe("file session store", () => {
  it("touches nothing until first use, then creates its root with 0700", async () => {
    const root = join(await tempDir(), "deep", "sessions");
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    await expect(stat(root)).rejects.toMatchObject({ code: "ENOENT" });
    await store.lookup("../abc");
    expect(await stat(root).catch(() => undefined)).toBeUndefined(); // a bad id never reaches the file system
    await store.lookup("abc-def");
    expect((await stat(root)).mode & 0o777).toBe(0o700);
    await store.close?.();
  });

  it("stores <root>/<id>/.expiration_ts (epoch seconds, 0600, dir 0700) and removes the directory on delete", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const { id, expiresAt } = await store.create({ ttlSeconds: 600 });
    const dir = join(root, id);
    expect(JSON.parse(await readFile(join(dir, ".expiration_ts"), "utf8"))).toBe(expiresAt.getTime() / 1000);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, ".expiration_ts"))).mode & 0o777).toBe(0o600);
    expect(await store.delete(id)).toBe(true);
    expect(await readdir(root)).toEqual([]);
    await store.close?.();
  });

  it("removes a deleted session completely whatever it holds (extra files, a nested directory, no record, a file)", async () => {
    const root = await tempDir();
    const warnings: string[] = [];
    const store = createFileSessionStore({ path: root, logger: { ...quiet, warn: (m) => warnings.push(m) }, sweepIntervalMs: 0 });
    const damage = [
      async (dir: string) => writeFile(join(dir, "extra"), "x"),
      async (dir: string) => mkdir(join(dir, "nested", "deeper"), { recursive: true }),
      async (dir: string) => rm(join(dir, ".expiration_ts")),
      async (dir: string) => {
        await rm(dir, { recursive: true });
        await writeFile(dir, "x");
      },
    ];
    for (const hurt of damage) {
      const { id } = await store.create({ ttlSeconds: 600 });
      await hurt(join(root, id));
      await store.delete(id);
      expect(await readdir(root)).toEqual([]);
    }
    expect(warnings).toEqual([]);
    await store.close?.();
  });

  it("a session directory is whole the moment it appears: a thread listing the root never finds one without its record", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    // [0]: stop, [1]: whole records the observer has seen so far.
    const stop = new Int32Array(new SharedArrayBuffer(8));
    // Synchronous calls on its own thread: it sees the directory between any two steps of a create or
    // delete, which no lookup from this thread can (its file-system calls queue behind the store's own).
    const observer = new Worker(
      `const { readdirSync, readFileSync } = require("node:fs");
      const { join } = require("node:path");
      const { workerData, parentPort } = require("node:worker_threads");
      const stop = new Int32Array(workerData.stop);
      const whole = new Set();
      const partial = new Set();
      while (Atomics.load(stop, 0) === 0) {
        for (const name of readdirSync(workerData.root)) {
          if (!/^[0-9a-f-]{36}$/.test(name) || whole.has(name)) continue;
          let text = "";
          try { text = readFileSync(join(workerData.root, name, ".expiration_ts"), "utf8"); } catch {}
          if (Number.isFinite(Number.parseFloat(text))) {
            whole.add(name);
            Atomics.add(stop, 1, 1);
          }
          // A delete renames the directory away first: unreadable and still listed is a partial record.
          else if (readdirSync(workerData.root).includes(name)) partial.add(name);
        }
      }
      parentPort.postMessage({ whole: whole.size, partial: [...partial] });`,
      { eval: true, workerData: { root, stop: stop.buffer } },
    );
    const report = new Promise<{ whole: number; partial: string[] }>((resolve, reject) => {
      observer.once("message", resolve);
      observer.once("error", reject);
    });
    await new Promise((resolve) => observer.once("online", resolve));
    // 20 rounds, and on a loaded machine more until the observer has caught at least one record whole.
    for (let round = 0; round < 20 || (Atomics.load(stop, 1) === 0 && round < 2000); round++) {
      const created = await Promise.all(Array.from({ length: 10 }, () => store.create({ ttlSeconds: 60 })));
      await Promise.all(created.map((session) => store.delete(session.id)));
    }
    Atomics.store(stop, 0, 1);
    const { whole, partial } = await report;
    await store.close?.();
    expect(whole).toBeGreaterThan(0);
    expect(partial).toEqual([]);
  });

  it("survives a restart: a new store over the same root knows the session", async () => {
    const root = await tempDir();
    const first = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const { id } = await first.create({ ttlSeconds: 600 });
    await first.close?.();
    const second = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    expect((await second.lookup(id)).state).toBe("active");
    expect(await second.delete(id)).toBe(true);
    await second.close?.();
  });

  it("reads a root written by the Python reference (float seconds)", async () => {
    const root = await tempDir();
    const id = "3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f";
    await mkdir(join(root, id));
    await writeFile(join(root, id, ".expiration_ts"), "1795332268.0211668");
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0, now: () => 1795332268_000 });
    const found = await store.lookup(id);
    expect(found).toEqual({ state: "active", expiresAt: new Date(1795332268.0211668 * 1000) });
    await store.close?.();
  });

  it("sweeps its own stale staging and trash (private prefix + UUID), logs them at INFO, and leaves everything else alone", async () => {
    const root = await tempDir();
    let t = Date.now();
    const infos: string[] = [];
    const store = createFileSessionStore({ path: root, logger: { ...quiet, info: (m) => infos.push(m) }, sweepIntervalMs: 0, now: () => t });
    const kept = await store.create({ ttlSeconds: 3600 });
    const staging = ".mhcs-staging-0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    const trash = ".mhcs-trash-1f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    await mkdir(join(root, staging));
    await writeFile(join(root, staging, ".expiration_ts"), "17");
    await mkdir(join(root, trash));
    // Other programs' entries, some named like our old or current scratch entries.
    const foreign = [".staging-crashed", ".trash-leftover", ".mhcs-trash-notauuid", ".mhcs-staging-x", "README", "not_a_session"];
    for (const name of foreign) await (name === "README" ? writeFile(join(root, name), "not a session") : mkdir(join(root, name)));
    t += 10 * 60_000; // staging older than 5 minutes is a dead process's
    expect(await store.sweep()).toBe(0);
    expect((await readdir(root)).sort()).toEqual([kept.id, ...foreign].sort());
    expect(infos.join("\n")).toContain(staging);
    expect(infos.join("\n")).toContain(trash);
    await store.close?.();
  });

  it("a shared SAGEMAKER_SESSIONS_PATH: only directories holding a readable record are swept, whatever their names", async () => {
    const root = await tempDir();
    let t = Date.now();
    const infos: string[] = [];
    const store = createFileSessionStore({ path: root, logger: { ...quiet, info: (m) => infos.push(m) }, sweepIntervalMs: 0, now: () => t });
    const expired = await store.create({ ttlSeconds: 1 });
    const foreign = ["node-compile-cache", "tsx-0", "ABCDEF01-2345-4678-9abc-def012345678x", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "1f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"];
    for (const name of foreign) await mkdir(join(root, name));
    // A UUID directory with an unreadable record is not provably a session: left alone.
    await writeFile(join(root, foreign[3]!, ".expiration_ts"), "not json");
    t += 10 * 60_000;
    expect(await store.sweep()).toBe(1);
    expect((await readdir(root)).sort()).toEqual([...foreign].sort());
    expect(await store.lookup(expired.id)).toEqual({ state: "unknown" });
    expect(infos.join("\n")).toMatch(/removed 1 expired session\b/);
    await store.close?.();
  });

  it("keeps session data as the reference does (one file per key, 0600) and reads values the reference wrote", async () => {
    const root = await tempDir();
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const { id } = await store.create({ ttlSeconds: 600 });
    await store.putValue!(id, "history", ["a", "b"]);
    await store.putValue!(id, "a/b", 1);
    expect(JSON.parse(await readFile(join(root, id, "history"), "utf8"))).toEqual(["a", "b"]);
    expect((await stat(join(root, id, "history"))).mode & 0o777).toBe(0o600);
    // Python's Session.put wrote json.dump(value) to <root>/<id>/<key> ('/' became '-').
    await writeFile(join(root, id, "user-settings"), '{"temperature": 0.2}');
    expect(await store.getValue!(id, "user-settings")).toEqual({ temperature: 0.2 });
    expect(await store.getValue!(id, "user/settings")).toBeUndefined(); // keys are opaque here: no '/' folding
    expect((await readdir(join(root, id))).filter((name) => name.startsWith(".mhcs-tmp-"))).toEqual([]);
    await store.close?.();
  });

  it("a root it creates is 0700; a wider root that was there is warned about once, and left as it is", async () => {
    const parent = await tempDir();
    const warnings: string[] = [];
    const logger = { ...quiet, warn: (m: string) => warnings.push(m) };
    const made = join(parent, "made");
    const previous = process.umask(0o022);
    try {
      const store = createFileSessionStore({ path: made, logger, sweepIntervalMs: 0 });
      await store.create({ ttlSeconds: 60 });
      expect((await stat(made)).mode & 0o777).toBe(0o700);
      await store.close?.();
    } finally {
      process.umask(previous);
    }
    const shared = join(parent, "shared");
    await mkdir(shared, { mode: 0o755 });
    await chmod(shared, 0o755);
    for (let i = 0; i < 2; i++) {
      const store = createFileSessionStore({ path: shared, logger, sweepIntervalMs: 0 });
      await store.create({ ttlSeconds: 60 });
      await store.close?.();
    }
    expect((await stat(shared)).mode & 0o777).toBe(0o755);
    expect(warnings.filter((w) => w.includes(shared))).toHaveLength(1);
    expect(warnings[0]).toMatch(/mode 0755.*bearer tokens.*chmod 700/);
  });

  it("recreates its root when it disappears between requests", async () => {
    const root = join(await tempDir(), "sessions");
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const first = await store.create({ ttlSeconds: 60 });
    await rm(root, { recursive: true });
    expect(await store.lookup(first.id)).toEqual({ state: "unknown" });
    const second = await store.create({ ttlSeconds: 60 });
    expect((await store.lookup(second.id)).state).toBe("active");
    await store.close?.();
  });

  it("rejects (never crashes) when an explicit root cannot be created", async () => {
    const parent = await tempDir();
    await writeFile(join(parent, "file"), "x");
    const store = createFileSessionStore({ path: join(parent, "file", "sessions"), logger: quiet, sweepIntervalMs: 0 });
    await expect(store.create({ ttlSeconds: 60 })).rejects.toMatchObject({ code: expect.stringMatching(/ENOTDIR|EEXIST/) });
    await expect(store.lookup("a/b")).resolves.toEqual({ state: "unknown" });
    await expect(store.lookup("abc-1")).rejects.toBeDefined();
    await store.close?.();
  });

  it("uses SAGEMAKER_SESSIONS_PATH, and falls back to <tmpdir>/sagemaker_sessions when it is unusable", async () => {
    const parent = await tempDir();
    const fromEnv = createFileSessionStore({ env: { SAGEMAKER_SESSIONS_PATH: join(parent, "env-root") }, logger: quiet, sweepIntervalMs: 0 });
    const made = await fromEnv.create({ ttlSeconds: 60 });
    expect(await readdir(join(parent, "env-root"))).toEqual([made.id]);
    await fromEnv.close?.();

    await writeFile(join(parent, "blocker"), "x");
    const warnings: string[] = [];
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = parent;
    try {
      const fallback = createFileSessionStore({
        env: { SAGEMAKER_SESSIONS_PATH: join(parent, "blocker", "sessions") },
        logger: { ...quiet, warn: (m) => warnings.push(m) },
        sweepIntervalMs: 0,
      });
      const session = await fallback.create({ ttlSeconds: 60 });
      expect(await readdir(join(parent, "sagemaker_sessions"))).toEqual([session.id]);
      expect(warnings.join("\n")).toMatch(/Falling back to temp directory/);
      await fallback.close?.();
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });

  it("sweeps in the background after a create once the interval has passed", async () => {
    const root = await tempDir();
    let t = Date.now();
    // A 60 s interval: its timer cannot fire during the test, so only the create can start the sweep.
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 60_000, now: () => t });
    // The expiring session comes from a store that never sweeps: a sweep of `store` still running from an
    // earlier create (slow on a busy machine) would otherwise swallow the one this test waits for.
    const other = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0, now: () => t });
    const short = await other.create({ ttlSeconds: 1 });
    await other.close?.();
    t += 61_000; // on the store's clock, long past the short session's expiry
    await store.create({ ttlSeconds: 60 }); // checklist 27: an expired session's storage is purged by a later NEW_SESSION
    const deadline = Date.now() + 10_000;
    while ((await readdir(root)).includes(short.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await readdir(root)).not.toContain(short.id);
    await store.close?.();
  }, 15_000);
});
