/**
 * The two things a shim's own request class (the Node facade) can offer the core, under shared symbols so
 * that copies of this library agree: enforce the body limit itself (instead of the core wrapping the body
 * in a counting stream and building a new Request), and hand out the native Request it stands for.
 */
export const LIMIT_BODY = Symbol.for("model-hosting-container-standards.limitBody");
export const TO_NATIVE_REQUEST = Symbol.for("model-hosting-container-standards.toNativeRequest");
/** The request target's path, read without building `request.url` (the Node facade builds it on first use). */
export const PATHNAME = Symbol.for("model-hosting-container-standards.pathname");

/**
 * A handler's `fetch` that may answer synchronously (a Response, or a Promise of one): a shim that can
 * write a Response in the same turn skips a promise per layer for handlers that answer at once.
 */
export const ANSWER_NOW = Symbol.for("model-hosting-container-standards.answerNow");

type AnswerNow = (request: Request) => Response | Promise<Response>;

/** The synchronous-capable `fetch` of `handler`, else its plain `fetch`. */
export function answererOf(handler: { fetch(request: Request): Promise<Response> }): AnswerNow {
  const now = (handler as { [ANSWER_NOW]?: AnswerNow })[ANSWER_NOW];
  return typeof now === "function" ? now : (request) => handler.fetch(request);
}
