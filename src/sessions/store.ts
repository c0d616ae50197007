import type { JsonValue } from "../types.ts";

/** The result of looking a session id up. */
export type SessionLookup = { state: "active"; expiresAt: Date } | { state: "expired" } | { state: "unknown" };

/** A session as `create` made it; `expiresAt` is a whole second, the value the `Expires=` header shows. */
export interface CreatedSession {
  id: string;
  expiresAt: Date;
}

/**
 * Where sticky sessions live. Every method is async; the contract suite in `test/stores/_store-suite.ts`
 * defines the behaviour exactly:
 * - ids that fail SageMaker's pattern (see `isValidSessionId`) are `unknown`, never an error, and never
 *   reach storage (so no id can become a path outside a file store's root);
 * - a session is expired when `now > expiresAt` (strict), `expiresAt` being floored to a whole second;
 * - a corrupt or half-written record is `unknown`; `lookup` rejects only when the storage itself fails
 *   (unreadable directory, lost connection), which the session manager answers with a 503.
 */
export interface SessionStore {
  /** A new unique session, visible to every process sharing the store once this resolves. */
  create(options: { ttlSeconds: number; now?: Date }): Promise<CreatedSession>;
  /** Never rejects on bad, unknown or corrupt ids; may remove an expired record as a side effect. */
  lookup(id: string, now?: Date): Promise<SessionLookup>;
  /** Atomic and idempotent: `true` only for the one call that removed an existing (active or expired) session. */
  delete(id: string): Promise<boolean>;
  /** Removes expired (and corrupt) sessions; resolves to how many. Never blocks the other methods. */
  sweep(now?: Date): Promise<number>;
  /** Stops timers; the store is not used afterwards. */
  close?(): Promise<void>;
  /**
   * Per-session data (optional, so stores written before it still serve the protocol). Keys are any
   * well-formed string of 1 to 256 characters, encoded by the store; values are JSON, copied in and out.
   * On a session that is unknown, closed or expired, each rejects with a `SessionNotFoundError`.
   * Data dies with its session (`delete`, expiry, `sweep`).
   */
  /** The value last put under `key`, or `undefined` when none was. */
  getValue?(id: string, key: string, now?: Date): Promise<JsonValue | undefined>;
  /** Atomic replace: readers anywhere see the old or the new value, never a part. Never revives a deleted session. */
  putValue?(id: string, key: string, value: JsonValue, now?: Date): Promise<void>;
  /** `true` when the key held a value. */
  deleteValue?(id: string, key: string, now?: Date): Promise<boolean>;
}
