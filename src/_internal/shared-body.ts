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
 *
 * A wrapper whose handler reads the body only through this kit marks it (`readsBodyThroughKit`): such a
 * handler is handed the very request that was read, with no copy, and it takes over the request's body
 * limit, counting the bytes as it reads them instead of through a counting stream.
 */
import { countedRequest, payloadTooLarge } from "../body-limit.ts";
import type { BodyLimitTracker } from "../body-limit.ts";
import { HttpError } from "../http-error.ts";
import type { Handler } from "../types.ts";
import { decodeUtf8, parseJson } from "./json-body.ts";
import type { ParsedJson } from "./json-body.ts";
import { withBody, withBytes } from "./request.ts";

interface KnownBody {
  bytes: Uint8Array<ArrayBuffer>;
  /** The bytes decoded as strict UTF-8 once a reader asked; null when they are not UTF-8. */
  text?: string | null;
  /** The value a wrapper forwarded, handed to the next reader once (it may change it). */
  parsed?: ParsedJson;
}

interface PendingLimit {
  limit: number;
  tracker: BodyLimitTracker;
}

// Kept on the Request under symbols, not in WeakMaps: a weak-collection entry per request costs V8 far more
// (insertion, and ephemeron work at every GC) than a property on an object that dies young.
const KNOWN = Symbol("knownBody");
/** A body still to be counted against the limit, left to the kit because a kit reader got it. */
const PENDING_LIMIT = Symbol("pendingLimit");

type Tagged = Request & { [KNOWN]?: KnownBody; [PENDING_LIMIT]?: PendingLimit | undefined };

const kitReaders = new WeakSet<Handler>();

/** Marks `handler` as reading the body only through this kit (and passing requests on with `forward`). */
export function readsBodyThroughKit<H extends Handler>(handler: H): H {
  kitReaders.add(handler);
  return handler;
}

export function isKitReader(handler: Handler): boolean {
  return kitReaders.has(handler);
}

/** Leaves counting `request`'s body to the kit reader it goes to (see `needsCounting`). */
export function deferBodyLimit(request: Request, limit: number, tracker: BodyLimitTracker): void {
  (request as Tagged)[PENDING_LIMIT] = { limit, tracker };
}

/** The body's bytes: known from the wrapper that built `request`, else read from it (which uses its body up). */
export async function bodyBytes(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  const entry = (request as Tagged)[KNOWN];
  if (entry) return entry.bytes;
  const pending = (request as Tagged)[PENDING_LIMIT];
  // arrayBuffer() of a bodiless request is empty; `request.body` is not touched, as on Node it builds a stream.
  const bytes = pending ? await readCounted(request, pending) : new Uint8Array(await request.arrayBuffer());
  if (pending) (request as Tagged)[PENDING_LIMIT] = undefined;
  (request as Tagged)[KNOWN] = { bytes };
  return bytes;
}

async function readCounted(request: Request, { limit, tracker }: PendingLimit): Promise<Uint8Array<ArrayBuffer>> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      tracker.exceeded = true;
      void reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]!.byteOffset === 0 && chunks[0]!.byteLength === chunks[0]!.buffer.byteLength) {
    return chunks[0] as Uint8Array<ArrayBuffer>;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as text, decoded once per body; `undefined` when it is not UTF-8. */
export async function bodyText(request: Request): Promise<string | undefined> {
  const bytes = await bodyBytes(request);
  const entry = (request as Tagged)[KNOWN]!;
  if (entry.text === undefined) entry.text = decodeUtf8(bytes) ?? null;
  return entry.text ?? undefined;
}

/** The body as JSON, parsed once per body (depth-limited); `undefined` when it is not UTF-8. */
export async function bodyJson(request: Request): Promise<ParsedJson | undefined> {
  const known = (request as Tagged)[KNOWN];
  if (known?.parsed) {
    const parsed = known.parsed;
    known.parsed = undefined;
    return parsed;
  }
  const text = await bodyText(request);
  return text === undefined ? undefined : parseJson(text);
}

/** The body as JSON, or the reference's 400 `JSON decode error: ...`. */
export async function requireJson(request: Request): Promise<unknown> {
  const parsed = await bodyJson(request);
  if (parsed === undefined) throw new HttpError(400, "JSON decode error: request body is not valid UTF-8");
  if (!parsed.ok) throw new HttpError(400, `JSON decode error: ${parsed.message}`);
  return parsed.value;
}

/**
 * The request to pass on to `inner` with the same body: `request` itself while nobody read it or when
 * `inner` reads through the kit, else a copy carrying the bytes.
 */
export function forward(request: Request, inner: Handler): Request {
  if (kitReaders.has(inner)) return request;
  const entry = (request as Tagged)[KNOWN];
  if (entry === undefined) {
    const pending = (request as Tagged)[PENDING_LIMIT];
    if (pending === undefined) return request;
    (request as Tagged)[PENDING_LIMIT] = undefined;
    return countedRequest(request, pending.limit, pending.tracker);
  }
  if (!request.bodyUsed) return request;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const copy = withBytes(request, hasBody ? entry.bytes : null);
  (copy as Tagged)[KNOWN] = { bytes: entry.bytes };
  return copy;
}

const encoder = new TextEncoder();

/** The request to pass on with `value` as its JSON body (exact Content-Length); the next wrapper gets `value` unparsed. */
export function forwardJson(request: Request, value: unknown, contentType?: string): Request {
  const bytes = encoder.encode(JSON.stringify(value));
  const copy = withBody(request, bytes, contentType);
  (copy as Tagged)[KNOWN] = { bytes, parsed: { ok: true, value } };
  return copy;
}
