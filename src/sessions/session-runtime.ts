import { parsePositiveInt, parseSageMakerBool } from "../env.ts";
import { SageMakerConfigError } from "../errors.ts";
import type { SetupContext } from "../wrapped-handler.ts";
import type { Env } from "../types.ts";
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
 * The session settings, validated: `resolveSettings` and the session runtime both read them here. An
 * explicit value (`config.sessions`) wins, and its variable is then not read at all.
 */
export function readSessionVariables(
  env: Env,
  explicit: { enabled?: boolean | undefined; expirationSeconds?: number | undefined } = {},
): { enabled: boolean; expirationSeconds: number; path: string | undefined } {
  const fromConfig = explicit.expirationSeconds !== undefined;
  const expirationSeconds = explicit.expirationSeconds ?? parsePositiveInt(env, EXPIRATION_VAR, DEFAULT_EXPIRATION_SECONDS);
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    const source = fromConfig ? "config.sessions.expirationSeconds" : EXPIRATION_VAR;
    throw new SageMakerConfigError(
      `${source} must be at most ${MAX_EXPIRATION_SECONDS} seconds (100 years), got ${expirationSeconds}`,
      fromConfig ? { key: source } : { code: "INVALID_ENV", variable: EXPIRATION_VAR },
    );
  }
  return { enabled: explicit.enabled ?? parseSageMakerBool(env, ENABLE_VAR, false), expirationSeconds, path: env.SAGEMAKER_SESSIONS_PATH };
}

/**
 * Resolves `config.sessions` over the environment once per handler instance (at `ready()`, so a bad
 * `SAGEMAKER_SESSIONS_EXPIRATION` is a startup error naming the variable). The store the library
 * creates itself is closed with the instance; a store passed in config belongs to its owner.
 */
export function sessionRuntime(setup: SetupContext): SessionRuntime {
  return setup.shared(SHARED_KEY, () => {
    const options = setup.config.sessions ?? {};
    const { enabled, expirationSeconds } = readSessionVariables(setup.env, options);
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
