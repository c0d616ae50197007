import { SageMakerConfigError } from "../src/errors.ts";
import type { Env } from "../src/types.ts";
import { invalidEnv, readBool, readChoice, readExitCodes, readInt, readLevel, readSeconds } from "./env-values.ts";
import { splitArgs } from "./split-args.ts";

export type AutoRestart = "always" | "never" | "unexpected";

export interface InstallSettings {
  enabled: boolean;
  modelDir: string;
  /** Appended to the selected installer command. */
  extraArgs: readonly string[];
  timeoutSeconds: number | undefined;
}

/** Everything the supervisor reads from the environment, validated. */
export interface SupervisorSettings {
  autoRecovery: boolean;
  maxStartRetries: number;
  startSeconds: number;
  stopTimeoutSeconds: number;
  backoffSeconds: number;
  restartWindowSeconds: number | undefined;
  autoRestart: AutoRestart;
  expectedExitCodes: readonly number[];
  stopSignal: NodeJS.Signals;
  logLevel: number;
  install: InstallSettings;
  /** Problems that do not stop startup (ignored variables), logged once the logger exists. */
  warnings: readonly string[];
}

export const DEFAULT_MODEL_DIR = "/opt/ml/model";
/** SageMaker sends SIGKILL 30 s after SIGTERM: the supervisor SIGKILLs the group first and still has time to exit. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 28;
const SAGEMAKER_KILL_SECONDS = 30;

const PREFIX = "SUPERVISOR_PROGRAM__APP_";
/** supervisord `[program:app]` keys honoured natively (the reference's override form). */
const HONOURED_OVERRIDES = new Set(["STARTSECS", "STARTRETRIES", "STOPWAITSECS", "AUTORESTART", "EXITCODES", "STOPSIGNAL"]);
/** Set by supervisord (and by this supervisor) in children: seen when supervisors nest, never configuration. */
const INJECTED = new Set(["SUPERVISOR_ENABLED", "SUPERVISOR_PROCESS_NAME", "SUPERVISOR_GROUP_NAME", "SUPERVISOR_SERVER_URL"]);

const AUTORESTART_CHOICES: Readonly<Record<string, AutoRestart>> = {
  true: "always",
  yes: "always",
  on: "always",
  "1": "always",
  false: "never",
  no: "never",
  off: "never",
  "0": "never",
  unexpected: "unexpected",
};

const STOP_SIGNALS: Readonly<Record<string, NodeJS.Signals>> = {
  term: "SIGTERM",
  sigterm: "SIGTERM",
  int: "SIGINT",
  sigint: "SIGINT",
  quit: "SIGQUIT",
  sigquit: "SIGQUIT",
  hup: "SIGHUP",
  sighup: "SIGHUP",
  usr2: "SIGUSR2",
  sigusr2: "SIGUSR2",
  kill: "SIGKILL",
  sigkill: "SIGKILL",
};

function supervisorWarnings(env: Env): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith("SUPERVISOR_") || INJECTED.has(name)) continue;
    if (name === "SUPERVISOR_CONFIG_PATH") {
      warnings.push("SUPERVISOR_CONFIG_PATH is ignored: this supervisor writes no supervisord config file");
    } else if (!(name.startsWith(PREFIX) && HONOURED_OVERRIDES.has(name.slice(PREFIX.length)))) {
      warnings.push(`${name} is ignored: only ${[...HONOURED_OVERRIDES].map((key) => PREFIX + key).join(", ")} are honoured`);
    }
  }
  if (env.STANDARD_PIP_ARGS !== undefined) warnings.push("STANDARD_PIP_ARGS is ignored: JavaScript dependencies take STANDARD_NPM_ARGS");
  return warnings;
}

function readExtraArgs(env: Env): string[] {
  const raw = env.STANDARD_NPM_ARGS;
  if (raw === undefined) return [];
  try {
    return splitArgs(raw);
  } catch (error) {
    throw invalidEnv("STANDARD_NPM_ARGS", `cannot be split into arguments: ${(error as Error).message}, got '${raw}'`);
  }
}

/**
 * Reads and validates every variable; throws an `AggregateError` of `SageMakerConfigError`s (code `INVALID_ENV`) naming each bad variable.
 * `SUPERVISOR_PROGRAM__APP_*` overrides win over the `PROCESS_*` names, as in the reference's merge order.
 */
export function readSettings(env: Env): SupervisorSettings {
  const errors: SageMakerConfigError[] = [];
  const read = <T>(parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof SageMakerConfigError)) throw error;
      errors.push(error);
      return fallback;
    }
  };
  const overridden = (name: string): boolean => (env[PREFIX + name] ?? "").trim() !== "";

  const maxStartRetries = overridden("STARTRETRIES")
    ? read(() => readInt(env, `${PREFIX}STARTRETRIES`, 3, 0, 100), 3)
    : read(() => readInt(env, "PROCESS_MAX_START_RETRIES", 3, 0, 100), 3);
  const startSeconds = overridden("STARTSECS")
    ? read(() => readSeconds(env, `${PREFIX}STARTSECS`, 1, 0, 3600) ?? 1, 1)
    : read(() => readSeconds(env, "PROCESS_START_SECONDS", 1, 0, 3600) ?? 1, 1);
  const stopTimeoutSeconds = overridden("STOPWAITSECS")
    ? read(() => readSeconds(env, `${PREFIX}STOPWAITSECS`, DEFAULT_STOP_TIMEOUT_SECONDS, 0, 3600) ?? 0, 0)
    : read(() => readSeconds(env, "PROCESS_STOP_TIMEOUT_SECONDS", DEFAULT_STOP_TIMEOUT_SECONDS, 0, 3600) ?? 0, 0);
  const sagemakerLevel = (env.SAGEMAKER_CONTAINER_LOG_LEVEL ?? "").trim() === "" ? undefined : read(() => readLevel(env, "SAGEMAKER_CONTAINER_LOG_LEVEL"), undefined);
  const logLevel = read(() => readLevel(env, "LOG_LEVEL"), undefined);

  const settings: SupervisorSettings = {
    autoRecovery: read(() => readBool(env, "PROCESS_AUTO_RECOVERY", true), true),
    maxStartRetries,
    startSeconds,
    stopTimeoutSeconds,
    backoffSeconds: read(() => readSeconds(env, "PROCESS_RESTART_BACKOFF_SECONDS", 1, 0, 60) ?? 1, 1),
    restartWindowSeconds: read(() => readSeconds(env, "PROCESS_RESTART_WINDOW_SECONDS", undefined, 1, 86_400), undefined),
    autoRestart: read(() => readChoice(env, `${PREFIX}AUTORESTART`, "always", AUTORESTART_CHOICES), "always"),
    expectedExitCodes: read(() => readExitCodes(env, `${PREFIX}EXITCODES`, [255]), [255]),
    stopSignal: read(() => readChoice(env, `${PREFIX}STOPSIGNAL`, "SIGTERM", STOP_SIGNALS), "SIGTERM"),
    logLevel: sagemakerLevel ?? logLevel ?? 20,
    install: {
      enabled: read(() => readBool(env, "STANDARD_AUTO_INSTALL_REQ", true), true),
      modelDir: (env.SAGEMAKER_MODEL_PATH ?? "").trim() === "" ? DEFAULT_MODEL_DIR : (env.SAGEMAKER_MODEL_PATH as string),
      extraArgs: read(() => readExtraArgs(env), []),
      timeoutSeconds: read(() => readSeconds(env, "STANDARD_INSTALL_TIMEOUT", undefined, 1, 86_400), undefined),
    },
    warnings: [
      ...supervisorWarnings(env),
      ...(stopTimeoutSeconds >= SAGEMAKER_KILL_SECONDS
        ? [`the stop timeout (${stopTimeoutSeconds} s) is not below SageMaker's ${SAGEMAKER_KILL_SECONDS} s SIGTERM-to-SIGKILL window: the platform may kill the supervisor first`]
        : []),
    ],
  };
  if (errors.length > 0) throw new AggregateError(errors, errors.map((error) => error.message).join("; "));
  return settings;
}
