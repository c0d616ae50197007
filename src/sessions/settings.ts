import { parsePositiveInt, parseSageMakerBool } from "../env.ts";
import { SageMakerConfigError } from "../errors.ts";
import type { SetupContext } from "../setup.ts";
import { defaultStore } from "./default-store.ts";
import { DEFAULT_MAX_VALUE_BYTES } from "./session-data.ts";
import type { SessionStore } from "./store.ts";

export const ENABLE_VAR = "SAGEMAKER_ENABLE_STATEFUL_SESSIONS";
export const EXPIRATION_VAR = "SAGEMAKER_SESSIONS_EXPIRATION";
export const DEFAULT_EXPIRATION_SECONDS = 1200;
/** 100 years: beyond a few thousand the `Expires=` year no longer has the four digits botocore's pattern requires. */
export const MAX_EXPIRATION_SECONDS = 100 * 365 * 24 * 60 * 60;

/** The session settings of one handler instance, shared by every wrapper that needs them. */
export interface SessionRuntime {
  readonly enabled: boolean;
  readonly expirationSeconds: number;
  /** `config.sessions.maxValueBytes`, default 1 MiB. */
  readonly maxValueBytes: number;
  /** The store, created on first call (never when sessions are off and nobody asks). */
  store(): SessionStore;
}

const SHARED_KEY = "sessions.runtime";

/**
 * Resolves `config.sessions` over the environment once per handler instance (at `ready()`, so a bad
 * `SAGEMAKER_SESSIONS_EXPIRATION` is a startup error naming the variable). The store the library
 * creates itself is closed with the instance; a store passed in config belongs to its owner.
 */
export function sessionRuntime(setup: SetupContext): SessionRuntime {
  return setup.shared(SHARED_KEY, () => {
    const options = setup.config.sessions ?? {};
    const enabled = options.enabled ?? parseSageMakerBool(setup.env, ENABLE_VAR, false);
    const expirationSeconds = options.expirationSeconds ?? parsePositiveInt(setup.env, EXPIRATION_VAR, DEFAULT_EXPIRATION_SECONDS);
    if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
      const source = options.expirationSeconds === undefined ? EXPIRATION_VAR : "config.sessions.expirationSeconds";
      const culprit = options.expirationSeconds === undefined ? { code: "INVALID_ENV" as const, variable: EXPIRATION_VAR } : { key: source };
      throw new SageMakerConfigError(`${source} must be at most ${MAX_EXPIRATION_SECONDS} seconds (100 years), got ${expirationSeconds}`, culprit);
    }
    let store: SessionStore | undefined = options.store;
    let owned: SessionStore | undefined;
    // Made now when sessions are on, so that a memory default is announced by ready(), not by a request.
    if (enabled && !store) store = owned = defaultStore(setup);
    setup.onClose(async () => {
      await owned?.close?.();
    });
    return {
      enabled,
      expirationSeconds,
      maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
      store(): SessionStore {
        if (store) return store;
        owned = defaultStore(setup);
        store = owned;
        return store;
      },
    };
  });
}
