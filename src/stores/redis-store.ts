import { SageMakerConfigError } from "../errors.ts";
import { expiryFrom, isValidSessionId, newSessionId } from "../sessions/ids.ts";
import { SessionNotFoundError, assertSessionKey, serializeSessionValue } from "../sessions/session-keys.ts";
import type { CreatedSession, SessionLookup, SessionStore } from "../sessions/store.ts";
import type { JsonValue } from "../types.ts";

/**
 * The one thing the store needs from a Redis client: send a command, get the reply. Both common
 * clients have it: `redis` (node-redis 4+) as `sendCommand(args)`, `ioredis` as `call(command, ...args)`.
 */
export type RedisClientLike = { sendCommand(args: string[]): Promise<unknown> } | { call(command: string, ...args: string[]): Promise<unknown> };

export interface RedisSessionStoreOptions {
  /** A connected client (`redis` or `ioredis`); the store never connects, quits or closes it. */
  client: RedisClientLike;
  /** Prepended to every key (default `mhcs:`), so one Redis can serve several endpoints or apps. */
  prefix?: string;
  /** The clock, in epoch milliseconds (default `Date.now`), for `active`/`expired`; Redis's own clock removes keys. */
  now?: () => number;
  /**
   * How long an expired session stays in Redis before Redis removes it (default 300 s): meanwhile it
   * answers `expired` (NEW_SESSION with an expired id is allowed, with an unknown one it is 400) and its
   * data can no longer be read or written (every data call checks the expiry against the store's clock).
   */
  expiredRecordSeconds?: number;
}

// Every script gets KEYS[1] = the session's record, KEYS[2] = its data hash (same hash tag: one
// Cluster slot) and ARGV[1] = now in epoch ms. Each runs atomically, so a put can never land between
// a delete's two DELs, nor re-create data of a session that is gone.
const ACTIVE = `local e = tonumber(redis.call('GET', KEYS[1]))
if not e or tonumber(ARGV[1]) > e then return -1 end`;
const SCRIPTS = {
  delete: `local n = redis.call('DEL', KEYS[1]) redis.call('DEL', KEYS[2]) return n`,
  get: `${ACTIVE}
return {1, redis.call('HGET', KEYS[2], ARGV[2])}`,
  put: `${ACTIVE}
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('PEXPIREAT', KEYS[2], e + tonumber(ARGV[4]))
return 1`,
  deleteValue: `${ACTIVE}
return redis.call('HDEL', KEYS[2], ARGV[2])`,
  // Corrupt records (not a number, wrong type) are removed too: everything under the prefix is ours.
  sweep: `local r = redis.pcall('GET', KEYS[1])
if r == false then return 0 end
local e = type(r) == 'string' and tonumber(r) or nil
if e and tonumber(ARGV[1]) <= e then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1`,
} as const;
type Script = keyof typeof SCRIPTS;

const DEFAULT_EXPIRED_RECORD_SECONDS = 300;

/**
 * Sessions in Redis, shared by every process and machine that uses the same server and prefix.
 * A session is `<prefix>{<id>}:s` (its expiry in epoch ms) plus `<prefix>{<id>}:d`, a hash of its data
 * (fields are the keys as given, values their JSON), both with the same Redis expiry, `expiresAt` plus
 * `expiredRecordSeconds`: Redis's own expiry removes them (no sweeper runs);
 * create is `SET NX PXAT`, and everything touching data is one Lua script, so it is atomic.
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { client } = options;
  if (typeof client !== "object" || client === null || (typeof (client as { sendCommand?: unknown }).sendCommand !== "function" && typeof (client as { call?: unknown }).call !== "function")) {
    throw new SageMakerConfigError("createRedisSessionStore: options.client must be a redis (sendCommand) or ioredis (call) client", {
      key: "createRedisSessionStore.client",
    });
  }
  const prefix = options.prefix ?? "mhcs:";
  const clock = options.now ?? Date.now;
  const graceMs = (options.expiredRecordSeconds ?? DEFAULT_EXPIRED_RECORD_SECONDS) * 1000;
  // ioredis has a `sendCommand` too, taking its own Command objects: `call` is checked first.
  const send = (args: string[]): Promise<unknown> =>
    typeof (client as { call?: unknown }).call === "function"
      ? (client as { call(command: string, ...args: string[]): Promise<unknown> }).call(args[0]!, ...args.slice(1))
      : (client as { sendCommand(args: string[]): Promise<unknown> }).sendCommand(args);
  const recordKey = (id: string): string => `${prefix}{${id}}:s`;
  const dataKey = (id: string): string => `${prefix}{${id}}:d`;
  const at = (now: Date | undefined): number => (now ? now.getTime() : clock());

  const hashes = new Map<Script, Promise<string>>();
  const eval_ = async (script: Script, id: string, args: string[]): Promise<unknown> => {
    const keysAndArgs = ["2", recordKey(id), dataKey(id), ...args];
    let sha = hashes.get(script);
    if (!sha) {
      sha = sha1(SCRIPTS[script]);
      hashes.set(script, sha);
    }
    try {
      return await send(["EVALSHA", await sha, ...keysAndArgs]);
    } catch (error) {
      if (!String((error as Error)?.message).includes("NOSCRIPT")) throw error;
      return send(["EVAL", SCRIPTS[script], ...keysAndArgs]);
    }
  };

  const dataCall = async (script: Script, id: string, key: string, now: Date | undefined, extra: string[] = []): Promise<unknown> => {
    assertSessionKey(key);
    if (!isValidSessionId(id)) throw new SessionNotFoundError(String(id));
    const reply = await eval_(script, id, [String(at(now)), key, ...extra]);
    if (reply === -1 || reply === "-1") throw new SessionNotFoundError(id);
    return reply;
  };

  return {
    async create({ ttlSeconds, now }): Promise<CreatedSession> {
      if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be greater than 0, got ${String(ttlSeconds)}`);
      const expiresAt = expiryFrom(at(now), ttlSeconds);
      for (let attempt = 0; ; attempt++) {
        const id = newSessionId();
        const reply = await send(["SET", recordKey(id), String(expiresAt), "NX", "PXAT", String(expiresAt + graceMs)]);
        if (reply !== null && reply !== undefined) return { id, expiresAt: new Date(expiresAt) };
        if (attempt >= 3) throw new Error("createRedisSessionStore: could not find a free session id");
      }
    },
    async lookup(id, now): Promise<SessionLookup> {
      if (!isValidSessionId(id)) return { state: "unknown" };
      let reply: unknown;
      try {
        reply = await send(["GET", recordKey(id)]);
      } catch (error) {
        if (String((error as Error)?.message).includes("WRONGTYPE")) return { state: "unknown" };
        throw error;
      }
      const expiresAt = typeof reply === "string" && /^\d+$/.test(reply) ? Number(reply) : undefined;
      if (expiresAt === undefined) return { state: "unknown" };
      if (at(now) > expiresAt) return { state: "expired" };
      return { state: "active", expiresAt: new Date(expiresAt) };
    },
    async delete(id): Promise<boolean> {
      if (!isValidSessionId(id)) return false;
      return Number(await eval_("delete", id, [])) === 1;
    },
    async sweep(now): Promise<number> {
      // Redis expiry does the real work; this removes what the store's clock says is expired (and corrupt records) now.
      const nowMs = String(at(now));
      const match = `${escapeGlob(prefix)}{*}:s`;
      let cursor = "0";
      let removed = 0;
      do {
        const [next, keys] = (await send(["SCAN", cursor, "MATCH", match, "COUNT", "500"])) as [string, string[]];
        cursor = String(next);
        for (const key of keys) {
          const id = key.slice(prefix.length + 1, -3);
          if (isValidSessionId(id) && Number(await eval_("sweep", id, [nowMs])) === 1) removed++;
        }
      } while (cursor !== "0");
      return removed;
    },
    async getValue(id, key, now): Promise<JsonValue | undefined> {
      const reply = (await dataCall("get", id, key, now)) as [unknown, unknown];
      const text = reply[1];
      return typeof text === "string" ? (JSON.parse(text) as JsonValue) : undefined;
    },
    async putValue(id, key, value, now): Promise<void> {
      await dataCall("put", id, key, now, [serializeSessionValue(value), String(graceMs)]);
    },
    async deleteValue(id, key, now): Promise<boolean> {
      return Number(await dataCall("deleteValue", id, key, now)) === 1;
    },
  };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

async function sha1(text: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-1", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
