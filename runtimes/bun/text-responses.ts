import type { JsonResponseFactory, TextResponseFactory } from "../../src/internal.ts";
import { useTextResponses } from "../../src/internal.ts";

// Bun copies a Headers init natively in about half the time it reads a plain record (0.54 against
// 0.84 µs a Response). The library's records are frozen constants, so each becomes Headers once;
// the Response still gets its own copy, so nothing a handler sets reaches the shared one.
const prebuilt = new WeakMap<object, Headers>();

function headersInit(headers: Readonly<Record<string, string>> | Headers): Readonly<Record<string, string>> | Headers {
  if (headers instanceof Headers || !Object.isFrozen(headers)) return headers;
  let built = prebuilt.get(headers);
  if (!built) prebuilt.set(headers, (built = new Headers(headers)));
  return built;
}

const bunTextResponse: TextResponseFactory = (body, status, headers) => new Response(body, { status, headers: headersInit(headers) });
// Bun serialises straight into the body: about 3% of a 1 KB echo's CPU less than stringify, then a Response.
const bunJsonResponse: JsonResponseFactory = (value, status, headers) => Response.json(value, { status, headers: headersInit(headers) });

/** The library's string and JSON answers, built with prebuilt Headers and Bun's own JSON (set when a Bun server starts). */
export function installBunTextResponses(): void {
  useTextResponses(bunTextResponse, bunJsonResponse);
}
