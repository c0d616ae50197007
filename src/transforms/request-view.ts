import { isJsonObject } from "../_internal/json-path.ts";
import type { JsonValue } from "../types.ts";

/** The document shape expressions run over; the keys are MHCS's, so expressions port verbatim. */
export interface RequestView {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly query_params: Readonly<Record<string, string>>;
  readonly path_params: Readonly<Record<string, string>>;
}

export interface RequestViewInput {
  request: Request;
  /** The JSON body as the expressions should see it; anything but an object becomes `null`. */
  body?: unknown;
  /** Path parameters, usually `context.params`. */
  pathParams?: Readonly<Record<string, string>>;
}

// SageMaker's own headers never carry a list, so a comma there can only come from a repeated header,
// which Fetch joins with ", " and Starlette resolves to the first value.
const SAGEMAKER_HEADER = /^x-amzn-sagemaker-/;

/**
 * Builds `{ body, headers, query_params, path_params }` for shape expressions:
 * - every container has a null prototype, and `body` is deep-copied into null-prototype objects, so
 *   `body.constructor` is `null` as in Python;
 * - `headers` is case-insensitive (`headers."X-Foo"` and `headers."x-foo"` agree); for a repeated
 *   `X-Amzn-SageMaker-*` header the first value wins;
 * - `query_params`: the last value of a repeated parameter wins (Starlette's `QueryParams`).
 */
export function buildRequestView({ request, body, pathParams }: RequestViewInput): RequestView {
  return createView({
    // MHCS: a dict is used as is, anything else (list, str, None) is null.
    body: isJsonObject(body) ? toViewJson(body) : null,
    headers: headerView(request.headers),
    query_params: queryView(request.url),
    path_params: copyRecord(pathParams ?? {}),
  });
}

/** A null-prototype object with the given own properties. */
export function createView<T extends object>(values: T): T {
  return Object.assign(Object.create(null) as T, values);
}

/** Case-insensitive, null-prototype view of `headers`, safe to hand to JMESPath. */
export function headerView(headers: Headers): Readonly<Record<string, string>> {
  const target = Object.create(null) as Record<string, string>;
  headers.forEach((value, name) => {
    target[name] = SAGEMAKER_HEADER.test(name) ? firstValue(value) : value;
  });
  return new Proxy(target, {
    get: (object, key) => (typeof key === "string" ? object[key.toLowerCase()] : undefined),
    has: (object, key) => typeof key === "string" && key.toLowerCase() in object,
    getOwnPropertyDescriptor: (object, key) =>
      typeof key === "string" ? Object.getOwnPropertyDescriptor(object, key.toLowerCase()) : undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** First value of a header Fetch joined with ", ". */
export function firstValue(value: string): string {
  const comma = value.indexOf(",");
  return comma === -1 ? value : value.slice(0, comma).trim();
}

/** Query parameters of `url` on a null-prototype object; a repeated key keeps its last value. */
export function queryView(url: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  const query = url.indexOf("?");
  if (query === -1) return out;
  const hash = url.indexOf("#", query);
  for (const [key, value] of new URLSearchParams(url.slice(query + 1, hash === -1 ? undefined : hash))) out[key] = value;
  return out;
}

function copyRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(record)) out[key] = record[key] as string;
  return out;
}

/** Deep copy of parsed JSON with null-prototype objects; non-JSON values become `null`. */
export function toViewJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return isJsonPrimitive(value) ? value : null;
  if (Array.isArray(value)) return value.map(toViewJson);
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = toViewJson((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * Deep copy into plain JSON (ordinary objects, as `JSON.parse` makes): functions, `undefined` and
 * non-finite numbers become `null`, and only own enumerable properties are kept.
 */
export function toPlainJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return isJsonPrimitive(value) ? value : null;
  if (Array.isArray(value)) return value.map(toPlainJson);
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    // defineProperty so a `__proto__` key stays a key.
    Object.defineProperty(out, key, {
      value: toPlainJson((value as Record<string, unknown>)[key]),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}

function isJsonPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}
