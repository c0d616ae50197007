/** The result of looking a session id up. */
export type SessionLookup = { state: "active"; expiresAt: Date } | { state: "expired" } | { state: "unknown" };

/**
 * Where sticky sessions live. Every method is async; the contract test suite in `test/stores/`
 * defines the behaviour exactly. Ids that fail SageMaker's pattern are `unknown`, never an error.
 */
export interface SessionStore {
  /** A new unique session, visible to every process sharing the store once this resolves. */
  create(options: { ttlSeconds: number; now?: Date }): Promise<{ id: string; expiresAt: Date }>;
  /** Never throws on bad or corrupt input. */
  lookup(id: string, now?: Date): Promise<SessionLookup>;
  /** Atomic and idempotent: `true` only for the call that removed an existing session. */
  delete(id: string): Promise<boolean>;
  /** Removes expired sessions; resolves to how many. */
  sweep(now?: Date): Promise<number>;
  close?(): Promise<void>;
}
