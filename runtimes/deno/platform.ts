import { SageMakerConfigError, causeMessage } from "../../src/internal.ts";
import type { Platform } from "../../src/internal.ts";
import { createFileSessionStore } from "../node-apis/file-session-store.ts";
import { resolveFromModelDir } from "../node-apis/model-dir-resolution.ts";
import { denoGlobal } from "./deno-global.ts";

/** Deno's environment and file system, read only when a handler starts; Deno imports `.ts` natively. */
export function denoPlatform(): Platform {
  return {
    name: "deno",
    readEnv() {
      try {
        return denoGlobal().env.toObject();
      } catch (cause) {
        throw new SageMakerConfigError(`Cannot read the environment (run Deno with --allow-env, or pass config.env): ${causeMessage(cause)}`, {
          code: "PERMISSION_DENIED",
          cause,
        });
      }
    },
    async fileKind(path) {
      try {
        return (await denoGlobal().stat(path)).isFile ? "file" : "not a file";
      } catch (cause) {
        if ((cause as { name?: unknown }).name === "NotFound") return "missing";
        // Skipping a customer script silently because of a missing permission would ignore the customer's code.
        throw new SageMakerConfigError(`Cannot check ${path} (run Deno with --allow-read): ${causeMessage(cause)}`, {
          code: "PERMISSION_DENIED",
          file: path,
          cause,
        });
      }
    },
    cwd: () => denoGlobal().cwd(),
    // Deno implements node:module's createRequire, so the model directory's node_modules resolve as on Node.
    resolveFromModelDir,
    runsTypeScript: true,
    // The Node file store uses only node:fs/promises, node:path, node:os and node:crypto, which this runtime provides.
    createSessionStore: ({ env, logger }) => createFileSessionStore({ env, logger }),
  };
}
