import type { Platform } from "../../src/internal.ts";
import { nodeApiPlatform } from "../node-apis/platform.ts";

/** Bun implements the Node APIs the platform uses (and the file session store's), and imports `.ts` natively. */
export function bunPlatform(): Platform {
  return nodeApiPlatform({ name: "bun", runsTypeScript: true });
}
