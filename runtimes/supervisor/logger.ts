/** Level names the supervisor accepts, mapped to Python logging numbers as the reference does. */
export const LEVELS: Readonly<Record<string, number>> = {
  notset: 0,
  trace: 5,
  debug: 10,
  info: 20,
  warn: 30,
  warning: 30,
  error: 40,
  critical: 50,
  fatal: 50,
};

export interface SupervisorLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Supervisor lines go to stderr so the child's stdout reaches the container log byte for byte;
 * one `write` per line keeps lines whole when the child writes at the same time.
 */
export function createLogger(level: number, write: (line: string) => void = (line) => void process.stderr.write(line)): SupervisorLogger {
  const at =
    (threshold: number, name: string) =>
    (message: string): void => {
      if (level <= threshold) write(`[${name}] standard-supervisor - ${message}\n`);
    };
  return { debug: at(10, "DEBUG"), info: at(20, "INFO"), warn: at(30, "WARNING"), error: at(40, "ERROR") };
}
