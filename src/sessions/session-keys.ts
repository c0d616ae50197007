import type { JsonValue } from "../types.ts";

/** Keys are 1 to this many characters (code points). */
export const MAX_SESSION_KEY_LENGTH = 256;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `key` cannot be a session data key, or `undefined` when it can. */
export function sessionKeyProblem(key: unknown): string | undefined {
  if (typeof key !== "string") return `must be a string, got ${typeof key}`;
  if (key.length === 0) return "must not be empty";
  // Code points, not UTF-16 units: a key of 256 emoji is 256 characters.
  if (key.length > MAX_SESSION_KEY_LENGTH && [...key].length > MAX_SESSION_KEY_LENGTH) {
    return `must be at most ${MAX_SESSION_KEY_LENGTH} characters, got ${[...key].length}`;
  }
  // A lone surrogate has no UTF-8 form: two such keys would encode alike.
  if (LONE_SURROGATE.test(key)) return "must be well-formed Unicode (it holds a lone surrogate)";
  return undefined;
}

/** For stores: rejects a bad key with a `RangeError` (the session layer answers it with a 400 first). */
export function assertSessionKey(key: string): void {
  const problem = sessionKeyProblem(key);
  if (problem) throw new RangeError(`Invalid session key: ${problem}`);
}

/** The JSON text of a value a store keeps; a `TypeError` for what JSON cannot hold (undefined, functions, cycles, BigInt). */
export function serializeSessionValue(value: JsonValue): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`Session values must be JSON: ${(error as Error).message}`);
  }
  if (text === undefined) throw new TypeError(`Session values must be JSON, got ${typeof value}`);
  return text;
}

/**
 * What a store rejects with when asked for the data of a session that is unknown, closed or expired.
 * Recognised by `name` too (`isSessionNotFound`), so stores built against another copy of the package work.
 */
export class SessionNotFoundError extends Error {
  readonly sessionId: string;

  constructor(sessionId: string) {
    super(`session not found: ${sessionId.length > 256 ? `${sessionId.slice(0, 256)}...` : sessionId}`);
    this.sessionId = sessionId;
  }

  override get name(): string {
    return "SessionNotFoundError";
  }
}

export function isSessionNotFound(error: unknown): boolean {
  return error instanceof SessionNotFoundError || (error instanceof Error && error.name === "SessionNotFoundError");
}
