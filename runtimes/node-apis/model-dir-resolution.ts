import { createRequire } from "node:module";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";

/** A bare specifier as the model directory's node_modules (installed by the supervisor) resolves it, if it does. */
export function resolveFromModelDir(specifier: string, modelPath: string): string | undefined {
  try {
    const resolved = createRequire(join(modelPath, "noop.js")).resolve(specifier);
    return isAbsolute(resolved) ? pathToFileURL(resolved).href : undefined;
  } catch {
    return undefined;
  }
}
