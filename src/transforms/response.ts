import { HttpError } from "../http-error.ts";
import { textAnswer } from "../respond.ts";
import { parseJson } from "../_internal/json-body.ts";
import { TransformEvaluationError } from "./expression.ts";
import { evaluateShape } from "./shape.ts";
import type { CompiledShape } from "./shape.ts";
import { createView, headerView, toViewJson } from "./request-view.ts";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** `application/json` or `application/<something>+json`; SSE, NDJSON and text are not. */
export function isJsonResponse(response: Response): boolean {
  return JSON_TYPE.test(response.headers.get("content-type") ?? "");
}

/**
 * Applies a response shape to a 2xx JSON response, over the view `{ body, headers, status_code }`.
 * Any other response (error statuses, streams, text, a body that is not valid JSON) is returned as is.
 */
export async function shapeResponse(response: Response, shape: CompiledShape): Promise<Response> {
  if (response.status < 200 || response.status > 299 || response.body === null || !isJsonResponse(response)) return response;
  const text = await response.text();
  const parsed = parseJson(text);
  const init = { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) };
  init.headers.delete("content-length");
  if (!parsed.ok) return textAnswer(text, init);
  const view = createView({ body: toViewJson(parsed.value), headers: headerView(response.headers), status_code: response.status });
  let shaped;
  try {
    shaped = evaluateShape(shape, view);
  } catch (error) {
    // The engine's answer did not fit the configured shape: a server-side problem, not the client's.
    if (error instanceof TransformEvaluationError) throw new HttpError(500, `Could not apply ${error.message}`, { cause: error });
    throw error;
  }
  return textAnswer(JSON.stringify(shaped), init);
}
