import { installDependencies } from "./install.ts";
import { createLogger } from "./logger.ts";
import { passThrough } from "./pass-through.ts";
import { readSettings } from "./settings.ts";
import type { SupervisorSettings } from "./settings.ts";
import { StopRequests } from "./signals.ts";
import { quoteForLog } from "./split-args.ts";
import { supervise } from "./supervise.ts";
import { HELP, USAGE_LINES, packageVersion } from "./usage.ts";

export const EXIT_USAGE = 1;
export const EXIT_BAD_ENV = 2;

/** The whole CLI: returns the exit status. Installs signal handlers first of all. */
export async function main(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const stops = new StopRequests().install();

  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.length === 1 && args[0] === "--version") {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const argv = args[0] === "--" ? args.slice(1) : args;
  if (argv.length === 0) {
    process.stderr.write(`${USAGE_LINES.join("\n")}\n`);
    return EXIT_USAGE;
  }

  let settings: SupervisorSettings;
  try {
    settings = readSettings(env);
  } catch (error) {
    const problems = error instanceof AggregateError ? error.errors : [error];
    for (const problem of problems) process.stderr.write(`standard-supervisor: Configuration error: ${(problem as Error).message}\n`);
    return EXIT_BAD_ENV;
  }
  const logger = createLogger(settings.logLevel);
  for (const warning of settings.warnings) logger.warn(warning);
  if (process.pid === 1) {
    logger.warn("running as PID 1: orphaned grandchildren cannot be reaped from JavaScript; run behind tini (ENTRYPOINT [\"tini\", \"--\", ...]) or docker run --init");
  }
  const context = { argv, settings, logger, stops, env };
  logger.info(`Starting: ${quoteForLog(argv)}`);
  logger.info(
    settings.autoRecovery
      ? `mode: supervised (PROCESS_AUTO_RECOVERY), up to ${settings.maxStartRetries} retries after failed starts; a start is successful after ${settings.startSeconds} s`
      : "mode: run once (PROCESS_AUTO_RECOVERY=false): exiting with the command's status",
  );

  try {
    if (stops.requested) return 0;
    const installed = await installDependencies(context);
    if (installed === "failed") {
      logger.error("Dependency installation failed, aborting startup");
      return 1;
    }
    if (installed === "stopped" || stops.requested) return 0;
    return settings.autoRecovery ? await supervise(context) : await passThrough(context);
  } catch (error) {
    logger.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
