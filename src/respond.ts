import { HttpError } from "./http-error.ts";
import type { HandlerResult, HeadersLike, JsonValue } from "./types.ts";

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": JSON_TYPE });
const TEXT_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": TEXT_TYPE });

/** How the library builds the Responses of the strings and JSON it answers with. */
export type TextResponseFactory = (body: string, status: number, headers: Readonly<Record<string, string>> | Headers) => Response;

/** How a shim builds a JSON answer of an object or array natively, without the JSON text as a string first. */
export type JsonResponseFactory = (value: object, status: number, headers: Readonly<Record<string, string>> | Headers) => Response;

const nativeTextResponse: TextResponseFactory = (body, status, headers) => new Response(body, { status, headers });
let makeTextResponse: TextResponseFactory = nativeTextResponse;
let makeJsonResponse: JsonResponseFactory | undefined;

/**
 * Lets a shim answer with a lighter Response class that it can write without a web stream (the Node
 * shim, when its first listener is created), or build JSON answers natively (Bun's `Response.json`
 * serialises straight into the body). Either must behave as a native Response in every way.
 */
export function useTextResponses(factory: TextResponseFactory, json?: JsonResponseFactory): void {
  makeTextResponse = factory;
  makeJsonResponse = json;
}

/**
 * Marks the Responses built here from a string: their bodies cannot fail, so the pipeline hands them on
 * unwatched. A symbol-keyed property, not a WeakSet: an entry per request in a weak collection costs V8
 * far more (insertion and ephemeron work at every GC) than one property on an object that dies young.
 */
const COMPLETE = Symbol("completeBody");

type Marked = Response & { [COMPLETE]?: true };

function textResponse(body: string, status: number, headers: Readonly<Record<string, string>> | Headers): Response {
  return makeTextResponse(body, status, headers);
}

/** A Response with a string (or no) body, for the library's own answers: the shim's lighter class where it has one. */
export function textAnswer(body: string | null, init: { status: number; statusText?: string; headers: Readonly<Record<string, string>> | Headers }): Response {
  const response: Marked = body !== null && !init.statusText ? textResponse(body, init.status, init.headers) : new Response(body, init);
  response[COMPLETE] = true;
  return response;
}

/** Built by this library from a string: nothing to watch while it is sent. */
export function hasCompleteBody(response: Response): boolean {
  return (response as Marked)[COMPLETE] === true;
}

/** Handler return value -> Response, per the API's conversion table. */
export function toResponse(result: HandlerResult): Response {
  return isResponse(result) ? result : valueResponse(result);
}

/** A handler's return value that is not a Response -> its Response. */
export function valueResponse(result: Exclude<HandlerResult, Response>): Response {
  if (result === undefined) return new Response(null, { status: 200 });
  if (typeof result === "string") return textResponse(result, 200, TEXT_HEADERS);
  return jsonResponse(result as JsonValue);
}

export function jsonResponse(value: JsonValue, status = 200, headers?: HeadersLike): Response {
  // Headers in the init, not set afterwards: touching `response.headers` allocates them on Deno and Bun.
  let init: Readonly<Record<string, string>> | Headers = JSON_HEADERS;
  if (headers !== undefined) {
    init = new Headers(headers);
    init.set("content-type", JSON_TYPE);
  }
  // Only objects and arrays go to the native path: a toJSON() may yield nothing, which stays the TypeError below.
  if (makeJsonResponse !== undefined && typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== "function") {
    return makeJsonResponse(value, status, init);
  }
  const body = JSON.stringify(value);
  if (body === undefined) throw new TypeError("handler returned a value JSON cannot represent");
  return textResponse(body, status, init);
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
