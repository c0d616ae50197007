import { parseJson } from "../_internal/json-body.ts";
import { isJsonObject } from "../_internal/json-path.ts";
import type { JsonObject } from "../_internal/json-path.ts";

export const SESSION_ID_HEADER = "X-Amzn-SageMaker-Session-Id";
export const NEW_SESSION_ID_HEADER = "X-Amzn-SageMaker-New-Session-Id";
export const CLOSED_SESSION_ID_HEADER = "X-Amzn-SageMaker-Closed-Session-Id";
/** What SageMaker forwards in the session header when the client asks for a new session. */
export const NEW_SESSION = "NEW_SESSION";

export const SESSIONS_DISABLED = "Invalid payload. stateful sessions not enabled";
export const SESSIONS_DISABLED_HEADER =
  "Invalid payload. stateful sessions not enabled, X-Amzn-SageMaker-Session-Id header not supported";

const REQUEST_TYPES = ["NEW_SESSION", "CLOSE"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

const MAX_ECHO = 256;
/** An id as error texts show it: overlong values (never valid ids) are cut so a client cannot make us echo megabytes. */
export function echoId(id: string): string {
  return id.length > MAX_ECHO ? `${id.slice(0, MAX_ECHO)}...` : id;
}

export function sessionNotFound(id: string): string {
  return `Bad request: session not found: ${echoId(id)}`;
}

/**
 * Whether this text could hold a JSON object with a `requestType` key: the key is spelled out, or written
 * with `\u` escapes (which need a backslash). Anything else is a regular request and is never parsed.
 * Searched in the decoded text: string search is native, and several times faster than a loop over bytes.
 */
export function mayHoldRequestType(text: string): boolean {
  return text.includes("requestType") || text.includes("\\");
}

export type ParsedBody =
  | { kind: "json"; value: unknown }
  | { kind: "invalid-utf8" }
  | { kind: "invalid-json"; message: string };

/** Parses text decoded as strict UTF-8 (`undefined`: it was not UTF-8), reporting instead of throwing. */
export function parseBody(text: string | undefined): ParsedBody {
  if (text === undefined) return { kind: "invalid-utf8" };
  const parsed = parseJson(text);
  return parsed.ok ? { kind: "json", value: parsed.value } : { kind: "invalid-json", message: parsed.message };
}

/** A JSON object carrying a `requestType` key: the only bodies treated as session requests. */
export function isSessionRequestBody(value: unknown): value is JsonObject {
  return isJsonObject(value) && Object.hasOwn(value, "requestType");
}

export type SessionRequestCheck = { ok: true; type: RequestType } | { ok: false; detail: string };

/**
 * Validates `{"requestType": "NEW_SESSION" | "CLOSE"}` with no other keys. A failure's `detail` is the
 * reference's (pydantic's) error list as JSON text, so clients parsing `JSON.parse(detail)[0].type`
 * (`enum`, `extra_forbidden`) keep working; its `msg` fields name the problem.
 */
export function checkSessionRequest(body: JsonObject): SessionRequestCheck {
  const errors: object[] = [];
  const requestType = body.requestType;
  if (!REQUEST_TYPES.includes(requestType as RequestType)) {
    errors.push({
      type: "enum",
      loc: ["requestType"],
      msg: "Input should be 'NEW_SESSION' or 'CLOSE'",
      input: requestType,
      ctx: { expected: "'NEW_SESSION' or 'CLOSE'" },
    });
  }
  for (const key of Object.keys(body)) {
    if (key === "requestType") continue;
    errors.push({ type: "extra_forbidden", loc: [key], msg: "Extra inputs are not permitted", input: body[key] });
  }
  if (errors.length > 0) return { ok: false, detail: JSON.stringify(errors) };
  return { ok: true, type: requestType as RequestType };
}
