import { LIMIT_BODY } from "./_internal/wire.ts";
import { HttpError } from "./http-error.ts";

/** Marks a request whose body went over the limit while a handler was reading it. */
export interface BodyLimitTracker {
  exceeded: boolean;
}

export function payloadTooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body is larger than the limit of ${limit} bytes`);
}

/**
 * Enforces `limit` before any handler reads the body: a declared `Content-Length` over the limit is
 * rejected at once; a body without one is counted as it streams and errors past the limit.
 */
export function limitRequestBody(request: Request, limit: number, tracker: BodyLimitTracker): Request {
  return needsCounting(request, limit, tracker) ? countedRequest(request, limit, tracker) : request;
}

/**
 * The checks that cost nothing: the runtime's own limit (the Node shim counts at the socket), no limit,
 * no body, a declared length (over the limit: thrown). True when the body must still be counted as read.
 */
export function needsCounting(request: Request, limit: number, tracker: BodyLimitTracker): boolean {
  const own = (request as { [LIMIT_BODY]?: (limit: number, tracker: BodyLimitTracker) => void })[LIMIT_BODY];
  if (typeof own === "function") {
    own.call(request, limit, tracker);
    return false;
  }
  // No limit (SAGEMAKER_MAX_PAYLOAD_IN_MB=0): the body streams through untouched.
  if (limit === Number.POSITIVE_INFINITY) return false;
  // A bodiless GET (every /ping) never touches `request.headers`, which Bun builds on first access
  // (about a tenth of a /ping's CPU there).
  const method = request.method;
  if ((method === "GET" || method === "HEAD") && request.body === null) return false;
  const declared = request.headers.get("content-length");
  if (declared !== null && isContentLength(declared)) {
    if (Number(declared) > limit) throw payloadTooLarge(limit);
    return false;
  }
  // Only now: on Bun and Deno, `request.body` turns the body into a stream, and json() then reads it
  // through that instead of straight from the runtime's buffer.
  return request.body !== null;
}

/** Digits only, as a Content-Length must be (header values arrive trimmed); shims check theirs with it too. */
export function isContentLength(value: string): boolean {
  if (value.length === 0) return false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 48 /* 0 */ || code > 57 /* 9 */) return false;
  }
  return true;
}

/**
 * A copy of `request` whose body errors once more than `limit` bytes have streamed through it. Pulled
 * chunk by chunk from the original (cheaper than a TransformStream, and nothing is read until asked).
 */
export function countedRequest(request: Request, limit: number, tracker: BodyLimitTracker): Request {
  const source = request.body!;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let seen = 0;
  const counted = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= source.getReader();
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        seen += value.byteLength;
        if (seen > limit) {
          tracker.exceeded = true;
          controller.error(payloadTooLarge(limit));
          void reader.cancel().catch(() => undefined);
          return;
        }
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader ? reader.cancel(reason) : source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted,
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}
