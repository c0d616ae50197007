import { HttpError } from "model-hosting-container-standards";
import type { Upstream } from "./upstream.ts";

/**
 * `/ping`: asks SGLang's health endpoint and answers within SageMaker's 2 s budget: 200 (empty)
 * when SGLang says 200, else 503.
 */
export function sglangPing(upstream: Upstream) {
  const { healthPath, pingTimeoutMs } = upstream.options;
  return async (): Promise<undefined> => {
    const timeout = AbortSignal.timeout(pingTimeoutMs);
    let response: Response;
    try {
      response = await upstream.get(healthPath, timeout);
    } catch (error) {
      if (timeout.aborted) throw new HttpError(503, `SGLang health check timed out after ${pingTimeoutMs} ms (${healthPath})`);
      throw new HttpError(503, error instanceof HttpError ? String(error.detail) : String(error));
    }
    await response.body?.cancel();
    if (!response.ok) throw new HttpError(503, `SGLang health check failed: ${healthPath} answered ${response.status}`);
    return undefined;
  };
}
