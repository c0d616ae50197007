import type { ServeHost } from "./serve-lifecycle.ts";

/** Node's (and Bun's Node-compatible) `process` as a serve host. */
export function processHost(): ServeHost {
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
    },
  };
}
