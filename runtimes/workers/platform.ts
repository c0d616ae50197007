import type { Platform, Env } from "../../src/internal.ts";

/**
 * workerd: the environment is the Workers `env` binding handed to the first `fetch` (its string
 * values; KV namespaces and other bindings are not environment variables). There is no file system,
 * so no customer script is ever found on disk and sessions default to the memory store.
 */
export function workersPlatform(bindings: () => unknown): Platform {
  return {
    name: "workers",
    readEnv: () => stringBindings(bindings()),
    fileKind: async () => "missing",
    runsTypeScript: false,
  };
}

function stringBindings(bindings: unknown): Env {
  const env: Env = {};
  if (typeof bindings !== "object" || bindings === null) return env;
  for (const [name, value] of Object.entries(bindings)) {
    if (typeof value === "string") env[name] = value;
  }
  return env;
}
