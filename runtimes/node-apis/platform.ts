import { stat } from "node:fs/promises";
import type { Platform } from "../../src/internal.ts";
import { createFileSessionStore } from "./file-session-store.ts";
import { resolveFromModelDir } from "./model-dir-resolution.ts";

/**
 * A platform on Node's process, node:fs and node:module APIs, which Node and Bun both provide: the
 * environment and files are read only when a handler starts.
 */
export function nodeApiPlatform(identity: { name: string; runsTypeScript: boolean }): Platform {
  return {
    ...identity,
    readEnv: () => process.env,
    async fileKind(path) {
      try {
        return (await stat(path)).isFile() ? "file" : "not a file";
      } catch {
        return "missing";
      }
    },
    cwd: () => process.cwd(),
    resolveFromModelDir,
    createSessionStore: ({ env, logger }) => createFileSessionStore({ env, logger }),
  };
}
