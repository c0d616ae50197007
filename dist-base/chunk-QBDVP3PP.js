import {
  createFileSessionStore,
  resolveFromModelDir
} from "./chunk-H4WQV6PH.js";

// runtimes/node-apis/platform.ts
import { stat } from "fs/promises";
function nodeApiPlatform(identity) {
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
    createSessionStore: ({ env, logger }) => createFileSessionStore({ env, logger })
  };
}

// runtimes/server/process-host.ts
function processHost() {
  return {
    env: process.env,
    exit: (code) => process.exit(code),
    onStopSignals(listener) {
      process.once("SIGTERM", listener);
      process.once("SIGINT", listener);
      return () => {
        process.off("SIGTERM", listener);
        process.off("SIGINT", listener);
      };
    }
  };
}

export {
  nodeApiPlatform,
  processHost
};
