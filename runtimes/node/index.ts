/**
 * Node entry: the core plus `serve`, `toNodeListener` and a `createSageMakerHandler` that uses Node's
 * environment and file system.
 * @module
 */
import { createHandlerOn } from "../../src/internal.ts";
import type { SageMakerConfig, SageMakerHandler } from "../../src/internal.ts";
import { nodePlatform } from "./platform.ts";

export * from "../../src/index.ts";
export { serve } from "./serve.ts";
export type { NodeServeOptions } from "./serve.ts";
export { toNodeListener } from "./listener.ts";
export { createFileSessionStore } from "../node-apis/file-session-store.ts";
export type { FileSessionStoreOptions } from "../node-apis/file-session-store.ts";
export type { NodeListener } from "./listener.ts";
export type { ServeOptions, RunningServer } from "../server/listen.ts";

/** `createSageMakerHandler` with Node's file system for script discovery and the file session store by default. */
export function createSageMakerHandler(config: SageMakerConfig = {}): SageMakerHandler {
  return createHandlerOn(config, nodePlatform());
}
