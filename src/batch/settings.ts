import { SageMakerConfigError } from "../errors.ts";
import type { BatchOptions, BatchStrategy, Env } from "../types.ts";

/** The transform-job variables SageMaker sets (each only when the job sets it), validated. */
export interface BatchSettings {
  /** `SAGEMAKER_BATCH`: the container runs a transform job. */
  enabled: boolean;
  /** `SAGEMAKER_BATCH_STRATEGY`, upper-cased. */
  batchStrategy: BatchStrategy | undefined;
  /** `SAGEMAKER_MAX_CONCURRENT_TRANSFORMS`. */
  maxConcurrentTransforms: number | undefined;
  /** `SAGEMAKER_MAX_PAYLOAD_IN_MB`, MiB; 0 means no limit. */
  maxPayloadInMB: number | undefined;
}

export const BATCH_VAR = "SAGEMAKER_BATCH";
export const BATCH_STRATEGY_VAR = "SAGEMAKER_BATCH_STRATEGY";
export const MAX_CONCURRENT_TRANSFORMS_VAR = "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS";
export const MAX_PAYLOAD_VAR = "SAGEMAKER_MAX_PAYLOAD_IN_MB";

const STRATEGIES: readonly BatchStrategy[] = ["SINGLE_RECORD", "MULTI_RECORD"];

/** Parses the transform-job variables for `resolveSettings`; empty means unset; a bad value names it. */
export function parseBatchVariables(env: Env): BatchSettings {
  return {
    enabled: parseBatch(env[BATCH_VAR]),
    batchStrategy: parseStrategy(env[BATCH_STRATEGY_VAR]),
    maxConcurrentTransforms: parseNumber(env[MAX_CONCURRENT_TRANSFORMS_VAR], MAX_CONCURRENT_TRANSFORMS_VAR, true),
    maxPayloadInMB: parseNumber(env[MAX_PAYLOAD_VAR], MAX_PAYLOAD_VAR, false),
  };
}

const invalid = (variable: string, message: string) => new SageMakerConfigError(message, { code: "INVALID_ENV", variable });

function parseBatch(raw: string | undefined): boolean {
  if (raw === undefined || raw === "") return false;
  const lower = raw.trim().toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw invalid(BATCH_VAR, `${BATCH_VAR} must be 'true' or 'false', got '${raw}'`);
}

function parseStrategy(raw: string | undefined): BatchStrategy | undefined {
  if (raw === undefined || raw === "") return undefined;
  const upper = raw.trim().toUpperCase() as BatchStrategy;
  if (STRATEGIES.includes(upper)) return upper;
  throw invalid(BATCH_STRATEGY_VAR, `${BATCH_STRATEGY_VAR} must be SINGLE_RECORD or MULTI_RECORD, got '${raw}'`);
}

function parseNumber(raw: string | undefined, name: string, integer: boolean): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const trimmed = raw.trim();
  const value = Number(trimmed);
  const shape = integer ? /^\+?\d+$/ : /^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  if (!shape.test(trimmed) || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) {
    throw invalid(name, `${name} must be ${integer ? "a whole number" : "a number"} of at least 0, got '${raw}'`);
  }
  return value;
}

const MIB = 1024 * 1024;
export const DEFAULT_MAX_PAYLOAD_IN_MB = 6;

/** `SAGEMAKER_MAX_PAYLOAD_IN_MB` in bytes (0: no limit, `Infinity`), or `undefined` when unset. */
export function payloadLimitBytes(maxPayloadInMB: number | undefined): number | undefined {
  if (maxPayloadInMB === undefined) return undefined;
  return maxPayloadInMB === 0 ? Number.POSITIVE_INFINITY : Math.floor(maxPayloadInMB * MIB);
}

/**
 * The request body limit in bytes: `config.maxRequestBytes`, else `SAGEMAKER_MAX_PAYLOAD_IN_MB` MiB
 * (0: no limit, as SageMaker's "arbitrarily large" payloads), else `config.batch.maxPayloadInMB` MiB,
 * else 6 MiB. `Infinity` means no limit.
 */
export function resolveBodyLimit(configured: number | undefined, settings: BatchSettings, batch: BatchOptions | undefined): number {
  if (configured !== undefined) return configured;
  return payloadLimitBytes(settings.maxPayloadInMB) ?? (batch?.maxPayloadInMB ?? DEFAULT_MAX_PAYLOAD_IN_MB) * MIB;
}

/** `GET /execution-parameters` from `config.batch` alone (the environment is the job's own business). */
export function executionParameters(batch: BatchOptions): { MaxConcurrentTransforms: number; BatchStrategy: BatchStrategy; MaxPayloadInMB: number } {
  const answer = {
    MaxConcurrentTransforms: batch.maxConcurrentTransforms ?? 1,
    BatchStrategy: batch.batchStrategy ?? "MULTI_RECORD",
    MaxPayloadInMB: batch.maxPayloadInMB ?? DEFAULT_MAX_PAYLOAD_IN_MB,
  };
  if (answer.MaxConcurrentTransforms * answer.MaxPayloadInMB > 100) {
    throw new SageMakerConfigError(
      `config.batch.maxConcurrentTransforms (${answer.MaxConcurrentTransforms}) times config.batch.maxPayloadInMB (${answer.MaxPayloadInMB}) must be at most 100 (SageMaker's limit)`,
      { key: "config.batch" },
    );
  }
  return answer;
}
