import { DEFAULT_MAX_PAYLOAD_IN_MB, parseBatchVariables, payloadLimitBytes } from "./batch/settings.ts";
import type { BatchSettings } from "./batch/settings.ts";
import { SageMakerConfigError } from "./errors.ts";
import { DEFAULT_MODEL_PATH } from "./customer/loader.ts";
import { parseHandlerSpec } from "./customer/spec.ts";
import type { HandlerSpec } from "./customer/spec.ts";
import { resolveLogLevel } from "./logging.ts";
import { readSessionVariables } from "./sessions/session-runtime.ts";
import type { Env, SageMakerConfig } from "./types.ts";

export type { HandlerSpec } from "./customer/spec.ts";
export type { BatchSettings } from "./batch/settings.ts";

export const MULTI_MODEL_VAR = "SAGEMAKER_MULTI_MODEL";

/** The environment as the library reads it: the TypeScript counterpart of MHCS `SageMakerConfig.from_env()`. */
export interface ResolvedSettings {
  sessions: {
    /** `SAGEMAKER_ENABLE_STATEFUL_SESSIONS` (`true`/`1`, any case). */
    enabled: boolean;
    /** `SAGEMAKER_SESSIONS_EXPIRATION`, seconds (default 1200). */
    expirationSeconds: number;
    /**
     * `SAGEMAKER_SESSIONS_PATH` as given, or `undefined` when unset: the file store then picks
     * `/dev/shm/sagemaker_sessions` where writable, else `<tmpdir>/sagemaker_sessions`, on first use.
     */
    path: string | undefined;
  };
  /**
   * Request body limit in bytes from `SAGEMAKER_MAX_PAYLOAD_IN_MB` (0: no limit, `Infinity`), default
   * 6 MiB. A handler uses `config.maxRequestBytes` first and `config.batch.maxPayloadInMB` when the
   * variable is unset.
   */
  maxRequestBytes: number;
  /** `SAGEMAKER_MULTI_MODEL` (`true`/`1` on, unset, empty, `false`/`0` off, any case). */
  multiModel: boolean;
  /** The transform-job variables: `SAGEMAKER_BATCH`, `SAGEMAKER_BATCH_STRATEGY`, `SAGEMAKER_MAX_CONCURRENT_TRANSFORMS`, `SAGEMAKER_MAX_PAYLOAD_IN_MB`. */
  batch: BatchSettings;
  /** `SAGEMAKER_CONTAINER_LOG_LEVEL`, else `LOG_LEVEL`: the numeric level (10 debug ... 40 error; default, and for an unknown name, 40). */
  logLevel: number;
  /** `SAGEMAKER_MODEL_PATH` (default `/opt/ml/model/`) and `CUSTOM_SCRIPT_FILENAME`. */
  modelPath: string;
  customScriptFilename: string | undefined;
  /** The parsed handler specifications, where set. */
  handlers: {
    ping?: HandlerSpec;
    invocations?: HandlerSpec;
    throttle?: HandlerSpec;
    prePostProcess?: HandlerSpec;
    preProcess?: HandlerSpec;
    postProcess?: HandlerSpec;
  };
}

const HANDLER_VARIABLES = {
  ping: "CUSTOM_FASTAPI_PING_HANDLER",
  invocations: "CUSTOM_FASTAPI_INVOCATION_HANDLER",
  throttle: "CUSTOM_FASTAPI_MIDDLEWARE_THROTTLE",
  prePostProcess: "CUSTOM_FASTAPI_MIDDLEWARE_PRE_POST_PROCESS",
  preProcess: "CUSTOM_PRE_PROCESS",
  postProcess: "CUSTOM_POST_PROCESS",
} as const;

/**
 * The validated view of `env` that a handler built without config overrides would use, so engines
 * and containers read the same values the library reads instead of parsing the variables again.
 * Pure: reads only `env`, touches nothing. A bad value throws the `SageMakerConfigError` that
 * `ready()` would reject with, naming the variable.
 */
export function resolveSettings(env: Env): ResolvedSettings {
  if (typeof env !== "object" || env === null) throw new TypeError("resolveSettings(env): env must be an object of strings");
  return resolveSettingsFor(env, {});
}

/** What the handler uses: `resolveSettings`, except that a variable that `config.sessions` overrides is not read. */
export function resolveSettingsFor(env: Env, config: Pick<SageMakerConfig, "sessions">): ResolvedSettings {
  const sessions = readSessionVariables(env, config.sessions ?? {});
  const handlers: ResolvedSettings["handlers"] = {};
  for (const [name, variable] of Object.entries(HANDLER_VARIABLES) as Array<[keyof typeof HANDLER_VARIABLES, string]>) {
    const spec = parseHandlerSpec(env[variable], variable);
    if (spec?.kind === "route" && name !== "ping" && name !== "invocations") {
      throw new SageMakerConfigError(
        `Invalid handler specification in ${variable}='${spec.source}': a middleware must be 'file.mjs:function', not a route`,
        { code: "INVALID_SPEC", variable },
      );
    }
    if (spec) handlers[name] = spec;
  }
  const batch = parseBatchVariables(env);
  return {
    sessions,
    maxRequestBytes: payloadLimitBytes(batch.maxPayloadInMB) ?? DEFAULT_MAX_PAYLOAD_IN_MB * 1024 * 1024,
    multiModel: parseMultiModel(env[MULTI_MODEL_VAR]),
    batch,
    logLevel: resolveLogLevel(env),
    modelPath: env.SAGEMAKER_MODEL_PATH || DEFAULT_MODEL_PATH,
    customScriptFilename: env.CUSTOM_SCRIPT_FILENAME || undefined,
    handlers,
  };
}

function parseMultiModel(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const lower = raw.trim().toLowerCase();
  if (lower === "true" || lower === "1") return true;
  if (lower === "" || lower === "false" || lower === "0") return false;
  throw new SageMakerConfigError(`${MULTI_MODEL_VAR} must be true, 1, false or 0, got '${raw}'`, { code: "INVALID_ENV", variable: MULTI_MODEL_VAR });
}
