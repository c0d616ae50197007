import { parseJson } from "../_internal/json-body.ts";
import { bodyJson, readsBodyThroughKit } from "../_internal/shared-body.ts";
import type { JsonObject } from "../_internal/json-path.ts";
import { parseDotPath, setAtPath } from "../_internal/json-path.ts";
import { SageMakerConfigError } from "../errors.ts";
import { HttpError } from "../http-error.ts";
import { textAnswer, toResponse } from "../respond.ts";
import { defineWrappedHandler, prepareHandler } from "../wrapped-handler.ts";
import { compileExpression, evaluateExpression, TransformEvaluationError } from "../transforms/expression.ts";
import { compileShape } from "../transforms/shape.ts";
import type { Shape } from "../transforms/shape.ts";
import { evaluateRequestShape, forwardShaped, resolveEnvDefaults } from "../transforms/create-transform.ts";
import { buildRequestView, createView, headerView, toViewJson } from "../transforms/request-view.ts";
import type { Handler, HandlerContext } from "../types.ts";
import { expiryFrom, isValidSessionId as validId, newSessionHeaderValue } from "./ids.ts";
import { CLOSED_SESSION_ID_HEADER, NEW_SESSION_ID_HEADER, SESSION_ID_HEADER, echoId, sessionNotFound } from "./protocol.ts";
import { sessionRuntime } from "./session-runtime.ts";

/** A Standard Schema (valibot, zod, arktype ...) that validates the body sent to the engine. */
export interface SessionRequestSchema {
  readonly "~standard": {
    validate(value: unknown): StandardResult | Promise<StandardResult>;
  };
}
type StandardResult = { value: unknown; issues?: undefined } | { issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }> };

export interface CreateSessionHandlerOptions {
  /** JMESPath over the engine's answer `{ body, headers, status_code }`: `body`, `body.session_id`, `headers."x-session-id"`. */
  engineResponseSessionIdPath: string;
  /** `{ targetPath: jmespath }` over the client request `{ body, headers, query_params, path_params }`, on top of `SAGEMAKER_TRANSFORMS_CREATE_SESSION_DEFAULTS`. */
  requestShape?: Shape | null;
  /** Validates the engine body; a failure is 424 (as the reference's request model). */
  requestSchema?: SessionRequestSchema;
}

export interface CloseSessionHandlerOptions {
  /** Dot path in the engine body where the session id goes (`session_id`; a leading `body.` is accepted). */
  engineRequestSessionIdPath: string;
  requestShape?: Shape | null;
  requestSchema?: SessionRequestSchema;
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };

/**
 * Engine-native session create (SGLang's `/open_session` is the model case), mounted as
 * `config.createSession`; `statefulSessionManager` sends `{"requestType":"NEW_SESSION"}` here. The engine
 * receives the create defaults plus `requestShape` as its JSON body; the id is read from its 2xx answer.
 * MHCS `@register_create_session_handler`.
 */
export function registerCreateSessionHandler(options: CreateSessionHandlerOptions): (handler: Handler) => Handler {
  const where = "registerCreateSessionHandler";
  checkObject(options, where);
  const idPath = compileExpression(options.engineResponseSessionIdPath, `${where}.engineResponseSessionIdPath`);
  const shape = compileShape(options.requestShape ?? {}, `${where}.requestShape`);
  checkSchema(options.requestSchema, where);
  return (handler) => {
    checkHandler(handler, where);
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = resolveEnvDefaults(setup, "create_session", shape);
      const runtime = sessionRuntime(setup);
      return readsBodyThroughKit(async (request, context) => {
        const view = buildRequestView({ request, body: jsonValue(await bodyJson(request)), pathParams: context.params });
        const body = await validate(options.requestSchema, evaluateRequestShape(shape, view, defaults));
        const response = toResponse(await inner(forwardShaped(request, context, body, defaults), context));
        if (response.status < 200 || response.status > 299) return response; // engine errors pass through
        const id = await extractId(response, idPath);
        const expiresAt = new Date(expiryFrom(Date.now(), runtime.expirationSeconds));
        return textAnswer(`Successfully created session: ${id}`, {
          status: 200,
          headers: { ...TEXT, [NEW_SESSION_ID_HEADER]: newSessionHeaderValue(id, expiresAt) },
        });
      });
    });
  };
}

/**
 * Engine-native session close (SGLang's `/close_session`), mounted as `config.closeSession`;
 * `statefulSessionManager` sends `{"requestType":"CLOSE"}` here. The engine receives the close defaults,
 * `requestShape`, and the header's session id at `engineRequestSessionIdPath`.
 * MHCS `@register_close_session_handler`.
 */
export function registerCloseSessionHandler(options: CloseSessionHandlerOptions): (handler: Handler) => Handler {
  const where = "registerCloseSessionHandler";
  checkObject(options, where);
  const raw = options.engineRequestSessionIdPath;
  if (typeof raw !== "string" || raw === "") {
    throw new SageMakerConfigError(
      "engineRequestSessionIdPath is required for registerCloseSessionHandler. The engine needs to know which session to close.",
      { key: `${where}.engineRequestSessionIdPath` },
    );
  }
  let idPath: string[];
  try {
    idPath = parseDotPath(raw.startsWith("body.") ? raw.slice("body.".length) : raw);
  } catch (error) {
    throw new SageMakerConfigError(`Invalid ${where}.engineRequestSessionIdPath: ${(error as Error).message}`, { key: `${where}.engineRequestSessionIdPath` });
  }
  const shape = compileShape(options.requestShape ?? {}, `${where}.requestShape`);
  checkSchema(options.requestSchema, where);
  return (handler) => {
    checkHandler(handler, where);
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const defaults = resolveEnvDefaults(setup, "close_session", shape);
      return readsBodyThroughKit(async (request, context: HandlerContext) => {
        const id = request.headers.get(SESSION_ID_HEADER);
        if (id === null || id === "") throw new HttpError(400, "Session ID is required in request headers to close a session");
        if (!validId(id)) throw new HttpError(400, sessionNotFound(id));
        const view = buildRequestView({ request, body: jsonValue(await bodyJson(request)), pathParams: context.params });
        const shaped = evaluateRequestShape(shape, view, defaults);
        setAtPath(shaped, idPath, id);
        const body = await validate(options.requestSchema, shaped);
        const response = toResponse(await inner(forwardShaped(request, context, body, defaults), context));
        if (response.status < 200 || response.status > 299) return response;
        void response.body?.cancel().catch(() => undefined);
        return textAnswer(`Successfully closed session: ${id}`, { status: 200, headers: { ...TEXT, [CLOSED_SESSION_ID_HEADER]: id } });
      });
    });
  };
}

/** The id from the engine's 2xx answer; missing or not a SageMaker session id is the engine's fault: 502. */
async function extractId(response: Response, path: ReturnType<typeof compileExpression>): Promise<string> {
  const text = await response.text();
  const parsed = text.trim() === "" ? { ok: true as const, value: {} } : parseJson(text);
  const view = createView({ body: toViewJson(parsed.ok ? parsed.value : text), headers: headerView(response.headers), status_code: response.status });
  let id: unknown;
  try {
    id = evaluateExpression(path, view);
  } catch (error) {
    if (error instanceof TransformEvaluationError) id = undefined;
    else throw error;
  }
  if (id === null || id === undefined || id === "") throw new HttpError(502, "Session ID not found in engine response");
  if (!validId(id)) {
    throw new HttpError(502, `Engine returned a session id that is not a valid SageMaker session id: ${echoId(typeof id === "string" ? id : JSON.stringify(id))}`);
  }
  return id;
}

async function validate(schema: SessionRequestSchema | undefined, body: JsonObject): Promise<JsonObject> {
  if (!schema) return body;
  const result = await schema["~standard"].validate(body);
  if (result.issues) {
    const text = result.issues.map((issue) => (issue.path?.length ? `${issue.path.map(keyOf).join(".")}: ${issue.message}` : issue.message)).join("; ");
    throw new HttpError(424, `Engine request validation failed: ${text}`);
  }
  return result.value as JsonObject;
}

function keyOf(segment: unknown): string {
  return typeof segment === "object" && segment !== null && "key" in segment ? String((segment as { key: unknown }).key) : String(segment);
}

function checkObject(options: unknown, where: string): void {
  if (typeof options !== "object" || options === null) throw new SageMakerConfigError(`${where} expects an options object`, { key: where });
}

function checkSchema(schema: unknown, where: string): void {
  if (schema === undefined) return;
  const std = (schema as { "~standard"?: { validate?: unknown } } | null)?.["~standard"];
  if (typeof std?.validate !== "function") throw new SageMakerConfigError(`Invalid ${where}.requestSchema: expected a Standard Schema (valibot, zod, ...)`, { key: `${where}.requestSchema` });
}

function checkHandler(handler: unknown, where: string): void {
  if (typeof handler !== "function") throw new SageMakerConfigError(`${where}(...) must wrap a handler function, got ${typeof handler}`, { key: `${where}(...)` });
}

/** The parsed body for a shape's `body`, or undefined when it is not JSON. */
function jsonValue(parsed: Awaited<ReturnType<typeof bodyJson>>): unknown {
  return parsed?.ok ? parsed.value : undefined;
}
