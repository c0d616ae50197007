import type { Logger } from "../../../src/logging.ts";

export interface CapturedLogger extends Logger {
  readonly lines: Array<{ level: "debug" | "info" | "warn" | "error"; message: string }>;
  text(minimum?: "debug" | "info" | "warn" | "error"): string;
  clear(): void;
}

const ORDER = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** A logger that keeps every line, so a test can search what left the library at each level. */
export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger["lines"] = [];
  const write = (level: keyof typeof ORDER) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    text(minimum = "debug") {
      return lines
        .filter((line) => ORDER[line.level] >= ORDER[minimum])
        .map((line) => `[${line.level}] ${line.message}`)
        .join("\n");
    },
    clear() {
      lines.length = 0;
    },
  };
}
