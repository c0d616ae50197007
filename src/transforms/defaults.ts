import { SageMakerConfigError } from "../errors.ts";
import { parseJson } from "../_internal/json-body.ts";
import { isJsonObject, parseDotPath, setAtPath } from "../_internal/json-path.ts";
import type { JsonObject } from "../_internal/json-path.ts";
import type { Env, JsonValue } from "../types.ts";
import { toPlainJson } from "./request-view.ts";

/** The transforms whose defaults the environment may set (`SAGEMAKER_TRANSFORMS_<NAME>_DEFAULTS`). */
export type TransformDefaultsName = "load_adapter" | "unload_adapter" | "create_session" | "close_session";

/** Parsed `SAGEMAKER_TRANSFORMS_*_DEFAULTS`: `{ targetPath: value }` per transform, `{}` when unset. */
export type TransformDefaults = Readonly<Record<TransformDefaultsName, Readonly<Record<string, JsonValue>>>>;

const NAMES: readonly TransformDefaultsName[] = ["load_adapter", "unload_adapter", "create_session", "close_session"];

/** `SAGEMAKER_TRANSFORMS_LOAD_ADAPTER_DEFAULTS` for `load_adapter`, and so on. */
export function transformDefaultsVariable(name: TransformDefaultsName): string {
  return `SAGEMAKER_TRANSFORMS_${name.toUpperCase()}_DEFAULTS`;
}

/**
 * Reads the four `SAGEMAKER_TRANSFORMS_*_DEFAULTS` variables (each a JSON object; unset or empty is `{}`).
 * Unlike MHCS, other `SAGEMAKER_TRANSFORMS_*` variables are ignored rather than parsed.
 * Call it at `ready()` (a wrapper's prepare step), never at import.
 * @throws SageMakerConfigError naming the variable when its value is not a JSON object.
 */
export function readTransformDefaults(env: Env): TransformDefaults {
  const out = {} as Record<TransformDefaultsName, Readonly<Record<string, JsonValue>>>;
  for (const name of NAMES) out[name] = parseDefaults(env, transformDefaultsVariable(name));
  return out;
}

function parseDefaults(env: Env, variable: string): Readonly<Record<string, JsonValue>> {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === "") return {};
  const parsed = parseJson(raw);
  if (!parsed.ok) throw new SageMakerConfigError(`${variable} is not valid JSON: ${parsed.message}`, { code: "INVALID_ENV", variable });
  const value = parsed.value;
  if (!isJsonObject(value)) {
    throw new SageMakerConfigError(`${variable} must be a JSON object of { "targetPath": value }, got ${JSON.stringify(value)}`, {
      code: "INVALID_ENV",
      variable,
    });
  }
  return value as Record<string, JsonValue>;
}

/** Defaults split by where they land, validated once. */
export interface CompiledDefaults {
  /** Written into the shaped body before the shape's own values. */
  readonly body: ReadonlyArray<{ readonly path: readonly string[]; readonly value: JsonValue }>;
  /** Set on the forwarded request when the client did not send them. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
}

export const NO_DEFAULTS: CompiledDefaults = { body: [], headers: [] };

/**
 * Validates defaults for one transform. Keys are target paths in the shaped body (`load_inplace`,
 * `body.capacity_of_str_len`: a leading `body.` is optional) or `headers.<name>` for request headers.
 * @param where names the source in errors, e.g. the variable name.
 */
export function compileDefaults(values: Readonly<Record<string, JsonValue>>, where: string): CompiledDefaults {
  const body: Array<{ path: string[]; value: JsonValue }> = [];
  const headers: Array<readonly [string, string]> = [];
  for (const key of Object.keys(values)) {
    const value = values[key] as JsonValue;
    const [head, ...rest] = key.split(".");
    if (head === "headers" && rest.length > 0) {
      const name = unquote(rest.join("."));
      if (typeof value === "object" || !isHeaderName(name)) {
        throw new SageMakerConfigError(`Invalid ${where} key '${key}': a header default needs a header name and a string value`, { code: "INVALID_ENV", variable: where, key });
      }
      headers.push([name, String(value)]);
      continue;
    }
    if (head === "query_params" || head === "path_params") {
      throw new SageMakerConfigError(`Invalid ${where} key '${key}': only body and headers defaults are supported`, { code: "INVALID_ENV", variable: where, key });
    }
    const target = head === "body" && rest.length > 0 ? rest.join(".") : key;
    try {
      body.push({ path: parseDotPath(target).map(unquote), value });
    } catch (error) {
      throw new SageMakerConfigError(`Invalid ${where} key '${key}': ${(error as Error).message}`, { code: "INVALID_ENV", variable: where, key });
    }
  }
  return { body, headers };
}

/**
 * Checks that no body default is a non-object parent of a shape target (`{"a": 1}` under target `a.b`).
 * @param targets the shape's target paths (see `shapeTargets`).
 */
export function checkDefaultsFit(defaults: CompiledDefaults, targets: ReadonlyArray<readonly string[]>, where: string): void {
  for (const { path, value } of defaults.body) {
    if (isJsonObject(value)) continue;
    for (const target of targets) {
      if (target.length > path.length && path.every((segment, i) => target[i] === segment)) {
        throw new SageMakerConfigError(
          `Invalid ${where} key '${path.join(".")}': it holds a value where the shape writes '${target.join(".")}'`,
          { code: "INVALID_ENV", variable: where, key: path.join(".") },
        );
      }
    }
  }
}

/** A fresh object holding the body defaults (copied, so a handler mutating it changes nothing shared). */
export function applyBodyDefaults(defaults: CompiledDefaults): JsonObject {
  const out: JsonObject = {};
  for (const { path, value } of defaults.body) setAtPath(out, path, toPlainJson(value));
  return out;
}

function unquote(segment: string): string {
  return segment.length >= 2 && segment.startsWith('"') && segment.endsWith('"') ? segment.slice(1, -1) : segment;
}

function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name);
}
