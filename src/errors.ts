/**
 * What went wrong, for code that reacts to a startup error without parsing its message:
 * - `INVALID_ENV`: an environment variable's value (`variable` names it);
 * - `INVALID_CONFIG`: a config key or a wrapper's option (`key` names it, e.g. `config.sessions.store`);
 * - `INVALID_SPEC`: a malformed handler or middleware spec (`variable`);
 * - `CUSTOMER_CODE_MISSING`: a customer script, file, module or function that is not there;
 * - `CUSTOMER_CODE_FAILED`: customer code that failed or never finished loading (`file`);
 * - `CUSTOMER_CODE_INVALID`: customer code that loaded but is unusable (not a function, registered twice);
 * - `PERMISSION_DENIED`: the runtime refused to read the environment or a file.
 */
export type SageMakerConfigErrorCode =
  | "INVALID_ENV"
  | "INVALID_CONFIG"
  | "INVALID_SPEC"
  | "CUSTOMER_CODE_MISSING"
  | "CUSTOMER_CODE_FAILED"
  | "CUSTOMER_CODE_INVALID"
  | "PERMISSION_DENIED";

/** The machine-readable part of a `SageMakerConfigError`: its code and the culprit, where there is one. */
export interface SageMakerConfigErrorDetails {
  /** Default `INVALID_CONFIG`. */
  code?: SageMakerConfigErrorCode;
  /** The environment variable at fault, e.g. `CUSTOM_FASTAPI_PING_HANDLER`. */
  variable?: string;
  /** The file at fault (absolute path), e.g. the customer script. */
  file?: string;
  /** The config key or wrapper option at fault, e.g. `config.ping` or `injectAdapterId.separator`. */
  key?: string;
  cause?: unknown;
}

/**
 * A startup problem: bad config, env var, customer script or spec. `ready()` rejects with it, and the
 * wrappers (`injectAdapterId`, `registerLoadAdapterHandler`, `statefulSessionManager`, ...) throw it.
 * The message names the culprit for people; `code`, `variable`, `file` and `key` name it for code.
 */
export class SageMakerConfigError extends Error {
  readonly code: SageMakerConfigErrorCode;
  readonly variable: string | undefined;
  readonly file: string | undefined;
  readonly key: string | undefined;

  constructor(message: string, details: SageMakerConfigErrorDetails = {}) {
    super(message, "cause" in details ? { cause: details.cause } : undefined);
    this.code = details.code ?? "INVALID_CONFIG";
    this.variable = details.variable;
    this.file = details.file;
    this.key = details.key;
  }

  override get name(): string {
    return "SageMakerConfigError";
  }
}

/** `cause`'s own message, for error texts that must carry the underlying error. */
export function causeMessage(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  // Errors from another realm or loader (not `instanceof Error` here) still carry name and message.
  if (typeof cause === "object" && cause !== null && typeof (cause as Error).message === "string") {
    const name = typeof (cause as Error).name === "string" ? (cause as Error).name : "Error";
    return `${name}: ${(cause as Error).message}`;
  }
  return String(cause);
}
