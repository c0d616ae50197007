import type { HeadersLike, JsonValue } from "./types.ts";

/** Throw from a handler, middleware or formatter to answer `status` with `{"detail": detail}`. */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: JsonValue;
  readonly headers: HeadersLike | undefined;

  constructor(status: number, detail?: JsonValue, options?: { headers?: HeadersLike; cause?: unknown }) {
    const text = detail === undefined ? defaultDetail(status) : detail;
    super(typeof text === "string" ? text : JSON.stringify(text), { cause: options?.cause });
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${String(status)}`);
    }
    this.status = status;
    this.detail = text;
    this.headers = options?.headers;
  }

  override get name(): string {
    return "HttpError";
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  424: "Failed Dependency",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function defaultDetail(status: number): string {
  return STATUS_TEXT[status] ?? "Error";
}

/** Duck-typed so that an `HttpError` from another copy of this package is recognised too. */
export function isHttpError(value: unknown): value is HttpError {
  if (value instanceof HttpError) return true;
  return (
    value instanceof Error &&
    value.name === "HttpError" &&
    typeof (value as { status?: unknown }).status === "number" &&
    "detail" in value
  );
}
