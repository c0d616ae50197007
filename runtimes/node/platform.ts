import { stat } from "node:fs/promises";
import type { Platform } from "../../src/platform.ts";
import { createFileSessionStore } from "./file-session-store.ts";

/** Node's environment and file system, read only when a handler starts. */
export function nodePlatform(): Platform {
  return {
    name: "node",
    readEnv: () => process.env,
    async fileExists(path) {
      try {
        return (await stat(path)).isFile();
      } catch {
        return false;
      }
    },
    runsTypeScript: Boolean((process.features as { typescript?: unknown }).typescript),
    createSessionStore: ({ env, logger }) => createFileSessionStore({ env, logger }),
  };
}
