// Only node:fs/promises, node:path, node:os and node:crypto APIs that Bun and Deno also implement:
// the Bun and Deno entries reuse this file as it is.
import { access, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { randomUUID } from "node:crypto";
import { expiryFrom, isValidSessionId } from "../../src/sessions/ids.ts";
import type { CreatedSession, SessionLookup, SessionStore } from "../../src/sessions/store.ts";
import { createConsoleLogger, describeError } from "../../src/logging.ts";
import type { Logger } from "../../src/logging.ts";
import type { Env } from "../../src/types.ts";

export interface FileSessionStoreOptions {
  /** The root directory; default `SAGEMAKER_SESSIONS_PATH`, else `/dev/shm/sagemaker_sessions` when writable, else `<tmpdir>/sagemaker_sessions`. */
  path?: string;
  /** Where `SAGEMAKER_SESSIONS_PATH` is read (default: the process environment, read on first use). */
  env?: Env;
  /** The clock, in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** How often expired sessions are removed in the background (default 60 s; 0 turns the timer off). */
  sweepIntervalMs?: number;
  logger?: Logger;
}

/** The reference's file name and format (a JSON number of epoch seconds), so a root looks the same to both. */
const EXPIRY_FILE = ".expiration_ts";
const STAGING = ".staging-";
const TRASH = ".trash-";
/** A staging directory older than this belongs to a process that died mid-create. */
const STALE_STAGING_MS = 5 * 60_000;
const DEFAULT_SWEEP_MS = 60_000;
/** The ids this store (and the Python reference) create: UUIDs. */
const STORE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const R_OK = 4;
const W_OK = 2;
const X_OK = 1;
/** Errors that mean "no such session here", as opposed to a store that cannot be read. */
const ABSENT = new Set(["ENOENT", "ENOTDIR", "EISDIR", "ELOOP", "ENAMETOOLONG"]);
/** A rename onto an existing session directory: an id collision. */
const COLLISION = new Set(["EEXIST", "ENOTEMPTY", "EISDIR", "ENOTDIR"]);

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
};

/**
 * Sessions as directories on a file system shared by every process that uses the same root: one
 * `<root>/<id>/` per session holding `.expiration_ts`. A session appears atomically (written in a
 * staging directory, then renamed into place) and disappears atomically (renamed away, then removed),
 * every lookup reads the disk, so all processes agree, and sessions survive a process restart. Nothing
 * happens until first use; directories are `0700`, files `0600`; ids are checked against SageMaker's
 * pattern before they touch a path.
 */
export function createFileSessionStore(options: FileSessionStoreOptions = {}): SessionStore {
  const clock = options.now ?? Date.now;
  const logger = options.logger ?? createConsoleLogger();
  const sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_MS;
  let rootPromise: Promise<string> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<number> | undefined;
  let lastSweep = Number.NEGATIVE_INFINITY;
  let closed = false;

  const root = (): Promise<string> => {
    rootPromise ??= resolveRoot(options, logger).then(
      (dir) => {
        startTimer();
        return dir;
      },
      (error: unknown) => {
        rootPromise = undefined; // retry on the next call: the directory may become available
        throw error;
      },
    );
    return rootPromise;
  };

  const startTimer = (): void => {
    if (closed || timer !== undefined || sweepIntervalMs <= 0) return;
    timer = setInterval(backgroundSweep, sweepIntervalMs);
    // Never keeps the process alive (a number under Deno without --unstable: nothing to unref there).
    if (typeof timer === "object" && typeof timer.unref === "function") timer.unref();
  };

  const readExpiry = async (dir: string): Promise<number | undefined> => {
    let text: string;
    try {
      text = await readFile(join(dir, EXPIRY_FILE), "utf8");
    } catch (error) {
      if (ABSENT.has(codeOf(error) ?? "")) return undefined;
      throw error;
    }
    try {
      const seconds: unknown = JSON.parse(text);
      return typeof seconds === "number" && Number.isFinite(seconds) ? seconds * 1000 : undefined;
    } catch {
      return undefined; // truncated or corrupt: unknown
    }
  };

  const remove = async (base: string, id: string): Promise<boolean> => {
    const trash = join(base, `${TRASH}${randomUUID()}`);
    try {
      await rename(join(base, id), trash);
    } catch (error) {
      if (ABSENT.has(codeOf(error) ?? "")) return false;
      throw error;
    }
    await removeTrash(trash).catch((error: unknown) => {
      logger.warn(`Could not remove ${trash}: ${describeError(error)}`);
    });
    return true;
  };

  const sweepOnce = async (nowMs: number): Promise<number> => {
    const base = await root();
    lastSweep = clock();
    let removed = 0;
    for (const entry of await readdir(base, { withFileTypes: true })) {
      const name = entry.name;
      try {
        if (name.startsWith(TRASH)) {
          await removeTrash(join(base, name));
        } else if (name.startsWith(STAGING)) {
          const info = await stat(join(base, name));
          if (nowMs - info.mtimeMs > STALE_STAGING_MS) await rm(join(base, name), { recursive: true, force: true });
        } else if (isValidSessionId(name) && entry.isDirectory()) {
          const expiresAt = await readExpiry(join(base, name));
          // A record that cannot be read is unknown; it is removed once old enough not to be someone's write,
          // and only when its name is one a store makes (a UUID): SAGEMAKER_SESSIONS_PATH may be a shared
          // directory whose other entries (`node-compile-cache`, `tsx-0`) are valid ids but not sessions.
          const corrupt = expiresAt === undefined && STORE_ID.test(name) && nowMs - (await stat(join(base, name))).mtimeMs > STALE_STAGING_MS;
          if ((corrupt || (expiresAt !== undefined && nowMs > expiresAt)) && (await remove(base, name))) removed++;
        }
        // Anything else is not ours: left alone.
      } catch (error) {
        if (!ABSENT.has(codeOf(error) ?? "")) logger.warn(`Session sweep skipped ${name}: ${describeError(error)}`);
      }
    }
    return removed;
  };

  // Background sweeps never overlap one another; an explicit sweep() runs regardless (removal is race-safe).
  const backgroundSweep = (): void => {
    sweeping ??= sweepOnce(clock())
      .catch((error: unknown) => {
        logger.warn(`Session sweep failed: ${describeError(error)}`);
        return 0;
      })
      .finally(() => {
        sweeping = undefined;
      });
  };

  const createIn = async (base: string, ttlSeconds: number, nowMs: number): Promise<CreatedSession> => {
    const expiresAt = expiryFrom(nowMs, ttlSeconds);
    for (let attempt = 0; ; attempt++) {
      const id = randomUUID();
      const staging = join(base, `${STAGING}${randomUUID()}`);
      await mkdir(staging, { mode: 0o700 });
      try {
        await writeFile(join(staging, EXPIRY_FILE), JSON.stringify(expiresAt / 1000), { mode: 0o600, flag: "wx" });
        await rename(staging, join(base, id));
        return { id, expiresAt: new Date(expiresAt) };
      } catch (error) {
        await rm(staging, { recursive: true, force: true }).catch(() => undefined);
        if (attempt < 3 && COLLISION.has(codeOf(error) ?? "")) continue;
        throw error;
      }
    }
  };

  return {
    async create({ ttlSeconds, now }): Promise<CreatedSession> {
      if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be greater than 0, got ${String(ttlSeconds)}`);
      const nowMs = now ? now.getTime() : clock();
      const base = await root();
      if (sweepIntervalMs > 0 && clock() - lastSweep >= sweepIntervalMs) backgroundSweep();
      try {
        return await createIn(base, ttlSeconds, nowMs);
      } catch (error) {
        if (codeOf(error) !== "ENOENT") throw error;
        // The root was removed under us (a tmp cleaner): make it again, once.
        await ensureDir(base);
        return createIn(base, ttlSeconds, nowMs);
      }
    },
    async lookup(id, now): Promise<SessionLookup> {
      if (!isValidSessionId(id)) return { state: "unknown" };
      const expiresAt = await readExpiry(join(await root(), id));
      if (expiresAt === undefined) return { state: "unknown" };
      if ((now ? now.getTime() : clock()) > expiresAt) return { state: "expired" };
      return { state: "active", expiresAt: new Date(expiresAt) };
    },
    async delete(id): Promise<boolean> {
      if (!isValidSessionId(id)) return false;
      return remove(await root(), id);
    },
    async sweep(now): Promise<number> {
      return sweepOnce(now ? now.getTime() : clock());
    },
    async close(): Promise<void> {
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}

/**
 * Removes a session directory already renamed away (so nobody else reaches it by its id). The usual
 * shape, `.expiration_ts` alone, goes by `unlink` + `rmdir`, several times faster than Node's generic
 * recursive `rm`; anything else (a record left by a crash, a file, extra entries) falls back to `rm`.
 */
async function removeTrash(trash: string): Promise<void> {
  try {
    await unlink(join(trash, EXPIRY_FILE)).catch((error: unknown) => {
      if (codeOf(error) !== "ENOENT") throw error;
    });
    await rmdir(trash);
  } catch {
    await rm(trash, { recursive: true, force: true });
  }
}

async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await access(dir, R_OK | W_OK | X_OK);
}

const SHM = "/dev/shm";
const DIR_NAME = "sagemaker_sessions";

/** The reference's root choice (ref-sessions 1.1), made on first use. An explicit `path` option never falls back. */
async function resolveRoot(options: FileSessionStoreOptions, logger: Logger): Promise<string> {
  if (options.path !== undefined) {
    const dir = resolve(options.path);
    await ensureDir(dir);
    return dir;
  }
  const env = options.env ?? (globalThis as { process?: { env?: Env } }).process?.env ?? {};
  const configured = env.SAGEMAKER_SESSIONS_PATH;
  const fallback = join(tmpdir(), DIR_NAME);
  if (configured !== undefined) {
    try {
      if (configured === "") throw new Error("SAGEMAKER_SESSIONS_PATH is empty");
      const dir = resolve(configured);
      await ensureDir(dir);
      return dir;
    } catch (error) {
      logger.warn(`Failed to initialize sessions at '${configured}': ${describeError(error)}. Falling back to temp directory ${fallback}`);
    }
  } else {
    try {
      await access(SHM, R_OK | W_OK);
      const dir = join(SHM, DIR_NAME);
      await ensureDir(dir);
      logger.info(`Sessions path not configured, using shared memory: ${dir}`);
      return dir;
    } catch {
      logger.info(`Sessions path not configured and ${SHM} is not writable, using temp directory: ${fallback}`);
    }
  }
  await ensureDir(fallback);
  return fallback;
}
