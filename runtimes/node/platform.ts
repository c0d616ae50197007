import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Platform } from "../../src/platform.ts";
import { createFileSessionStore } from "./file-session-store.ts";

/** A bare specifier as the model directory's node_modules (installed by the supervisor) resolves it, if it does. */
export function resolveFromModelDir(specifier: string, modelPath: string): string | undefined {
  try {
    const resolved = createRequire(join(modelPath, "noop.js")).resolve(specifier);
    return isAbsolute(resolved) ? pathToFileURL(resolved).href : undefined;
  } catch {
    return undefined;
  }
}

/** Node's environment and file system, read only when a handler starts. */
export function nodePlatform(): Platform {
  return {
    name: "node",
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
    runsTypeScript: Boolean((process.features as { typescript?: unknown }).typescript),
    createSessionStore: ({ env, logger }) => createFileSessionStore({ env, logger }),
  };
}
