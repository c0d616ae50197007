import * as v from "valibot";
import { SageMakerConfigError } from "./errors.ts";
import type { SageMakerConfig } from "./types.ts";

const fn = v.function();
const optionalFn = v.optional(fn);
const storeSchema = v.custom<object>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    ["create", "lookup", "delete", "sweep"].every((method) => typeof (value as Record<string, unknown>)[method] === "function"),
  "Expected a SessionStore (an object with create, lookup, delete and sweep methods)",
);
const loggerSchema = v.custom<object>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    ["debug", "info", "warn", "error"].every((method) => typeof (value as Record<string, unknown>)[method] === "function"),
  "Expected a Logger (an object with debug, info, warn and error methods)",
);

const positiveInt = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));
const modelHostSchema = v.pipe(
  v.custom<object>(
    (value) => (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { load?: unknown }).load === "function",
    "Expected a ModelHost (an object with a load method)",
  ),
  // Read through `in`, so a class instance's prototype methods count.
  v.check((value) => !("unload" in value) || value.unload === undefined || typeof value.unload === "function", "unload must be a function"),
  v.check((value) => checkOptionalInt(value, "maxLoaded"), "maxLoaded must be an integer of at least 1"),
  v.check((value) => checkOptionalInt(value, "pageSize"), "pageSize must be an integer of at least 1"),
);
const batchSchema = v.strictObject({
  maxConcurrentTransforms: positiveInt,
  batchStrategy: v.optional(v.picklist(["SINGLE_RECORD", "MULTI_RECORD"])),
  maxPayloadInMB: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
});

function checkOptionalInt(host: object, key: string): boolean {
  const value = (host as Record<string, unknown>)[key];
  return value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= 1);
}

const configSchema = v.strictObject({
  ping: optionalFn,
  invocations: optionalFn,
  loadAdapter: optionalFn,
  unloadAdapter: optionalFn,
  createSession: optionalFn,
  closeSession: optionalFn,
  overrides: v.optional(v.strictObject({ ping: optionalFn, invocations: optionalFn })),
  fallback: optionalFn,
  middlewares: v.optional(v.array(fn)),
  sessions: v.optional(
    v.strictObject({
      enabled: v.optional(v.boolean()),
      expirationSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      store: v.optional(storeSchema),
      maxValueBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
  ),
  models: v.optional(modelHostSchema),
  batch: v.optional(batchSchema),
  env: v.optional(v.record(v.string(), v.optional(v.string()))),
  importModule: optionalFn,
  maxRequestBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  logger: v.optional(loggerSchema),
  errorFormatter: optionalFn,
});

/** Validates `createSageMakerHandler`'s config; the error names the offending key. */
export function validateConfig(config: unknown): SageMakerConfig {
  if (config === undefined) return {};
  const result = v.safeParse(configSchema, config);
  if (result.success) return config as SageMakerConfig;
  const issue = result.issues[0];
  const key = v.getDotPath(issue) ?? (issue.type === "strict_object" ? String(issue.input) : undefined);
  const where = key ? `config.${key}` : "config";
  // valibot words an unknown key as "Expected never"; say what it means.
  if (issue.type === "strict_object" && key) throw new SageMakerConfigError(`Unknown key ${where}`, { key: where });
  throw new SageMakerConfigError(`Invalid ${where}: ${issue.message}`, { key: where });
}
