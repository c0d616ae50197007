/** SageMaker's `SessionIdHeader` pattern (botocore `sagemaker-runtime`), at most 256 characters. */
export const SESSION_ID_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const MAX_ID_LENGTH = 256;

/** Whether `id` is a session id SageMaker could route; the reserved `NEW_SESSION` is not one. */
export function isValidSessionId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= MAX_ID_LENGTH && SESSION_ID_PATTERN.test(id);
}

/** A fresh lower-case UUID v4 from the platform's CSPRNG (Web Crypto exists on every supported runtime). */
export function newSessionId(): string {
  return globalThis.crypto.randomUUID();
}

/** `now + ttl`, floored to a whole second so the advertised and the enforced expiry are the same instant. */
export function expiryFrom(nowMs: number, ttlSeconds: number): number {
  return Math.floor((nowMs + ttlSeconds * 1000) / 1000) * 1000;
}

/** RFC 3339 UTC with whole seconds and a literal `Z`, as botocore's `NewSessionResponseHeader` requires. */
export function formatExpires(expiresAt: Date): string {
  return `${expiresAt.toISOString().slice(0, 19)}Z`;
}

/** `X-Amzn-SageMaker-New-Session-Id` value: `<id>; Expires=YYYY-MM-DDTHH:MM:SSZ`. */
export function newSessionHeaderValue(id: string, expiresAt: Date): string {
  return `${id}; Expires=${formatExpires(expiresAt)}`;
}
