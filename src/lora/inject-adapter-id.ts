import { SageMakerConfigError } from "../errors.ts";
import { HttpError } from "../http-error.ts";
import { getAtPath, isJsonObject, parseDotPath, setAtPath } from "../_internal/json-path.ts";
import type { JsonObject } from "../_internal/json-path.ts";
import { forward, forwardJson, readsBodyThroughKit, requireJson } from "../_internal/shared-body.ts";
import { defineWrappedHandler, prepareHandler } from "../wrapped-handler.ts";
import type { Handler } from "../types.ts";
import { adapterIdentifier, adapterIdentifierProblem } from "./adapter-name.ts";
import { ADAPTER_IDENTIFIER_HEADER } from "./constants.ts";

export interface InjectAdapterIdOptions {
  /** Join the existing value, `separator` and the id (`base:adapter`) instead of replacing it. */
  append?: boolean;
  /** Required with `append`, e.g. `":"` for SGLang's `model="base:adapter"`; may be `""`. */
  separator?: string;
}

const OPTION_KEYS = new Set(["append", "separator"]);

/**
 * Copies the `X-Amzn-SageMaker-Adapter-Identifier` header into the JSON body at `path` (a dot path;
 * missing parents are created), MHCS `@inject_adapter_id`. Without the header (or with an empty one)
 * the request reaches the handler untouched and its body is not read. With the header, a body that is
 * not JSON is a 400 `JSON decode error: ...`, and JSON that is not an object a 400.
 * @throws SageMakerConfigError with MHCS's messages (`adapter_path cannot be empty`, ...) for bad arguments.
 */
export function injectAdapterId(path: string, options: InjectAdapterIdOptions = {}): (handler: Handler) => Handler {
  const { segments, append, separator } = checkArguments(path, options);
  return (handler) => {
    if (typeof handler !== "function") throw new SageMakerConfigError(`injectAdapterId(...) must wrap a handler function, got ${typeof handler}`, { key: "injectAdapterId(...)" });
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      return readsBodyThroughKit(async (request, context) => {
        const id = adapterIdentifier(request.headers);
        if (id === undefined) return inner(forward(request, inner), context);
        const problem = adapterIdentifierProblem(id);
        if (problem) throw new HttpError(400, `Invalid ${ADAPTER_IDENTIFIER_HEADER} header: the value ${problem}`);
        const body = await requireJson(request);
        if (!isJsonObject(body)) {
          throw new HttpError(400, `The request body must be a JSON object to inject the adapter id, got ${jsonKind(body)}`);
        }
        const value = append ? appended(body, segments, separator, id) : id;
        if (!setAtPath(body, segments, value)) throw notAnObject(body, segments);
        return inner(forwardJson(request, body), context);
      });
    });
  };
}

function checkArguments(path: unknown, options: unknown): { segments: string[]; append: boolean; separator: string } {
  // The first four messages are MHCS's own, in its order.
  if (!path) throw new SageMakerConfigError("injectAdapterId: adapter_path cannot be empty", { key: "injectAdapterId.adapter_path" });
  if (typeof path !== "string") throw new SageMakerConfigError("injectAdapterId: adapter_path must be a string", { key: "injectAdapterId.adapter_path" });
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError("injectAdapterId: options must be an object", { key: "injectAdapterId.options" });
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new SageMakerConfigError(`injectAdapterId: unknown option '${key}'`, { key: `injectAdapterId.${key}` });
  }
  const { append, separator } = options as InjectAdapterIdOptions;
  if (append && (separator === undefined || separator === null)) {
    throw new SageMakerConfigError("injectAdapterId: separator must be provided when append=True", { key: "injectAdapterId.separator" });
  }
  if (separator && !append) {
    throw new SageMakerConfigError(`injectAdapterId: separator is specified ${String(separator)} but append=False`, { key: "injectAdapterId.separator" });
  }
  if (append && typeof separator !== "string") throw new SageMakerConfigError("injectAdapterId: separator must be a string", { key: "injectAdapterId.separator" });
  try {
    return { segments: parseDotPath(path), append: Boolean(append), separator: separator ?? "" };
  } catch (error) {
    throw new SageMakerConfigError(`injectAdapterId: adapter_path ${(error as Error).message.replace(/^path /, "")}`, { key: "injectAdapterId.adapter_path" });
  }
}

/** MHCS append: the id alone when nothing is there, else `existing + separator + id`. */
function appended(body: JsonObject, segments: readonly string[], separator: string, id: string): string {
  const existing = getAtPath(body, segments);
  if (existing === undefined || existing === null) return id;
  if (typeof existing === "object") {
    throw new HttpError(400, `Cannot append the adapter id to '${segments.join(".")}': it holds ${jsonKind(existing)}, not a string`);
  }
  return `${String(existing)}${separator}${id}`;
}

function notAnObject(body: JsonObject, segments: readonly string[]): HttpError {
  let end = 1;
  while (end < segments.length && isJsonObject(getAtPath(body, segments.slice(0, end)))) end++;
  const parent = segments.slice(0, end).join(".");
  return new HttpError(400, `Cannot inject the adapter id at '${segments.join(".")}': '${parent}' is not a JSON object`);
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
