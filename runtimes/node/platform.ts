import type { Platform } from "../../src/internal.ts";
import { nodeApiPlatform } from "../node-apis/platform.ts";

/** Node's environment and file system; `.ts` customer scripts where Node strips types. */
export function nodePlatform(): Platform {
  return nodeApiPlatform({ name: "node", runsTypeScript: Boolean((process.features as { typescript?: unknown }).typescript) });
}
