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
  const own = (request as { [LIMIT_BODY]?: (limit: number, tracker: BodyLimitTracker) => void })[LIMIT_BODY];
  if (typeof own === "function") {
    own.call(request, limit, tracker);
    return request;
  }
  // No limit (SAGEMAKER_MAX_PAYLOAD_IN_MB=0): the body streams through untouched.
  if (limit === Number.POSITIVE_INFINITY) return request;
  const body = request.body;
  if (body === null) return request;
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim())) {
    if (Number(declared) > limit) throw payloadTooLarge(limit);
    return request;
  }
  let seen = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          tracker.exceeded = true;
          controller.error(payloadTooLarge(limit));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted,
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}
