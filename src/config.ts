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
  if (issue.type === "strict_object" && key) throw new SageMakerConfigError(`Unknown key ${where}`);
  throw new SageMakerConfigError(`Invalid ${where}: ${issue.message}`);
}
