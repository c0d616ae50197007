import { HttpError } from "model-hosting-container-standards";
import type { Handler } from "model-hosting-container-standards";
import type { Upstream } from "./upstream.ts";

/**
 * `/load_lora_adapter` and `/unload_lora_adapter` answer `{success, error_message, loaded_adapters}`:
 * 200 becomes an empty 200 (the library then answers `Adapter <name> registered`), a failure keeps
 * SGLang's status with its `error_message` as the `detail`.
 */
export function loraCall(upstream: Upstream, path: "/load_lora_adapter" | "/unload_lora_adapter"): Handler {
  return async (request, context) => {
    const response = await upstream.postJson(path, await request.json(), context.signal);
    if (response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const text = await response.text();
    let message: unknown;
    try {
      const body = JSON.parse(text) as { error_message?: unknown; message?: unknown };
      message = body.error_message ?? body.message;
    } catch {
      message = undefined;
    }
    if (typeof message === "string") throw new HttpError(response.status >= 400 ? response.status : 502, message);
    return new Response(text, { status: response.status, headers: response.headers });
  };
}

/** `/open_session` (answers the new id as a JSON string) and `/close_session`, with the body the wrapper shaped. */
export function sessionCall(upstream: Upstream, path: "/open_session" | "/close_session"): Handler {
  return async (request, context) => upstream.postJson(path, await request.json(), context.signal);
}
