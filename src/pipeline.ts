import { clientSignalOf } from "./_internal/client-signal.ts";
import { countedRequest, needsCounting, payloadTooLarge } from "./body-limit.ts";
import { deferBodyLimit, isKitReader } from "./_internal/shared-body.ts";
import type { BodyLimitTracker } from "./body-limit.ts";
import { HttpError, isHttpError } from "./http-error.ts";
import { describeError } from "./logging.ts";
import type { Logger } from "./logging.ts";
import { detailResponse, hasCompleteBody, internalError, isResponse, notFound, valueResponse } from "./respond.ts";
import { guardStreamBody } from "./stream-guard.ts";
import { matchRoute, pathnameOf, requestPathname } from "./routing.ts";
import type { RouteTable } from "./routing.ts";
import type { Env, ErrorFormatter, Fallback, HandlerContext, HandlerResult, Middleware, SessionInfo } from "./types.ts";

export interface PipelineOptions {
  routes: RouteTable;
  /** Outermost first: throttle, the engine's middlewares, pre/post. */
  middlewares: Middleware[];
  fallback: Fallback | undefined;
  maxRequestBytes: number;
  env: Env;
  logger: Logger;
  /** Log each request line at DEBUG; payloads and headers are never logged above DEBUG. */
  debug: boolean;
  errorFormatter: ErrorFormatter | undefined;
  shutdownSignal: AbortSignal;
}

/** Per-request state that must survive middlewares replacing the Request. */
class RequestState implements BodyLimitTracker {
  exceeded = false;
  /** The body must still be counted against the limit, by the route's handler or a counting copy. */
  uncounted = false;
  /** The 413 already rendered for this request, so the last step does not render (and format) it again. */
  tooLargeAnswer: Response | undefined;
  readonly #request: Request;
  readonly #shutdown: AbortSignal;
  #signal: AbortSignal | undefined;
  #client: AbortSignal | undefined;
  #failed: AbortController | undefined;

  constructor(request: Request, shutdown: AbortSignal) {
    // The original request, whose signal is the client's; Deno and Bun build `request.signal` on first
    // access, which costs more than the rest of a /ping, so it is read only when a handler asks.
    this.#request = request;
    this.#shutdown = shutdown;
  }

  /** The client went away; its request's body reads fail with "aborted", which is not a server fault. */
  get clientGone(): boolean {
    return (this.#client ??= clientSignalOf(this.#request)).aborted;
  }

  /** The client's signal joined with shutdown, built only when a handler asks for it. */
  signal(): AbortSignal {
    if (this.#signal) return this.#signal;
    this.#failed = new AbortController();
    return (this.#signal = anySignal([(this.#client ??= clientSignalOf(this.#request)), this.#shutdown, this.#failed.signal]));
  }

  /** The response body failed after the handler returned: the answer is lost, as if the client had left. */
  responseFailed(error: unknown): void {
    this.#failed?.abort(error);
  }
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  try {
    if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
    const controller = new AbortController();
    const aborted = signals.find((signal) => signal.aborted);
    if (aborted) controller.abort(aborted.reason);
    for (const signal of signals) signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    return controller.signal;
  } catch {
    // workerd: the shutdown signal, made during another request, cannot be followed from this one
    // ("Cannot perform I/O on behalf of a different request"); the others were made for this request.
    return signals.length > 2 ? anySignal([signals[0]!, ...signals.slice(2)]) : signals[0]!;
  }
}

class Context implements HandlerContext {
  params: Record<string, string>;
  env: Env;
  logger: Logger;
  session?: SessionInfo;
  transformed?: unknown;
  readonly #state: RequestState;

  constructor(params: Record<string, string>, env: Env, logger: Logger, state: RequestState) {
    this.params = params;
    this.env = env;
    this.logger = logger;
    this.#state = state;
  }

  get signal(): AbortSignal {
    return this.#state.signal();
  }
}

/** Builds `request -> Response` for one handler instance: body limit, middlewares, routes, errors. */
export function createPipeline(options: PipelineOptions): (request: Request) => Answer {
  const { routes, middlewares, fallback, maxRequestBytes, env, logger, debug, errorFormatter, shutdownSignal } = options;

  const renderError = (error: unknown, request: Request, state: RequestState): Promise<Response> => {
    const rendered = formatError(error, request, state);
    // Kept, so that the last step's limit check knows this 413 and does not render it again.
    return state.exceeded ? rendered.then((response) => (state.tooLargeAnswer = response)) : rendered;
  };

  const formatError = async (error: unknown, request: Request, state: RequestState): Promise<Response> => {
    let httpError: HttpError;
    if (state.exceeded) httpError = payloadTooLarge(maxRequestBytes);
    else if (isHttpError(error)) httpError = error;
    else if (state.clientGone) {
      // Nobody reads this answer; an ERROR line per dropped or timed-out client would let clients flood the log.
      logger.warn(`Client disconnected during ${request.method} ${pathnameOf(request.url)}: ${describeError(error)}`);
      httpError = internalError();
    } else {
      logger.error(`Unhandled error in ${request.method} ${pathnameOf(request.url)}: ${describeError(error)}`);
      if (error instanceof Error && error.stack) logger.debug(error.stack);
      httpError = internalError();
    }
    if (errorFormatter) {
      try {
        const formatted = await errorFormatter(httpError, request);
        if (isResponse(formatted)) return withErrorHeaders(formatted, httpError);
        logger.error("errorFormatter did not return a Response; using the default error body");
      } catch (formatterError) {
        logger.error(`errorFormatter threw: ${describeError(formatterError)}`);
      }
    }
    return detailResponse(httpError);
  };

  /**
   * Routes `request`. With `outermost` (no middlewares: the route is the whole pipeline) the answer also
   * takes its last step here, in the same turn as the handler's, so an async handler costs one promise.
   */
  const route = (request: Request, state: RequestState, outermost: Request | undefined): Answer => {
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      const match = matchRoute(routes, request.method, requestPathname(request));
      if (state.uncounted) {
        // A handler that reads through the shared-body kit counts as it reads; anything else gets a counting copy.
        if (match.kind === "handler" && isKitReader(match.handler)) deferBodyLimit(request, maxRequestBytes, state);
        else request = countedRequest(request, maxRequestBytes, state);
      }
      if (match.kind === "fallback") return lastStepIf(outermost, routeFallback(request, state), state);
      if (match.kind === "method-not-allowed") {
        throw new HttpError(405, "Method Not Allowed", { headers: { allow: match.allow } });
      }
      result = match.handler(request, new Context(match.params, env, logger, state));
    } catch (error) {
      return lastStepIf(outermost, renderError(error, request, state), state);
    }
    // A handler that answers at once is answered at once: no promise per layer (most /ping handlers).
    if (!isThenable(result)) return lastStepIf(outermost, settle(result, request, state), state);
    return Promise.resolve(result).then(
      (value) => lastStepIf(outermost, settle(value, request, state), state),
      (error: unknown) => lastStepIf(outermost, renderError(error, request, state), state),
    );
  };

  const lastStepIf = (outermost: Request | undefined, answer: Answer, state: RequestState): Answer =>
    outermost === undefined ? answer : lastStep(answer, outermost, state);

  const settle = (result: HandlerResult, request: Request, state: RequestState): Answer => {
    try {
      // Bodies the library builds from strings and values cannot fail; a handler's own Response can.
      if (!isResponse(result)) return valueResponse(result);
      if (hasCompleteBody(result)) return result;
      return watchBody(result, request, state).catch((error: unknown) => renderError(error, request, state));
    } catch (error) {
      return renderError(error, request, state);
    }
  };

  const routeFallback = async (request: Request, state: RequestState): Promise<Response> => {
    try {
      if (!fallback) throw notFound();
      const response = await fallback(request);
      if (!isResponse(response)) throw new TypeError("fallback must return a Response");
      return await watchBody(response, request, state);
    } catch (error) {
      return renderError(error, request, state);
    }
  };

  const watchBody = (response: Response, request: Request, state: RequestState): Promise<Response> =>
    guardStreamBody(response, (error) => {
      logger.error(`Response body failed while streaming ${request.method} ${pathnameOf(request.url)}; the connection is cut: ${describeError(error)}`);
      state.responseFailed(error);
    });

  const dispatch = (index: number, request: Request, state: RequestState): Answer => {
    const middleware = middlewares[index];
    if (!middleware) return route(request, state, undefined);
    return Promise.resolve(middleware(request, (next) => Promise.resolve(dispatch(index + 1, next, state)))).then((response) => {
      if (!isResponse(response)) throw new TypeError("middleware must return a Response");
      return response;
    });
  };

  const answer = (request: Request): Answer => {
    const state = new RequestState(request, shutdownSignal);
    let response: Answer;
    try {
      if (debug) logger.debug(`Request: ${request.method} ${request.url} content-type=${request.headers.get("content-type") ?? "-"} content-length=${request.headers.get("content-length") ?? "-"}`);
      let first = request;
      if (needsCounting(request, maxRequestBytes, state)) {
        // Middlewares may read the body themselves; without any, the route decides how it is counted.
        if (middlewares.length > 0) first = countedRequest(request, maxRequestBytes, state);
        else state.uncounted = true;
      }
      if (middlewares.length === 0) return route(first, state, request);
      response = dispatch(0, first, state);
    } catch (error) {
      return renderedLast(error, request, state);
    }
    return lastStep(response, request, state);
  };

  /** What every answer goes through last, whatever made it; the Answer it returns never rejects. */
  const lastStep = (answer: Answer, request: Request, state: RequestState): Answer => {
    if (!isThenable(answer)) return lastStepOf(answer, request, state);
    return answer.then(
      (value) => lastStepOf(value, request, state),
      (error: unknown) => renderedLast(error, request, state),
    );
  };

  const lastStepOf = (response: Response, request: Request, state: RequestState): Answer => {
    try {
      // A handler that swallowed the read error of an oversized chunked body still gets a 413.
      if (state.exceeded && response !== state.tooLargeAnswer) {
        void response.body?.cancel().catch(() => undefined);
        return renderedLast(payloadTooLarge(maxRequestBytes), request, state);
      }
    } catch (error) {
      return lastResort(error, logger, asksHead(request));
    }
    return finished(response, request);
  };

  /** An error answered as the last step; should rendering it fail too (a throwing logger), the last resort answers. */
  const renderedLast = (error: unknown, request: Request, state: RequestState): Promise<Response> =>
    renderError(error, request, state).then(
      (value) => finished(value, request),
      (renderFailure: unknown) => lastResort(renderFailure, logger, asksHead(request)),
    );

  // A HEAD answer has no body, whichever path made it: the route, an error (405, 404, a throw), a middleware.
  const finished = (response: Response, request: Request): Response => {
    try {
      return headless(response, request.method === "HEAD");
    } catch (error) {
      return lastResort(error, logger, asksHead(request));
    }
  };

  return answer;
}

/** `response` without its body when it answers a HEAD. */
export function headless(response: Response, head: boolean): Response {
  return head && response.body !== null ? withoutBody(response) : response;
}

/** Whether the last resort may send a body; the request itself may be what failed (not a Request at all). */
export function asksHead(request: Request): boolean {
  try {
    return (request as Request | null | undefined)?.method === "HEAD";
  } catch {
    return false;
  }
}

/** The answer when even the error path failed: a fixed 500, and a log line if the logger still works. */
export function lastResort(error: unknown, logger: Logger, head = false): Response {
  try {
    logger.error(`Request failed beyond its error handling: ${describeError(error)}`);
  } catch {
    // a throwing logger must not turn into a rejection either
  }
  return new Response(head ? null : '{"detail":"Internal Server Error"}', { status: 500, headers: { "content-type": "application/json" } });
}

/** A Response now, or one to come: the pipeline answers synchronously whenever the handler did. */
export type Answer = Response | Promise<Response>;

export function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

function withoutBody(response: Response): Response {
  void response.body?.cancel().catch(() => undefined);
  return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** An error's own headers (`Allow` on a 405) survive a custom formatter. */
function withErrorHeaders(response: Response, error: HttpError): Response {
  if (!error.headers) return response;
  const headers = new Headers(error.headers);
  let missing = false;
  headers.forEach((_value, name) => {
    if (!response.headers.has(name)) missing = true;
  });
  if (!missing) return response;
  const merged = new Headers(response.headers);
  headers.forEach((value, name) => {
    if (!merged.has(name)) merged.set(name, value);
  });
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}
