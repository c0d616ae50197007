import type { JsonValue } from "../types.ts";
import { expiryFrom, isValidSessionId, newSessionId } from "./ids.ts";
import { SessionNotFoundError, assertSessionKey, serializeSessionValue } from "./session-keys.ts";
import type { CreatedSession, SessionLookup, SessionStore } from "./store.ts";

export interface MemorySessionStoreOptions {
  /** The clock, in epoch milliseconds (default `Date.now`); tests inject one to cross expiry boundaries. */
  now?: () => number;
}

/** Expired sessions are swept by `create` at most this often (on the store's clock)... */
const SWEEP_INTERVAL_MS = 1000;
/** ...or when the map has doubled since the last sweep (and holds at least this many): O(1) amortised per create. */
const MIN_SWEEP_SIZE = 1024;

interface Entry {
  expiresAt: number;
  /** Values as JSON text: every get parses a fresh copy, so no caller can alias stored state. */
  values?: Map<string, string>;
}

/**
 * Sessions in this process's memory: the default where there is no file system (workerd), and for tests.
 * Not shared between processes or handler instances; expired sessions are removed by `create` now and
 * then (at most once a second, or when the map has doubled), and lookups answer `expired` until then.
 */
export function createMemorySessionStore(options: MemorySessionStoreOptions = {}): SessionStore {
  const clock = options.now ?? Date.now;
  const sessions = new Map<string, Entry>();
  const at = (now: Date | undefined): number => (now ? now.getTime() : clock());

  let lastSweep = Number.NEGATIVE_INFINITY;
  let sweepAtSize = MIN_SWEEP_SIZE;

  const sweep = (nowMs: number): number => {
    lastSweep = clock();
    let removed = 0;
    for (const [id, entry] of sessions) {
      if (nowMs > entry.expiresAt && sessions.delete(id)) removed++;
    }
    sweepAtSize = Math.max(MIN_SWEEP_SIZE, sessions.size * 2);
    return removed;
  };

  // The timing uses the store's clock, never an explicit `now`, so callers passing old dates cannot force a sweep per call.
  const sweepIfDue = (nowMs: number): void => {
    if (sessions.size >= sweepAtSize || clock() - lastSweep >= SWEEP_INTERVAL_MS) sweep(nowMs);
  };

  const active = (id: string, key: string, now: Date | undefined): Entry => {
    assertSessionKey(key);
    const entry = isValidSessionId(id) ? sessions.get(id) : undefined;
    if (entry === undefined || at(now) > entry.expiresAt) throw new SessionNotFoundError(String(id));
    return entry;
  };

  return {
    async create({ ttlSeconds, now }): Promise<CreatedSession> {
      if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be greater than 0, got ${String(ttlSeconds)}`);
      const nowMs = at(now);
      sweepIfDue(nowMs);
      let id = newSessionId();
      while (sessions.has(id)) id = newSessionId();
      const expiresAt = expiryFrom(nowMs, ttlSeconds);
      sessions.set(id, { expiresAt });
      return { id, expiresAt: new Date(expiresAt) };
    },
    async lookup(id, now): Promise<SessionLookup> {
      if (!isValidSessionId(id)) return { state: "unknown" };
      const entry = sessions.get(id);
      if (entry === undefined) return { state: "unknown" };
      if (at(now) > entry.expiresAt) return { state: "expired" };
      return { state: "active", expiresAt: new Date(entry.expiresAt) };
    },
    async delete(id): Promise<boolean> {
      return isValidSessionId(id) && sessions.delete(id);
    },
    async sweep(now): Promise<number> {
      return sweep(at(now));
    },
    async getValue(id, key, now): Promise<JsonValue | undefined> {
      const text = active(id, key, now).values?.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
    },
    async putValue(id, key, value, now): Promise<void> {
      const entry = active(id, key, now);
      (entry.values ??= new Map()).set(key, serializeSessionValue(value));
    },
    async deleteValue(id, key, now): Promise<boolean> {
      return active(id, key, now).values?.delete(key) ?? false;
    },
    async close(): Promise<void> {
      sessions.clear();
    },
  };
}
