import { SageMakerConfigError } from "model-hosting-container-standards";

/** Where SGLang is and how the front talks to it. */
export interface SglangOptions {
  /** SGLang's base URL. Env `SGLANG_URL`, default `http://127.0.0.1:30000` (SGLang's default port). */
  url: string;
  /** What `/ping` asks. Env `SGLANG_HEALTH_PATH`, default `/health`. */
  healthPath: string;
  /** `/ping` answers 503 when SGLang has not answered by then. Env `SGLANG_PING_TIMEOUT_MS`, default 1500 (SageMaker allows 2 s). */
  pingTimeoutMs: number;
  /** `capacity_of_str_len` of every `/open_session`. Env `SGLANG_SESSION_CAPACITY`, default 65536. */
  sessionCapacity: number;
  /** The base model in `model="base:adapter"`; env `SGLANG_SERVED_MODEL_NAME`, default: asked from `/v1/models`. */
  servedModelName: string | undefined;
  /** Sent as `Authorization: Bearer ...` when SGLang runs with `--api-key`. Env `SGLANG_API_KEY`. */
  apiKey: string | undefined;
}

/** Reads the front's options from the environment; a bad value throws naming the variable. */
export function sglangOptionsFromEnv(env: Record<string, string | undefined>): SglangOptions {
  const url = (env.SGLANG_URL ?? "").trim() || "http://127.0.0.1:30000";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SageMakerConfigError(`SGLANG_URL must be an http:// or https:// URL, got '${url}'`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new SageMakerConfigError(`SGLANG_URL must be an http:// or https:// URL, got '${url}'`);
  }
  const healthPath = (env.SGLANG_HEALTH_PATH ?? "").trim() || "/health";
  if (!healthPath.startsWith("/")) throw new SageMakerConfigError(`SGLANG_HEALTH_PATH must start with '/', got '${healthPath}'`);
  return {
    url: url.replace(/\/+$/, ""),
    healthPath,
    pingTimeoutMs: positiveInt(env, "SGLANG_PING_TIMEOUT_MS", 1500),
    sessionCapacity: positiveInt(env, "SGLANG_SESSION_CAPACITY", 65536),
    servedModelName: env.SGLANG_SERVED_MODEL_NAME?.trim() || undefined,
    apiKey: env.SGLANG_API_KEY || undefined,
  };
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new SageMakerConfigError(`${name} must be a whole number greater than 0, got '${raw}'`);
  return Number(raw);
}
