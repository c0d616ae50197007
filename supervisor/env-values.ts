import { SageMakerConfigError } from "../src/errors.ts";
import { NAMED_LEVELS, parseLogLevel } from "../src/logging.ts";
import type { Env } from "../src/types.ts";

/** One bad variable (the core's error, code `INVALID_ENV`), reported with the others before the supervisor exits 2. */
export function invalidEnv(name: string, message: string): SageMakerConfigError {
  return new SageMakerConfigError(`${name} ${message}`, { code: "INVALID_ENV", variable: name });
}

/** Unset and empty mean "use the default" for every variable. */
function present(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === "" ? undefined : raw;
}

const TRUTHY = new Set(["true", "1", "yes", "on"]);
const FALSY = new Set(["false", "0", "no", "off"]);

export function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (TRUTHY.has(value)) return true;
  if (FALSY.has(value)) return false;
  throw invalidEnv(name, `must be one of true, 1, yes, on, false, 0, no, off (any case), got '${raw}'`);
}

export function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const trimmed = raw.trim();
  if (!/^\+?\d+$/.test(trimmed)) throw invalidEnv(name, `must be an integer, got '${raw}'`);
  const value = Number(trimmed);
  if (value < min || value > max) throw invalidEnv(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Seconds as a decimal number (`0.5` is fine), within [min, max]. */
export function readSeconds(env: Env, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const trimmed = raw.trim();
  if (!/^\+?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) throw invalidEnv(name, `must be a number of seconds, got '${raw}'`);
  const value = Number(trimmed);
  if (value < min || value > max) throw invalidEnv(name, `must be between ${min} and ${max} seconds, got ${value}`);
  return value;
}

/** TRACE is the supervisor's one level beyond the core's names. */
const SUPERVISOR_LEVELS: Readonly<Record<string, number>> = { ...NAMED_LEVELS, TRACE: 5 };
/** For the error message: by level, then by name. */
const LEVEL_NAMES = Object.entries(SUPERVISOR_LEVELS)
  .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))
  .map(([level]) => `'${level.toLowerCase()}'`);

/**
 * The core's level parsing (a name in any case or an integer level) plus TRACE, trimmed; unlike the
 * core, which falls back to ERROR, a bad or negative value is an error here.
 */
export function readLevel(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const level = trimmed.startsWith("-") ? undefined : (parseLogLevel(trimmed) ?? SUPERVISOR_LEVELS[trimmed.toUpperCase()]);
  if (level === undefined) throw invalidEnv(name, `must be one of [${LEVEL_NAMES.join(", ")}] or an integer level, got '${raw}'`);
  return level;
}

export function readChoice<T extends string>(env: Env, name: string, fallback: T, choices: Readonly<Record<string, T>>): T {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const choice = choices[raw.trim().toLowerCase()];
  if (choice === undefined) throw invalidEnv(name, `must be one of ${Object.keys(choices).join(", ")}, got '${raw}'`);
  return choice;
}

export function readExitCodes(env: Env, name: string, fallback: readonly number[]): readonly number[] {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) > 255)) {
    throw invalidEnv(name, `must be a comma-separated list of exit codes 0-255, got '${raw}'`);
  }
  return parts.map(Number);
}
