/**
 * A SageMaker front for SGLang: everything SageMaker needs, mapped onto SGLang's own HTTP API,
 * with SGLang unchanged. See docs/runbook.md section 9.
 */
import {
  injectAdapterId,
  registerCloseSessionHandler,
  registerCreateSessionHandler,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  statefulSessionManager,
} from "model-hosting-container-standards";
import type { SageMakerConfig } from "model-hosting-container-standards";
import { withServedModel } from "./default-model.ts";
import { dispatchInvocation } from "./dispatch.ts";
import { loraCall, sessionCall } from "./engine-calls.ts";
import type { SglangOptions } from "./options.ts";
import { sglangPing } from "./ping.ts";
import { Upstream } from "./upstream.ts";

/** The `createSageMakerHandler` config that puts SageMaker's routes in front of an SGLang server. */
export function createSglangConfig(options: SglangOptions): SageMakerConfig {
  const upstream = new Upstream(options);
  return {
    ping: sglangPing(upstream),
    // Outermost first, as vLLM stacks them: sessions, then the adapter id, then the engine call.
    // The session id goes where SGLang's native API reads it (`session_params.id` of /generate).
    invocations: statefulSessionManager({ engineRequestSessionIdPath: "session_params.id" })(
      withServedModel(upstream, injectAdapterId("model", { append: true, separator: ":" })(dispatchInvocation(upstream))),
    ),
    loadAdapter: registerLoadAdapterHandler({
      requestShape: { lora_name: "body.name", lora_path: "body.src", pinned: "body.pin" },
    })(loraCall(upstream, "/load_lora_adapter")),
    unloadAdapter: registerUnloadAdapterHandler({
      requestShape: { lora_name: "path_params.adapter_name" },
    })(loraCall(upstream, "/unload_lora_adapter")),
    // SageMaker's NEW_SESSION / CLOSE become SGLang sessions, which keep the conversation's KV cache.
    createSession: registerCreateSessionHandler({
      engineResponseSessionIdPath: "body",
      requestShape: { capacity_of_str_len: `\`${options.sessionCapacity}\`` },
    })(sessionCall(upstream, "/open_session")),
    closeSession: registerCloseSessionHandler({ engineRequestSessionIdPath: "session_id" })(sessionCall(upstream, "/close_session")),
    // Every other route (/v1/*, /generate, /health, ...) is SGLang's own.
    fallback: (request) => upstream.forward(request),
  };
}
