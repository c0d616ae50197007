import { HttpError } from "./http-error.ts";
import type { HandlerResult, HeadersLike, JsonValue } from "./types.ts";

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": JSON_TYPE });
const TEXT_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": TEXT_TYPE });

/**
 * The string bodies of Responses the library built itself, so a shim can send them in one write
 * with a Content-Length instead of pumping a ReadableStream (see bench/README.md).
 */
const stringBodies = new WeakMap<Response, string>();

/** The body of a library-built Response that nobody has read yet, else undefined. */
export function unreadStringBody(response: Response): string | undefined {
  const body = stringBodies.get(response);
  return body === undefined || response.bodyUsed ? undefined : body;
}

function textResponse(body: string, init: ResponseInit): Response {
  const response = new Response(body, init);
  stringBodies.set(response, body);
  return response;
}

/** Handler return value -> Response, per the API's conversion table. */
export function toResponse(result: HandlerResult): Response {
  if (result === undefined) return new Response(null, { status: 200 });
  if (typeof result === "string") return textResponse(result, { headers: TEXT_HEADERS });
  if (isResponse(result)) return result;
  return jsonResponse(result as JsonValue);
}

export function jsonResponse(value: JsonValue, status = 200, headers?: HeadersLike): Response {
  const body = JSON.stringify(value);
  if (body === undefined) throw new TypeError("handler returned a value JSON cannot represent");
  // Headers in the init, not set afterwards: touching `response.headers` allocates them on Deno and Bun.
  if (headers === undefined) return textResponse(body, { status, headers: JSON_HEADERS });
  const merged = new Headers(headers);
  merged.set("content-type", JSON_TYPE);
  return textResponse(body, { status, headers: merged });
}

/** `{"detail": ...}` with the error's status and headers. */
export function detailResponse(error: HttpError): Response {
  return jsonResponse({ detail: error.detail }, error.status, error.headers);
}

/** Duck-typed so Responses from another realm (a test runner, miniflare) count too. */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Response).status === "number" &&
    typeof (value as Response).headers === "object" &&
    typeof (value as Response).arrayBuffer === "function"
  );
}

export function notFound(): HttpError {
  return new HttpError(404, "Not Found");
}

export function internalError(): HttpError {
  return new HttpError(500, "Internal Server Error");
}
