import type { Platform } from "../../src/platform.ts";
import { nodePlatform } from "../node/platform.ts";

/**
 * Bun's platform is Node's (Bun implements the node:fs, node:module and node:path APIs it uses, and the
 * file session store's), except that Bun imports `.ts` natively.
 */
export function bunPlatform(): Platform {
  return { ...nodePlatform(), name: "bun", runsTypeScript: true };
}
