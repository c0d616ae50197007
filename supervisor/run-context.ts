import type { Logger } from "../src/logging.ts";
import type { SupervisorSettings } from "./settings.ts";
import type { StopRequests } from "./signals.ts";

/** What both run modes need: the command, validated settings, the logger and the stop requests. */
export interface RunContext {
  argv: readonly string[];
  settings: SupervisorSettings;
  logger: Logger;
  stops: StopRequests;
  env: NodeJS.ProcessEnv;
}

/** A spawn error in words, like a shell would say it. */
export function spawnErrorText(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "No such file or directory";
  if (error.code === "EACCES") return "Permission denied";
  return error.message;
}
