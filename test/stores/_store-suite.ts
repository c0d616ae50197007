import { describe, it } from "vitest";
import { testSessionStore as shippedSuite } from "../../testing/index.ts";
import type { MakeStore, SessionStoreSuiteOptions } from "../../testing/index.ts";

export type { MakeStore, StoreFixture } from "../../testing/index.ts";
export { BAD_IDS } from "../../testing/index.ts";

/** The shipped contract suite (`model-hosting-container-standards/testing`) under this repository's vitest. */
export function testSessionStore(name: string, make: MakeStore, options: Omit<SessionStoreSuiteOptions, "runner"> = {}): void {
  shippedSuite(name, make, { ...options, runner: { describe, it } });
}
