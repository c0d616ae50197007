import {
  createMemorySessionStore,
  injectAdapterId,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  statefulSessionManager,
} from "../../../src/index.ts";
import type { SessionStore } from "../../../src/index.ts";
import type { SageMakerConfig } from "../../../src/types.ts";
import { behaviour } from "./app.ts";
import type { Probe } from "./app.ts";

/** Ids of sessions a suite created, so random requests also hit active (and later closed) sessions. */
export const knownSessionIds: string[] = [];

/**
 * Turns on every feature over the core app: sticky sessions (id injected into the body), the adapter
 * id injected into `model`, and the load/unload adapter transforms with vLLM's shapes plus the alias.
 */
export function extendApp(probe: Probe, store: SessionStore = createMemorySessionStore()): Partial<SageMakerConfig> {
  return {
    invocations: statefulSessionManager({ engineRequestSessionIdPath: "metadata.session_id" })(
      injectAdapterId("model")(behaviour(probe, "invocations")),
    ),
    loadAdapter: registerLoadAdapterHandler({
      requestShape: {
        lora_name: "body.name",
        lora_path: "body.src",
        "options.alias": 'headers."x-amzn-sagemaker-adapter-alias"',
        "options.preload": "body.preload",
      },
    })(behaviour(probe, "loadAdapter")),
    unloadAdapter: registerUnloadAdapterHandler({ requestShape: { lora_name: "path_params.adapter_name" } })(
      behaviour(probe, "unloadAdapter"),
    ),
    sessions: { enabled: true, store },
  };
}
