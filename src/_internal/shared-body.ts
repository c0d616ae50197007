/**
 * One read and one parse of a request body for every wrapper between the client and the handler
 * (session manager, adapter id injection, transforms, adapter and session registrations). A wrapper:
 *
 *   const parsed = await bodyJson(request);        // or bodyBytes(request)
 *   return inner(forwardJson(request, value));     // a changed JSON body, or
 *   return inner(forward(request));                // the same body
 *
 * The bytes a wrapper read, and the value it forwarded, travel with the Request it passes on, so the next
 * wrapper reads and parses nothing again, and no request is cloned (a tee of its stream) to be read. What
 * the handler receives is always a fresh Request whose body it can read any way it likes.
 */
import { HttpError } from "../http-error.ts";
import { decodeUtf8, parseJson } from "./json-body.ts";
import type { ParsedJson } from "./json-body.ts";
import { withBody } from "./request.ts";

interface KnownBody {
  bytes: Uint8Array<ArrayBuffer>;
  /** The value a wrapper forwarded, handed to the next reader once (it may change it). */
  parsed?: ParsedJson;
}

const known = new WeakMap<Request, KnownBody>();

/** The body's bytes: known from the wrapper that built `request`, else read from it (which uses its body up). */
export async function bodyBytes(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  const entry = known.get(request);
  if (entry) return entry.bytes;
  // arrayBuffer() of a bodiless request is empty; `request.body` is not touched, as on Node it builds a stream.
  const bytes = new Uint8Array(await request.arrayBuffer());
  known.set(request, { bytes });
  return bytes;
}

/** The body as JSON, parsed once per body (depth-limited); `undefined` when it is not UTF-8. */
export async function bodyJson(request: Request): Promise<ParsedJson | undefined> {
  const bytes = await bodyBytes(request);
  const entry = known.get(request)!;
  if (entry.parsed) {
    const parsed = entry.parsed;
    entry.parsed = undefined;
    return parsed;
  }
  const text = decodeUtf8(bytes);
  return text === undefined ? undefined : parseJson(text);
}

/** The body as JSON, or the reference's 400 `JSON decode error: ...`. */
export async function requireJson(request: Request): Promise<unknown> {
  const parsed = await bodyJson(request);
  if (parsed === undefined) throw new HttpError(400, "JSON decode error: request body is not valid UTF-8");
  if (!parsed.ok) throw new HttpError(400, `JSON decode error: ${parsed.message}`);
  return parsed.value;
}

/** The request to pass on with the same body: `request` itself while nobody read it, else a copy carrying the bytes. */
export function forward(request: Request): Request {
  const entry = known.get(request);
  if (entry === undefined || !request.bodyUsed) return request;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const copy = new Request(request.url, { method: request.method, headers: request.headers, body: hasBody ? entry.bytes : null, signal: request.signal });
  known.set(copy, { bytes: entry.bytes });
  return copy;
}

const encoder = new TextEncoder();

/** The request to pass on with `value` as its JSON body (exact Content-Length); the next wrapper gets `value` unparsed. */
export function forwardJson(request: Request, value: unknown, contentType?: string): Request {
  const bytes = encoder.encode(JSON.stringify(value));
  const copy = withBody(request, bytes, contentType);
  known.set(copy, { bytes, parsed: { ok: true, value } });
  return copy;
}
