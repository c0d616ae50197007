import { LEVELS } from "./logger.ts";

export type Env = Readonly<Record<string, string | undefined>>;

/** One bad variable, reported with the others before the supervisor exits 2. */
export class EnvError extends Error {
  override name = "EnvError";
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
  throw new EnvError(`${name} must be one of true, 1, yes, on, false, 0, no, off (any case), got '${raw}'`);
}

export function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const trimmed = raw.trim();
  if (!/^\+?\d+$/.test(trimmed)) throw new EnvError(`${name} must be an integer, got '${raw}'`);
  const value = Number(trimmed);
  if (value < min || value > max) throw new EnvError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Seconds as a decimal number (`0.5` is fine), within [min, max]. */
export function readSeconds(env: Env, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const trimmed = raw.trim();
  if (!/^\+?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) throw new EnvError(`${name} must be a number of seconds, got '${raw}'`);
  const value = Number(trimmed);
  if (value < min || value > max) throw new EnvError(`${name} must be between ${min} and ${max} seconds, got ${value}`);
  return value;
}

/** A level name (any case, superset of the reference's list) or a Python-style integer level. */
export function readLevel(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const level = LEVELS[trimmed.toLowerCase()];
  if (level === undefined) {
    throw new EnvError(`${name} must be one of [${Object.keys(LEVELS).map((key) => `'${key}'`).join(", ")}] or an integer level, got '${raw}'`);
  }
  return level;
}

export function readChoice<T extends string>(env: Env, name: string, fallback: T, choices: Readonly<Record<string, T>>): T {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const choice = choices[raw.trim().toLowerCase()];
  if (choice === undefined) throw new EnvError(`${name} must be one of ${Object.keys(choices).join(", ")}, got '${raw}'`);
  return choice;
}

export function readExitCodes(env: Env, name: string, fallback: readonly number[]): readonly number[] {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) > 255)) {
    throw new EnvError(`${name} must be a comma-separated list of exit codes 0-255, got '${raw}'`);
  }
  return parts.map(Number);
}
