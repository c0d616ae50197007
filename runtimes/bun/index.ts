/**
 * Bun entry: the core plus `serve` and a `createSageMakerHandler` that uses Bun's environment and file
 * system: customer scripts may be `model.ts`, sessions default to the file store.
 * @module
 */
import { createHandlerOn } from "../../src/handler.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/types.ts";
import { bunPlatform } from "./platform.ts";

export * from "../../src/index.ts";
export { serve } from "./serve.ts";
export { createFileSessionStore } from "../node/file-session-store.ts";
export type { FileSessionStoreOptions } from "../node/file-session-store.ts";
export type { ServeOptions, RunningServer } from "../../src/listen.ts";

/** `createSageMakerHandler` with Bun's environment and file system, and the file session store by default. */
export function createSageMakerHandler(config: SageMakerConfig = {}): SageMakerHandler {
  return createHandlerOn(config, bunPlatform());
}
