/**
 * Deno entry: the core plus `serve` and a `createSageMakerHandler` that uses Deno's environment and
 * file system (customer scripts may be `model.ts`). A handler from this entry is also a valid default
 * export for `deno serve`.
 * @module
 */
import { createHandlerOn } from "../../src/internal.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/internal.ts";
import { filterLegacyAbort } from "./client-signal.ts";
import { denoPlatform } from "./platform.ts";

export * from "../../src/index.ts";
export { serve } from "./serve.ts";
export { createFileSessionStore } from "../node-apis/file-session-store.ts";
export type { FileSessionStoreOptions } from "../node-apis/file-session-store.ts";
export type { ServeOptions, RunningServer } from "../server/listen.ts";

/**
 * `createSageMakerHandler` with Deno's environment and file system, and the file session store by default.
 * Under `deno serve`, Deno passes its handler info as the second argument: `context.signal` then ignores
 * Deno's legacy abort after a delivered response, as under `serve()`.
 */
export function createSageMakerHandler(config: SageMakerConfig = {}): SageMakerHandler {
  const handler = createHandlerOn(config, denoPlatform());
  const fetch = handler.fetch;
  handler.fetch = (request, info, ctx) => {
    filterLegacyAbort(request, info);
    return fetch(request, info, ctx);
  };
  return handler;
}
