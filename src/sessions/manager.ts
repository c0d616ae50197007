import { textAnswer } from "../respond.ts";
import { isJsonObject, parseDotPath, setAtPath } from "../_internal/json-path.ts";
import { bodyText, forward, forwardJson, readsBodyThroughKit } from "../_internal/shared-body.ts";
import { SageMakerConfigError } from "../errors.ts";
import { HttpError } from "../http-error.ts";
import { describeError } from "../logging.ts";
import type { Logger } from "../logging.ts";
import { defineWrappedHandler, prepareHandler } from "../wrapped-handler.ts";
import type { Handler } from "../types.ts";
import { isValidSessionId, newSessionHeaderValue } from "./ids.ts";
import {
  CLOSED_SESSION_ID_HEADER,
  NEW_SESSION,
  NEW_SESSION_ID_HEADER,
  SESSIONS_DISABLED,
  SESSIONS_DISABLED_HEADER,
  SESSION_ID_HEADER,
  checkSessionRequest,
  echoId,
  isSessionRequestBody,
  mayHoldRequestType,
  parseBody,
  sessionNotFound,
} from "./protocol.ts";
import type { ParsedBody } from "./protocol.ts";
import { createSessionInfo } from "./session-data.ts";
import { sessionRuntime } from "./session-runtime.ts";
import type { SessionRuntime } from "./session-runtime.ts";
import type { SessionLookup, SessionStore } from "./store.ts";

export interface StatefulSessionOptions {
  /**
   * Where to write the session id in the JSON body of regular requests that carry one, as a dot path
   * rooted at the body (`session_id`, `metadata.session_id`; missing parents are created).
   */
  engineRequestSessionIdPath?: string;
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };

const PATH_KEY = "statefulSessionManager.engineRequestSessionIdPath";

/**
 * The SageMaker sticky-session protocol on the wrapped (invocations) handler: `{"requestType":"NEW_SESSION"}`
 * and `{"requestType":"CLOSE"}` are answered here, regular requests carrying `X-Amzn-SageMaker-Session-Id`
 * are checked against the store and reach the handler with `context.session` set (and the id written into
 * the body when `engineRequestSessionIdPath` is given). With engine-native handlers configured
 * (`config.createSession` / `config.closeSession`) the engine creates and closes sessions instead.
 * MHCS `@stateful_session_manager`.
 */
export function statefulSessionManager(options: StatefulSessionOptions = {}): (handler: Handler) => Handler {
  if (typeof options !== "object" || options === null) {
    throw new SageMakerConfigError("statefulSessionManager(options): options must be an object", { key: "statefulSessionManager" });
  }
  const path = options.engineRequestSessionIdPath;
  let segments: string[] | undefined;
  if (path !== undefined) {
    if (typeof path !== "string") {
      throw new SageMakerConfigError("statefulSessionManager: engineRequestSessionIdPath must be a string", { key: PATH_KEY });
    }
    try {
      segments = parseDotPath(path);
    } catch (error) {
      throw new SageMakerConfigError(`statefulSessionManager: invalid engineRequestSessionIdPath: ${(error as Error).message}`, { key: PATH_KEY });
    }
  }
  const injection = path !== undefined && segments ? { path, segments } : undefined;
  return (handler) => {
    if (typeof handler !== "function") {
      throw new SageMakerConfigError("statefulSessionManager(...)(handler): handler must be a function", { key: "statefulSessionManager(...)" });
    }
    return defineWrappedHandler(async (setup) => {
      const inner = await prepareHandler(handler, setup);
      const runtime = sessionRuntime(setup);
      const { create, close } = setup.engineSessions;
      const engine = create && close ? { create, close } : undefined;
      return createSessionHandler({ inner, runtime, engine, injection, logger: setup.logger });
    });
  };
}

interface ManagerParts {
  inner: Handler;
  runtime: SessionRuntime;
  engine: { create: Handler; close: Handler } | undefined;
  injection: { path: string; segments: string[] } | undefined;
  logger: Logger;
}

function createSessionHandler({ inner, runtime, engine, injection, logger }: ManagerParts): Handler {
  const store = new GuardedStore(runtime, logger);

  const newSession = async (header: string | null): Promise<Response> => {
    // The reference checks the header on NEW_SESSION too: a known id (active or expired) is fine, an unknown one is 400.
    if (header !== null && header !== "" && header !== NEW_SESSION) {
      const found = await store.lookup(header, "create");
      if (found.state === "unknown") throw new HttpError(400, sessionNotFound(header));
      if (found.state === "expired") await store.purge(header);
    }
    const session = await store.create(runtime.expirationSeconds);
    logger.debug(`Created session ${session.id}`);
    return textAnswer(`Session ${session.id} created`, {
      status: 200,
      headers: { ...TEXT, [NEW_SESSION_ID_HEADER]: newSessionHeaderValue(session.id, session.expiresAt) },
    });
  };

  const closeSession = async (header: string | null): Promise<Response> => {
    // Texts and 424s kept from the reference (its SessionManager.close_session errors).
    if (header === null) throw new HttpError(424, "Failed to close session: invalid session_id: None");
    if (header === "") throw new HttpError(424, "Failed to close session: invalid session_id: ");
    if (header === NEW_SESSION) throw new HttpError(424, `Failed to close session: session not found: ${NEW_SESSION}`);
    const found = await store.lookup(header, "close");
    if (found.state === "expired") await store.purge(header);
    // An expired id is gone, as an unknown one is: 400, not the Python reference's 424.
    if (found.state !== "active" || !(await store.delete(header))) throw new HttpError(400, sessionNotFound(header));
    logger.debug(`Closed session ${header}`);
    return textAnswer(`Session ${header} closed`, { status: 200, headers: { ...TEXT, [CLOSED_SESSION_ID_HEADER]: header } });
  };

  return readsBodyThroughKit(async (request, context) => {
    const header = request.headers.get(SESSION_ID_HEADER);
    const text = await bodyText(request);
    let parsed: ParsedBody | undefined;
    // Only a body that may spell `requestType` is parsed here; CSV, images and plain JSON without it are not.
    if (text !== undefined && mayHoldRequestType(text)) {
      parsed = parseBody(text);
      if (parsed.kind === "json" && isSessionRequestBody(parsed.value)) {
        const check = checkSessionRequest(parsed.value);
        if (!check.ok) throw new HttpError(400, check.detail);
        if (engine) return check.type === "NEW_SESSION" ? engine.create(forward(request, engine.create), context) : engine.close(forward(request, engine.close), context);
        if (!runtime.enabled) throw new HttpError(400, SESSIONS_DISABLED);
        return check.type === "NEW_SESSION" ? newSession(header) : closeSession(header);
      }
    }
    // No header (or an empty one): not a session request at all, so the request is not even looked at.
    if (header === null || header === "") return inner(forward(request, inner), context);
    if (!engine) {
      if (!runtime.enabled) throw new HttpError(400, SESSIONS_DISABLED_HEADER);
      // `NEW_SESSION` on a regular request passes, as in the reference (SageMaker only sends it with a create).
      if (header !== NEW_SESSION) {
        const found = await store.lookup(header, "use");
        if (found.state !== "active") {
          // Fix (W11): an expired id is rejected on first use; the reference let that one request through.
          if (found.state === "expired") await store.purge(header);
          throw new HttpError(400, sessionNotFound(header));
        }
        context.session = createSessionInfo({ id: header, expiresAt: found.expiresAt, store: runtime.store, maxValueBytes: runtime.maxValueBytes, logger });
      }
    }
    if (!injection) return inner(forward(request, inner), context);
    return inner(inject(request, parsed ?? parseBody(text), header, injection), context);
  });
}

function inject(request: Request, parsed: ParsedBody, id: string, injection: { path: string; segments: string[] }): Request {
  if (parsed.kind === "invalid-utf8") throw new HttpError(400, "JSON decode error: request body is not valid UTF-8");
  if (parsed.kind === "invalid-json") throw new HttpError(400, `JSON decode error: ${parsed.message}`);
  const body = parsed.value;
  if (!isJsonObject(body)) {
    throw new HttpError(400, `Cannot inject the session id at '${injection.path}': the JSON body is not an object`);
  }
  if (!setAtPath(body, injection.segments, id)) {
    throw new HttpError(400, `Cannot inject the session id at '${injection.path}': a parent of that field is not an object`);
  }
  return forwardJson(request, body);
}

type Operation = "create" | "use" | "close";

/** The store behind the manager's error rules: failures become a logged 424/503, never a 500 or a crash. */
class GuardedStore {
  readonly #runtime: SessionRuntime;
  readonly #logger: Logger;

  constructor(runtime: SessionRuntime, logger: Logger) {
    this.#runtime = runtime;
    this.#logger = logger;
  }

  #store(operation: Operation): SessionStore {
    try {
      return this.#runtime.store();
    } catch (error) {
      throw this.#failure(operation, error);
    }
  }

  async lookup(id: string, operation: Operation): Promise<SessionLookup> {
    if (!isValidSessionId(id)) return { state: "unknown" };
    try {
      return await this.#store(operation).lookup(id);
    } catch (error) {
      throw this.#failure(operation, error);
    }
  }

  async create(ttlSeconds: number): Promise<{ id: string; expiresAt: Date }> {
    try {
      return await this.#store("create").create({ ttlSeconds });
    } catch (error) {
      throw this.#failure("create", error);
    }
  }

  async delete(id: string): Promise<boolean> {
    try {
      return await this.#store("close").delete(id);
    } catch (error) {
      throw this.#failure("close", error);
    }
  }

  /** Removes an expired session; a failure is logged only (the sweeper will retry). */
  async purge(id: string): Promise<void> {
    try {
      await this.#runtime.store().delete(id);
    } catch (error) {
      this.#logger.warn(`Could not remove expired session ${echoId(id)}: ${describeError(error)}`);
    }
  }

  #failure(operation: Operation, error: unknown): HttpError {
    if (error instanceof HttpError) return error;
    this.#logger.error(`Session store failed to ${operation === "use" ? "look up a" : operation} session: ${describeError(error)}`);
    const code = (error as { code?: unknown } | null)?.code;
    const reason = `session store error${typeof code === "string" ? ` (${code})` : ""}; see the server log`;
    if (operation === "create") return new HttpError(424, `Failed to create session: ${reason}`);
    if (operation === "close") return new HttpError(424, `Failed to close session: ${reason}`);
    return new HttpError(503, `Session store unavailable: ${reason}`);
  }
}
