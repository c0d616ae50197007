/**
 * A SageMaker front for SGLang: everything SageMaker needs, mapped onto SGLang's own HTTP API,
 * with SGLang unchanged. See docs/runbook.md section 9.
 */
import type { SageMakerConfig } from "model-hosting-container-standards";
import { withServedModel } from "./default-model.ts";
import { dispatchInvocation } from "./dispatch.ts";
import type { SglangOptions } from "./options.ts";
import { sglangPing } from "./ping.ts";
import { Upstream } from "./upstream.ts";

/** The `createSageMakerHandler` config that puts SageMaker's routes in front of an SGLang server. */
export function createSglangConfig(options: SglangOptions): SageMakerConfig {
  const upstream = new Upstream(options);
  return {
    ping: sglangPing(upstream),
    invocations: withServedModel(upstream, dispatchInvocation(upstream)),
    // Every other route (/v1/*, /generate, /health, ...) is SGLang's own.
    fallback: (request) => upstream.forward(request),
  };
}
