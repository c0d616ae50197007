import { HttpError } from "../http-error.ts";
import { describeError } from "../logging.ts";
import type { Logger } from "../logging.ts";
import type { JsonValue, SessionInfo } from "../types.ts";
import { sessionNotFound } from "./protocol.ts";
import { isSessionNotFound, serializeSessionValue, sessionKeyProblem } from "./session-keys.ts";
import type { SessionStore } from "./store.ts";

/** 1 MiB: `config.sessions.maxValueBytes` when not given. */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

export interface SessionDataOptions {
  id: string;
  expiresAt: Date;
  store: () => SessionStore;
  maxValueBytes: number;
  logger: Logger;
}

const DATA_METHODS = ["getValue", "putValue", "deleteValue"] as const;
type DataMethod = (typeof DATA_METHODS)[number];
const encoder = new TextEncoder();

/**
 * `context.session`: the id, the expiry and the session's data in the store. Client mistakes are
 * `HttpError`s (400 bad key or ended session, 413 too large); a store failure is a logged 503.
 */
export function createSessionInfo({ id, expiresAt, store, maxValueBytes, logger }: SessionDataOptions): SessionInfo {
  const method = <M extends DataMethod>(name: M): NonNullable<SessionStore[M]> => {
    const target = store();
    const fn = target[name];
    if (typeof fn !== "function") {
      const missing = DATA_METHODS.filter((m) => typeof target[m] !== "function").join(", ");
      throw new TypeError(`Session data needs a store with getValue, putValue and deleteValue; config.sessions.store has no ${missing}`);
    }
    return fn.bind(target) as NonNullable<SessionStore[M]>;
  };

  const checkKey = (key: string): void => {
    const problem = sessionKeyProblem(key);
    if (problem) throw new HttpError(400, `Invalid session key ${JSON.stringify(shorten(String(key)))}: ${problem}`);
  };

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // A TypeError here is the store's own failure (a client bug), not the caller's: a 503 like any other.
      if (error instanceof HttpError) throw error;
      if (isSessionNotFound(error)) throw new HttpError(400, sessionNotFound(id));
      logger.error(`Session store failed to ${operation} a session value: ${describeError(error)}`);
      const code = (error as { code?: unknown } | null)?.code;
      throw new HttpError(503, `Session store unavailable: session store error${typeof code === "string" ? ` (${code})` : ""}; see the server log`);
    }
  };

  return {
    id,
    expiresAt,
    async get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined> {
      checkKey(key);
      const getValue = method("getValue");
      return guard("read", () => getValue(id, key)) as Promise<T | undefined>;
    },
    async put(key: string, value: JsonValue): Promise<void> {
      checkKey(key);
      const putValue = method("putValue");
      const bytes = encoder.encode(serializeSessionValue(value)).length;
      if (bytes > maxValueBytes) {
        throw new HttpError(413, `Session value for key ${JSON.stringify(shorten(key))} is ${bytes} bytes, over the limit of ${maxValueBytes} (config.sessions.maxValueBytes)`);
      }
      await guard("write", () => putValue(id, key, value));
    },
    async delete(key: string): Promise<boolean> {
      checkKey(key);
      const deleteValue = method("deleteValue");
      return guard("delete", () => deleteValue(id, key));
    },
  };
}

/** A key as error texts show it: long ones are cut. */
function shorten(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}...` : key;
}
