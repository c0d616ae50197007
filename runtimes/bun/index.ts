/**
 * Bun entry: the core plus `serve` and a `createSageMakerHandler` that uses Bun's environment and file
 * system: customer scripts may be `model.ts`, sessions default to the file store.
 * @module
 */
import { createHandlerOn } from "../../src/internal.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/internal.ts";
import { bunPlatform } from "./platform.ts";

export * from "../../src/index.ts";
export { serve } from "./serve.ts";
export { createFileSessionStore } from "../node-apis/file-session-store.ts";
export type { FileSessionStoreOptions } from "../node-apis/file-session-store.ts";
export type { ServeOptions, RunningServer } from "../server/listen.ts";

/** `createSageMakerHandler` with Bun's environment and file system, and the file session store by default. */
export function createSageMakerHandler(config: SageMakerConfig = {}): SageMakerHandler {
  return createHandlerOn(config, bunPlatform());
}
