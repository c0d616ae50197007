import {
  SessionNotFoundError,
  assertSessionKey,
  expiryFrom,
  isValidSessionId,
  newSessionId,
  serializeSessionValue
} from "./chunk-QJS5L2QM.js";
import {
  SageMakerConfigError
} from "./chunk-R6SGHOIN.js";

// src/stores/redis-store.ts
var ACTIVE = `local e = tonumber(redis.call('GET', KEYS[1]))
if not e or tonumber(ARGV[1]) > e then return -1 end`;
var SCRIPTS = {
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
return 1`
};
var DEFAULT_EXPIRED_RECORD_SECONDS = 300;
function createRedisSessionStore(options) {
  const { client } = options;
  if (typeof client !== "object" || client === null || typeof client.sendCommand !== "function" && typeof client.call !== "function") {
    throw new SageMakerConfigError("createRedisSessionStore: options.client must be a redis (sendCommand) or ioredis (call) client", {
      key: "createRedisSessionStore.client"
    });
  }
  const prefix = options.prefix ?? "mhcs:";
  const clock = options.now ?? Date.now;
  const graceMs = (options.expiredRecordSeconds ?? DEFAULT_EXPIRED_RECORD_SECONDS) * 1e3;
  const send = (args) => typeof client.call === "function" ? client.call(args[0], ...args.slice(1)) : client.sendCommand(args);
  const recordKey = (id) => `${prefix}{${id}}:s`;
  const dataKey = (id) => `${prefix}{${id}}:d`;
  const at = (now) => now ? now.getTime() : clock();
  const hashes = /* @__PURE__ */ new Map();
  const eval_ = async (script, id, args) => {
    const keysAndArgs = ["2", recordKey(id), dataKey(id), ...args];
    let sha = hashes.get(script);
    if (!sha) {
      sha = sha1(SCRIPTS[script]);
      hashes.set(script, sha);
    }
    try {
      return await send(["EVALSHA", await sha, ...keysAndArgs]);
    } catch (error) {
      if (!String(error?.message).includes("NOSCRIPT")) throw error;
      return send(["EVAL", SCRIPTS[script], ...keysAndArgs]);
    }
  };
  const dataCall = async (script, id, key, now, extra = []) => {
    assertSessionKey(key);
    if (!isValidSessionId(id)) throw new SessionNotFoundError(String(id));
    const reply = await eval_(script, id, [String(at(now)), key, ...extra]);
    if (reply === -1 || reply === "-1") throw new SessionNotFoundError(id);
    return reply;
  };
  return {
    async create({ ttlSeconds, now }) {
      if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be greater than 0, got ${String(ttlSeconds)}`);
      const expiresAt = expiryFrom(at(now), ttlSeconds);
      for (let attempt = 0; ; attempt++) {
        const id = newSessionId();
        const reply = await send(["SET", recordKey(id), String(expiresAt), "NX", "PXAT", String(expiresAt + graceMs)]);
        if (reply !== null && reply !== void 0) return { id, expiresAt: new Date(expiresAt) };
        if (attempt >= 3) throw new Error("createRedisSessionStore: could not find a free session id");
      }
    },
    async lookup(id, now) {
      if (!isValidSessionId(id)) return { state: "unknown" };
      let reply;
      try {
        reply = await send(["GET", recordKey(id)]);
      } catch (error) {
        if (String(error?.message).includes("WRONGTYPE")) return { state: "unknown" };
        throw error;
      }
      const expiresAt = typeof reply === "string" && /^\d+$/.test(reply) ? Number(reply) : void 0;
      if (expiresAt === void 0) return { state: "unknown" };
      if (at(now) > expiresAt) return { state: "expired" };
      return { state: "active", expiresAt: new Date(expiresAt) };
    },
    async delete(id) {
      if (!isValidSessionId(id)) return false;
      return Number(await eval_("delete", id, [])) === 1;
    },
    async sweep(now) {
      const nowMs = String(at(now));
      const match = `${escapeGlob(prefix)}{*}:s`;
      let cursor = "0";
      let removed = 0;
      do {
        const [next, keys] = await send(["SCAN", cursor, "MATCH", match, "COUNT", "500"]);
        cursor = String(next);
        for (const key of keys) {
          const id = key.slice(prefix.length + 1, -3);
          if (isValidSessionId(id) && Number(await eval_("sweep", id, [nowMs])) === 1) removed++;
        }
      } while (cursor !== "0");
      return removed;
    },
    async getValue(id, key, now) {
      const reply = await dataCall("get", id, key, now);
      const text = reply[1];
      return typeof text === "string" ? JSON.parse(text) : void 0;
    },
    async putValue(id, key, value, now) {
      await dataCall("put", id, key, now, [serializeSessionValue(value), String(graceMs)]);
    },
    async deleteValue(id, key, now) {
      return Number(await dataCall("deleteValue", id, key, now)) === 1;
    }
  };
}
function escapeGlob(text) {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
async function sha1(text) {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-1", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
export {
  createRedisSessionStore
};
