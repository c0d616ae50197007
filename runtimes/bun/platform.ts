import { stat } from "node:fs/promises";
import type { Platform } from "../../src/platform.ts";
import { createFileSessionStore } from "../node/file-session-store.ts";

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
    // The Node file store uses only node:fs/promises, node:path, node:os and node:crypto, which this runtime provides.
    createSessionStore: ({ env, logger }) => createFileSessionStore({ env, logger }),
  };
}
