import { expiryFrom, isValidSessionId, newSessionId } from "./ids.ts";
import type { CreatedSession, SessionLookup, SessionStore } from "./store.ts";

export interface MemorySessionStoreOptions {
  /** The clock, in epoch milliseconds (default `Date.now`); tests inject one to cross expiry boundaries. */
  now?: () => number;
}

/**
 * Sessions in this process's memory: the default where there is no file system (workerd), and for tests.
 * Not shared between processes or handler instances; expired sessions are removed as `create` runs.
 */
export function createMemorySessionStore(options: MemorySessionStoreOptions = {}): SessionStore {
  const clock = options.now ?? Date.now;
  const sessions = new Map<string, number>();
  const at = (now: Date | undefined): number => (now ? now.getTime() : clock());

  const sweep = (nowMs: number): number => {
    let removed = 0;
    for (const [id, expiresAt] of sessions) {
      if (nowMs > expiresAt && sessions.delete(id)) removed++;
    }
    return removed;
  };

  return {
    async create({ ttlSeconds, now }): Promise<CreatedSession> {
      if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be greater than 0, got ${String(ttlSeconds)}`);
      const nowMs = at(now);
      sweep(nowMs);
      let id = newSessionId();
      while (sessions.has(id)) id = newSessionId();
      const expiresAt = expiryFrom(nowMs, ttlSeconds);
      sessions.set(id, expiresAt);
      return { id, expiresAt: new Date(expiresAt) };
    },
    async lookup(id, now): Promise<SessionLookup> {
      if (!isValidSessionId(id)) return { state: "unknown" };
      const expiresAt = sessions.get(id);
      if (expiresAt === undefined) return { state: "unknown" };
      if (at(now) > expiresAt) return { state: "expired" };
      return { state: "active", expiresAt: new Date(expiresAt) };
    },
    async delete(id): Promise<boolean> {
      return isValidSessionId(id) && sessions.delete(id);
    },
    async sweep(now): Promise<number> {
      return sweep(at(now));
    },
    async close(): Promise<void> {
      sessions.clear();
    },
  };
}
