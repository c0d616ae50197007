/**
 * The file store's default root (ref-sessions 1.1, issue 4): `SAGEMAKER_SESSIONS_PATH`, else
 * `/dev/shm/sagemaker_sessions` when `/dev/shm` is writable, else `<tmpdir>/sagemaker_sessions`; chosen
 * and created on first use, never at import or construction. `node:fs/promises` is wrapped so every
 * call is recorded and `/dev/shm` is redirected to a scratch directory (or made unwritable).
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Logger } from "../../src/logging.ts";

const fsState = vi.hoisted(() => ({ calls: [] as string[], fakeShm: "", shmWritable: true }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const redirect = (path: unknown): unknown =>
    typeof path === "string" && (path === "/dev/shm" || path.startsWith("/dev/shm/")) ? fsState.fakeShm + path.slice("/dev/shm".length) : path;
  const wrapped: Record<string, unknown> = { ...real };
  for (const name of ["access", "mkdir", "readFile", "readdir", "rename", "rm", "stat", "writeFile"] as const) {
    const original = real[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      fsState.calls.push(`${name} ${String(args[0])}`);
      if (name === "access" && args[0] === "/dev/shm" && !fsState.shmWritable) {
        throw Object.assign(new Error("EACCES: permission denied, access '/dev/shm'"), { code: "EACCES" });
      }
      return original(redirect(args[0]), ...args.slice(1).map((arg, i) => (name === "rename" && i === 0 ? redirect(arg) : arg)));
    };
  }
  return { ...wrapped, default: wrapped };
});

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

const logs: string[] = [];
const logger: Logger = { debug() {}, info: (m) => logs.push(m), warn: (m) => logs.push(m), error() {} };
let previousTmp: string | undefined;
let fakeTmp = "";

beforeEach(async () => {
  fsState.fakeShm = await mkdtemp(join(tmpdir(), "mhcs-fake-shm-"));
  fakeTmp = await mkdtemp(join(tmpdir(), "mhcs-fake-tmp-"));
  scratch.push(fsState.fakeShm, fakeTmp);
  fsState.calls.length = 0;
  fsState.shmWritable = true;
  logs.length = 0;
  previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = fakeTmp; // os.tmpdir() reads it on every call
});
afterEach(() => {
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
});

describe("file store default root", () => {
  it("touches no file at import or construction; on first use picks /dev/shm/sagemaker_sessions", async () => {
    const { createFileSessionStore } = await import("../../runtimes/node-apis/file-session-store.ts");
    const store = createFileSessionStore({ env: {}, logger, sweepIntervalMs: 0 });
    expect(fsState.calls).toEqual([]);
    const { id } = await store.create({ ttlSeconds: 60 });
    expect(fsState.calls[0]).toBe("access /dev/shm");
    expect(await readdir(join(fsState.fakeShm, "sagemaker_sessions"))).toEqual([id]);
    expect(await readdir(fakeTmp)).toEqual([]);
    expect(logs.join("\n")).toMatch("using shared memory: /dev/shm/sagemaker_sessions");
    await store.close?.();
  });

  it("falls back to <tmpdir>/sagemaker_sessions when /dev/shm is not writable", async () => {
    fsState.shmWritable = false;
    const { createFileSessionStore } = await import("../../runtimes/node-apis/file-session-store.ts");
    const store = createFileSessionStore({ env: {}, logger, sweepIntervalMs: 0 });
    const { id } = await store.create({ ttlSeconds: 60 });
    expect(await readdir(join(fakeTmp, "sagemaker_sessions"))).toEqual([id]);
    expect(await readdir(fsState.fakeShm)).toEqual([]);
    expect(logs.join("\n")).toMatch(`using temp directory: ${join(fakeTmp, "sagemaker_sessions")}`);
    await store.close?.();
  });

  it("SAGEMAKER_SESSIONS_PATH wins over /dev/shm and is read from the process environment on first use, not before", async () => {
    const { createFileSessionStore } = await import("../../runtimes/node-apis/file-session-store.ts");
    const configured = join(fakeTmp, "configured");
    const previous = process.env.SAGEMAKER_SESSIONS_PATH;
    delete process.env.SAGEMAKER_SESSIONS_PATH;
    const store = createFileSessionStore({ logger, sweepIntervalMs: 0 });
    try {
      process.env.SAGEMAKER_SESSIONS_PATH = configured; // set after construction: still honoured
      const { id } = await store.create({ ttlSeconds: 60 });
      expect(await readdir(configured)).toEqual([id]);
      expect(fsState.calls).not.toContain("access /dev/shm");
      expect(await readdir(fsState.fakeShm)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.SAGEMAKER_SESSIONS_PATH;
      else process.env.SAGEMAKER_SESSIONS_PATH = previous;
      await store.close?.();
    }
  });
});
