import type { Env } from "./types.ts";

/** Where the library logs. Any object with these four methods (console, pino, winston) fits. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const LOGGER_NAME = "model_hosting_container_standards";

/** Level names (upper case) and their Python logging numbers; the supervisor accepts the same names. */
export const NAMED_LEVELS: Readonly<Record<string, number>> = {
  NOTSET: 0,
  DEBUG: 10,
  INFO: 20,
  WARN: 30,
  WARNING: 30,
  ERROR: 40,
  FATAL: 50,
  CRITICAL: 50,
};
const ERROR_LEVEL = 40;
export const DEBUG_LEVEL = 10;

/**
 * The reference's level rules: `SAGEMAKER_CONTAINER_LOG_LEVEL` when set (even empty), else `LOG_LEVEL`,
 * else ERROR; names are case-insensitive, integer strings are numeric levels, anything else is ERROR.
 */
export function resolveLogLevel(env: Env): number {
  const raw = env.SAGEMAKER_CONTAINER_LOG_LEVEL !== undefined ? env.SAGEMAKER_CONTAINER_LOG_LEVEL : env.LOG_LEVEL;
  if (raw === undefined) return ERROR_LEVEL;
  return parseLogLevel(raw) ?? ERROR_LEVEL;
}

/** `debug` -> 10, `"25"` -> 25, `invalid` -> undefined. */
export function parseLogLevel(raw: string): number | undefined {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  return NAMED_LEVELS[raw.toUpperCase()];
}

/** The default logger: one line per message on stdout, `[LEVEL] model_hosting_container_standards - message`. */
export function createConsoleLogger(): Logger {
  const write = (level: string, message: string): void => {
    console.log(`[${level}] ${LOGGER_NAME} - ${message}`);
  };
  return {
    debug: (m) => write("DEBUG", m),
    info: (m) => write("INFO", m),
    warn: (m) => write("WARNING", m),
    error: (m) => write("ERROR", m),
  };
}

const noop = (): void => {};

/** Drops messages below `level` before they reach `target`, so payloads logged at DEBUG never leave by accident. */
export function withLevel(target: Logger, level: number): Logger {
  return {
    debug: level <= 10 ? (m) => target.debug(m) : noop,
    info: level <= 20 ? (m) => target.info(m) : noop,
    warn: level <= 30 ? (m) => target.warn(m) : noop,
    error: level <= 40 ? (m) => target.error(m) : noop,
  };
}

/** Message text of anything thrown, for logs only. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Whether `value` has the four Logger methods. */
export function isLogger(value: unknown): value is Logger {
  return (
    typeof value === "object" &&
    value !== null &&
    ["debug", "info", "warn", "error"].every((method) => typeof (value as Record<string, unknown>)[method] === "function")
  );
}
