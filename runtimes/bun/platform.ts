import { stat } from "node:fs/promises";
import type { Platform } from "../../src/platform.ts";

/** Bun's environment and file system, read only when a handler starts; Bun imports `.ts` natively. */
export function bunPlatform(): Platform {
  return {
    name: "bun",
    readEnv: () => process.env,
    async fileExists(path) {
      try {
        return (await stat(path)).isFile();
      } catch {
        return false;
      }
    },
    runsTypeScript: true,
  };
}
