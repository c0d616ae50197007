import type { Logger } from "../src/logging.ts";
import { withLevel } from "../src/logging.ts";

/**
 * Supervisor lines go to stderr so the child's stdout reaches the container log byte for byte;
 * one `write` per line keeps lines whole when the child writes at the same time.
 * The level filter is the core's, so both drop the same lines at the same level.
 */
export function createLogger(level: number, write: (line: string) => void = (line) => void process.stderr.write(line)): Logger {
  const at =
    (name: string) =>
    (message: string): void =>
      write(`[${name}] standard-supervisor - ${message}\n`);
  return withLevel({ debug: at("DEBUG"), info: at("INFO"), warn: at("WARNING"), error: at("ERROR") }, level);
}
