/**
 * Workers entry: the core plus a `createSageMakerHandler` whose environment is the Workers `env`
 * binding. Export its result as the module default: `export default createSageMakerHandler({...})`.
 * @module
 */
import { createHandlerOn } from "../../src/internal.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/internal.ts";
import type { WorkersExecutionContext, WorkersExportedHandler } from "./workers-types.ts";
import { workersPlatform } from "./platform.ts";

export * from "../../src/index.ts";
export type { WorkersExecutionContext, WorkersExportedHandler } from "./workers-types.ts";

/** A SageMaker handler that is also a Workers module default export. */
export type WorkersSageMakerHandler = SageMakerHandler & WorkersExportedHandler;

/**
 * `createSageMakerHandler` for workerd. Without `config.env`, the environment is the string values of
 * the `env` binding of the first `fetch` (Workers hands it to `fetch`, never at import). Sessions use
 * the memory store of the isolate unless `config.sessions.store` supplies a shared one.
 */
export function createSageMakerHandler(config: SageMakerConfig = {}): WorkersSageMakerHandler {
  let bindings: unknown;
  const handler = createHandlerOn(config, workersPlatform(() => bindings));
  return {
    fetch(request: Request, env?: unknown, _ctx?: WorkersExecutionContext): Promise<Response> {
      bindings ??= env;
      return handler.fetch(request);
    },
    ready: () => handler.ready(),
    close: () => handler.close(),
  };
}
