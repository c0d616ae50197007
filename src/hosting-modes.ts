import { executionParameters, resolveBodyLimit } from "./batch/settings.ts";
import { parseHandlerSpec } from "./customer/spec.ts";
import { SageMakerConfigError } from "./errors.ts";
import type { Logger } from "./logging.ts";
import { createModelRouter } from "./models/router.ts";
import type { Platform } from "./platform.ts";
import type { RouteTable } from "./routing.ts";
import { MULTI_MODEL_VAR } from "./settings.ts";
import type { ResolvedSettings } from "./settings.ts";
import type { Env, Handler, Middleware, SageMakerConfig } from "./types.ts";

/**
 * Checks the hosting-mode settings against the config and returns the request body limit; every
 * problem is a startup error naming the variable or key.
 */
export function checkHostingModes(env: Env, settings: ResolvedSettings, config: SageMakerConfig): { maxRequestBytes: number } {
  if (settings.multiModel && !config.models) {
    throw new SageMakerConfigError(
      `${MULTI_MODEL_VAR}=${env[MULTI_MODEL_VAR]} (a multi-model endpoint) but config.models is not given: this engine cannot load models`,
      { code: "INVALID_ENV", variable: MULTI_MODEL_VAR },
    );
  }
  if (config.batch) executionParameters(config.batch);
  return { maxRequestBytes: resolveBodyLimit(config.maxRequestBytes, settings.batch, config.batch) };
}

export interface HostingModeOptions {
  config: SageMakerConfig;
  env: Env;
  logger: Logger;
  platform: Platform;
  importModule: (specifier: string) => Promise<unknown>;
  prepare(handler: Handler): Promise<Handler>;
  onClose(close: () => Promise<void>): void;
}

/**
 * Mounts `/models...` and `/execution-parameters` when configured, and returns how the pre/post slot
 * becomes model-aware (a model's own formatters for its invocations).
 */
export function mountHostingModes(routes: RouteTable, options: HostingModeOptions): (prePost: Middleware | undefined) => Middleware | undefined {
  const { config } = options;
  if (config.batch) {
    const answer = executionParameters(config.batch);
    routes.executionParameters = () => answer;
  }
  if (!config.models) return (prePost) => prePost;
  // Multi-model endpoints are healthy with no model loaded.
  routes.ping ??= () => undefined;
  const router = createModelRouter({
    host: config.models,
    env: options.env,
    logger: options.logger,
    platform: options.platform,
    importModule: options.importModule,
    invocations: routes.invocations,
    levelOne: parseHandlerSpec(options.env.CUSTOM_FASTAPI_INVOCATION_HANDLER, "CUSTOM_FASTAPI_INVOCATION_HANDLER") !== undefined,
    prepare: options.prepare,
  });
  routes.models = router.routes;
  options.onClose(() => router.close());
  return (prePost) => router.prePost(prePost);
}
