import { SageMakerConfigError } from "./errors.ts";
import type { Env } from "./types.ts";

/** The reference's session switch: only `true` and `1`, any case, untrimmed. */
export function parseSageMakerBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const lower = raw.toLowerCase();
  return lower === "true" || lower === "1";
}

/** A positive integer variable; a bad value is a startup error naming the variable. */
export function parsePositiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const trimmed = raw.trim();
  if (!/^\+?\d+$/.test(trimmed) || Number(trimmed) <= 0 || !Number.isSafeInteger(Number(trimmed))) {
    throw new SageMakerConfigError(`${name} must be a whole number greater than 0, got '${raw}'`, { code: "INVALID_ENV", variable: name });
  }
  return Number(trimmed);
}

/** A positive number variable (fractions allowed); a bad value is a startup error naming the variable. */
export function parsePositiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value <= 0) {
    throw new SageMakerConfigError(`${name} must be a number greater than 0, got '${raw}'`, { code: "INVALID_ENV", variable: name });
  }
  return value;
}
