/** A startup problem: bad config, env var, customer script or spec. `ready()` rejects with it. */
export class SageMakerConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
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
