import { createConsoleLogger, describeError } from "../logging.ts";
import type { Logger } from "../logging.ts";
import type { Env, JsonValue } from "../types.ts";
import { expiryFrom, isValidSessionId, newSessionId } from "./ids.ts";
import { SessionNotFoundError, assertSessionKey, serializeSessionValue } from "./session-keys.ts";
import type { CreatedSession, SessionLookup, SessionStore } from "./store.ts";

/**
 * The file system calls the store makes: a subset of `node:fs/promises`, `node:path` and `node:os`
 * that Node, Bun and Deno all implement. The runtime entries pass the modules they import; the core
 * entry gets them from `process.getBuiltinModule` where the host has one (see `platform.ts`).
 */
export interface FileSystemHost {
  mkdir(path: string, options: { recursive?: boolean; mode?: number }): Promise<unknown>;
  readFile(path: string, encoding: "utf8"): Promise<string>;
  writeFile(path: string, data: string, options: { mode?: number; flag?: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { recursive?: boolean; force?: boolean }): Promise<void>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string, options: { withFileTypes: true }): Promise<Array<{ name: string; isDirectory(): boolean }>>;
  stat(path: string): Promise<{ mtimeMs: number; mode: number }>;
  access(path: string, mode?: number): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  join(...parts: string[]): string;
  resolve(path: string): string;
  tmpdir(): string;
}

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
/**
 * Our own scratch entries carry a private prefix and a UUID: only they, and session directories holding
 * a readable `.expiration_ts`, are ever removed by the sweeper (the root may be shared, e.g. `/tmp`).
 */
const STAGING = ".mhcs-staging-";
const TRASH = ".mhcs-trash-";
const TEMP_VALUE = ".mhcs-tmp-";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const OWN_STAGING = new RegExp(`^\\${STAGING}${UUID}$`);
const OWN_TRASH = new RegExp(`^\\${TRASH}${UUID}$`);
/** A staging directory older than this belongs to a process that died mid-create. */
const STALE_STAGING_MS = 5 * 60_000;
const DEFAULT_SWEEP_MS = 60_000;
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
const isAbsent = (error: unknown): boolean => ABSENT.has(codeOf(error) ?? "");

/** Keys that are already safe file names keep them (the reference's layout: `<id>/<key>`). */
const PLAIN_KEY = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}$/;
const MAX_ENCODED = 240;

/**
 * A key's file name, never a path and never another key's: plain keys as they are; others `~` +
 * base64url of their UTF-8 (`~` is in neither alphabet), or `~~` + SHA-256 hex when that is too long
 * for a file name. Names starting with `.` are the store's own.
 */
async function keyFileName(key: string): Promise<string> {
  if (PLAIN_KEY.test(key)) return key;
  const bytes = new TextEncoder().encode(key);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = `~${btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")}`;
  if (encoded.length <= MAX_ENCODED) return encoded;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
  return `~~${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Sessions as directories on a file system shared by every process that uses the same root: one
 * `<root>/<id>/` per session holding `.expiration_ts` and one file per data key. A session appears
 * atomically (written in a staging directory, then renamed into place) and disappears atomically
 * (renamed away, then removed); a value is written to a temporary file and renamed over the old one.
 * Every lookup reads the disk, so all processes agree, and sessions survive a process restart.
 * Nothing happens until first use; directories are `0700`, files `0600`; ids are checked against
 * SageMaker's pattern before they touch a path.
 */
export function createFileStoreOn(fs: FileSystemHost, options: FileSessionStoreOptions = {}): SessionStore {
  const clock = options.now ?? Date.now;
  const logger = options.logger ?? createConsoleLogger();
  const sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_MS;
  let rootPromise: Promise<string> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<number> | undefined;
  let lastSweep = Number.NEGATIVE_INFINITY;
  let closed = false;

  const root = (): Promise<string> => {
    rootPromise ??= resolveRoot(fs, options, logger).then(
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
    (timer as { unref?: () => void }).unref?.();
  };

  const readExpiry = async (dir: string): Promise<number | undefined> => {
    let text: string;
    try {
      text = await fs.readFile(fs.join(dir, EXPIRY_FILE), "utf8");
    } catch (error) {
      if (isAbsent(error)) return undefined;
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
    const trash = fs.join(base, `${TRASH}${newSessionId()}`);
    try {
      await fs.rename(fs.join(base, id), trash);
    } catch (error) {
      if (isAbsent(error)) return false;
      throw error;
    }
    await removeTrash(fs, trash).catch((error: unknown) => {
      logger.warn(`Could not remove ${trash}: ${describeError(error)}`);
    });
    return true;
  };

  const sweepOnce = async (nowMs: number): Promise<number> => {
    const base = await root();
    lastSweep = clock();
    let removed = 0;
    const leftovers: string[] = [];
    for (const entry of await fs.readdir(base, { withFileTypes: true })) {
      const name = entry.name;
      try {
        if (OWN_TRASH.test(name)) {
          await removeTrash(fs, fs.join(base, name));
          leftovers.push(name);
        } else if (OWN_STAGING.test(name)) {
          const info = await fs.stat(fs.join(base, name));
          if (nowMs - info.mtimeMs > STALE_STAGING_MS) {
            await fs.rm(fs.join(base, name), { recursive: true, force: true });
            leftovers.push(name);
          }
        } else if (isValidSessionId(name) && entry.isDirectory()) {
          // Only a directory holding a readable record is a session (ours or the Python reference's);
          // anything else named like an id (`node-compile-cache`, a corrupt record) is left alone.
          const expiresAt = await readExpiry(fs.join(base, name));
          if (expiresAt !== undefined && nowMs > expiresAt && (await remove(base, name))) removed++;
        }
      } catch (error) {
        if (!isAbsent(error)) logger.warn(`Session sweep skipped ${name}: ${describeError(error)}`);
      }
    }
    if (removed > 0 || leftovers.length > 0) {
      const parts = [`${removed} expired session${removed === 1 ? "" : "s"}`];
      if (leftovers.length > 0) parts.push(`leftovers of interrupted writes: ${leftovers.join(", ")}`);
      logger.info(`Session sweep in ${base} removed ${parts.join("; ")}`);
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
      const id = newSessionId();
      const staging = fs.join(base, `${STAGING}${newSessionId()}`);
      await fs.mkdir(staging, { mode: 0o700 });
      try {
        await fs.writeFile(fs.join(staging, EXPIRY_FILE), JSON.stringify(expiresAt / 1000), { mode: 0o600, flag: "wx" });
        await fs.rename(staging, fs.join(base, id));
        return { id, expiresAt: new Date(expiresAt) };
      } catch (error) {
        await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
        if (attempt < 3 && COLLISION.has(codeOf(error) ?? "")) continue;
        throw error;
      }
    }
  };

  /** The session's directory, once its record says it is active; otherwise a `SessionNotFoundError`. */
  const activeDir = async (id: string, key: string, now: Date | undefined): Promise<string> => {
    assertSessionKey(key);
    if (!isValidSessionId(id)) throw new SessionNotFoundError(String(id));
    const dir = fs.join(await root(), id);
    const expiresAt = await readExpiry(dir);
    if (expiresAt === undefined || (now ? now.getTime() : clock()) > expiresAt) throw new SessionNotFoundError(id);
    return dir;
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
        await ensureDir(fs, base);
        return createIn(base, ttlSeconds, nowMs);
      }
    },
    async lookup(id, now): Promise<SessionLookup> {
      if (!isValidSessionId(id)) return { state: "unknown" };
      const expiresAt = await readExpiry(fs.join(await root(), id));
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
    async getValue(id, key, now): Promise<JsonValue | undefined> {
      const dir = await activeDir(id, key, now);
      let text: string;
      try {
        text = await fs.readFile(fs.join(dir, await keyFileName(key)), "utf8");
      } catch (error) {
        if (!isAbsent(error)) throw error;
        // Never put, or the session ended between the check and the read: tell them apart.
        await activeDir(id, key, now);
        return undefined;
      }
      try {
        return JSON.parse(text) as JsonValue;
      } catch {
        // Only a writer outside this store (the reference writes in place) can leave this.
        logger.warn(`Session ${id}: the value of a key is not JSON; treated as never put`);
        return undefined;
      }
    },
    async putValue(id, key, value, now): Promise<void> {
      const text = serializeSessionValue(value);
      const dir = await activeDir(id, key, now);
      const temp = fs.join(dir, `${TEMP_VALUE}${newSessionId()}`);
      try {
        // Written beside the target and renamed over it: readers see the old or the new value, whole.
        // Nothing here creates the session directory, so a put racing a delete cannot bring it back.
        await fs.writeFile(temp, text, { mode: 0o600, flag: "wx" });
        await fs.rename(temp, fs.join(dir, await keyFileName(key)));
      } catch (error) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        if (isAbsent(error)) throw new SessionNotFoundError(id);
        throw error;
      }
    },
    async deleteValue(id, key, now): Promise<boolean> {
      const dir = await activeDir(id, key, now);
      try {
        await fs.unlink(fs.join(dir, await keyFileName(key)));
        return true;
      } catch (error) {
        if (!isAbsent(error)) throw error;
        await activeDir(id, key, now);
        return false;
      }
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
 * recursive `rm`; anything else (values, a record left by a crash, a file) falls back to `rm`.
 */
async function removeTrash(fs: FileSystemHost, trash: string): Promise<void> {
  try {
    await fs.unlink(fs.join(trash, EXPIRY_FILE)).catch((error: unknown) => {
      if (codeOf(error) !== "ENOENT") throw error;
    });
    await fs.rmdir(trash);
  } catch {
    await fs.rm(trash, { recursive: true, force: true });
  }
}

async function ensureDir(fs: FileSystemHost, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.access(dir, R_OK | W_OK | X_OK);
}

/** Roots already warned about in this process (ids are bearer tokens: others must not list them). */
const warnedRoots = new Set<string>();

/** Makes the root; one this store created is `0700`, a wider one that was already there is warned about once. */
async function prepareRoot(fs: FileSystemHost, dir: string, logger: Logger): Promise<string> {
  const existed = await fs.stat(dir).then(
    () => true,
    () => false,
  );
  await ensureDir(fs, dir);
  const mode = (await fs.stat(dir)).mode & 0o777;
  if (!existed) {
    // mkdir's mode is filtered by the umask, never widened; chmod states it exactly.
    if (mode !== 0o700) await fs.chmod(dir, 0o700);
  } else if ((mode & 0o077) !== 0 && !warnedRoots.has(dir)) {
    warnedRoots.add(dir);
    logger.warn(
      `Sessions root ${dir} is open to other users (mode ${mode.toString(8).padStart(4, "0")}): session ids are bearer tokens; restrict it with chmod 700 ${dir}`,
    );
  }
  return dir;
}

const SHM = "/dev/shm";
const DIR_NAME = "sagemaker_sessions";

/** The Python reference's root choice (SAGEMAKER_SESSIONS_PATH, else /dev/shm, else the temporary directory), made on first use. An explicit `path` option never falls back. */
async function resolveRoot(fs: FileSystemHost, options: FileSessionStoreOptions, logger: Logger): Promise<string> {
  if (options.path !== undefined) return prepareRoot(fs, fs.resolve(options.path), logger);
  const env = options.env ?? (globalThis as { process?: { env?: Env } }).process?.env ?? {};
  const configured = env.SAGEMAKER_SESSIONS_PATH;
  const fallback = fs.join(fs.tmpdir(), DIR_NAME);
  if (configured !== undefined) {
    try {
      if (configured === "") throw new Error("SAGEMAKER_SESSIONS_PATH is empty");
      return await prepareRoot(fs, fs.resolve(configured), logger);
    } catch (error) {
      logger.warn(`Failed to initialize sessions at '${configured}': ${describeError(error)}. Falling back to temp directory ${fallback}`);
    }
  } else {
    try {
      await fs.access(SHM, R_OK | W_OK);
      const dir = await prepareRoot(fs, fs.join(SHM, DIR_NAME), logger);
      logger.info(`Sessions path not configured, using shared memory: ${dir}`);
      return dir;
    } catch {
      logger.info(`Sessions path not configured and ${SHM} is not writable, using temp directory: ${fallback}`);
    }
  }
  return prepareRoot(fs, fallback, logger);
}
