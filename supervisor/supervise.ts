import { delay, describeExit, exitStatus, startChild, stopChild } from "./child.ts";
import type { ChildExit, RunningChild } from "./child.ts";
import type { RunContext } from "./run-context.ts";

/** Variables supervisord gives its children, kept for parity. */
const CHILD_MARKERS = { SUPERVISOR_ENABLED: "1", SUPERVISOR_PROCESS_NAME: "app", SUPERVISOR_GROUP_NAME: "app" };

/** Runs one child until it exits; a stop request meanwhile stops its group (TERM, then KILL after the timeout). */
async function runOnce(context: RunContext, child: RunningChild): Promise<ChildExit> {
  const { settings, logger, stops } = context;
  let stopper: ReturnType<typeof stopChild> | undefined;
  const onStop = (signal: NodeJS.Signals, count: number): void => {
    if (stopper === undefined) {
      logger.info(`received ${signal} indicating exit request; stopping app with ${settings.stopSignal}`);
      stopper = stopChild(child, {
        signal: settings.stopSignal,
        timeoutSeconds: settings.stopTimeoutSeconds,
        onKill: (seconds) => logger.warn(`killing 'app' (${child.pid}) with SIGKILL: still running after ${seconds} s`),
      });
    } else if (count > 1) {
      logger.warn(`received ${signal} again: killing 'app' (${child.pid}) with SIGKILL`);
      stopper.escalate();
    }
  };
  const unsubscribe = stops.subscribe(onStop);
  stops.forwardTo((signal) => child.signalGroup(signal));
  if (stops.requested && stops.signal !== undefined) onStop(stops.signal, 1);
  try {
    return await child.exited;
  } finally {
    unsubscribe();
    stops.forwardTo(undefined);
  }
}

/** Waits `seconds` unless a stop request comes first; returns whether the wait completed. */
async function backoff(context: RunContext, seconds: number): Promise<boolean> {
  const wait = delay(seconds * 1000);
  const unsubscribe = context.stops.subscribe(() => wait.abort());
  if (context.stops.requested) wait.abort();
  try {
    return await wait.done;
  } finally {
    unsubscribe();
  }
}

/**
 * Supervised mode, supervisord's state machine owned in-process: a start is successful once the child has
 * stayed up longer than `startSeconds`; failed starts are retried after a linear backoff until
 * `maxStartRetries` is exceeded (FATAL, exit 1); exits after a successful start reset the count and
 * restart at once (per `autoRestart`); a stop request ends with exit 0 once the child is reaped.
 */
export async function supervise(context: RunContext): Promise<number> {
  const { argv, settings, logger, stops } = context;
  const env = { ...context.env, ...CHILD_MARKERS };
  let failures = 0;
  const restartTimes: number[] = [];
  while (!stops.requested) {
    const startedAt = performance.now();
    const child = startChild(argv, { env, stdio: ["ignore", "inherit", "inherit"] });
    let startTimer: ReturnType<typeof setTimeout> | undefined;
    if (child.pid !== undefined) {
      logger.info(`spawned: 'app' with pid ${child.pid}`);
      startTimer = setTimeout(() => {
        logger.info(`success: app entered RUNNING state, process has stayed up for > than ${settings.startSeconds} seconds (startsecs)`);
      }, settings.startSeconds * 1000);
    }
    const exit = await runOnce(context, child);
    clearTimeout(startTimer);
    if (stops.requested) {
      logger.info(`stopped: app (${describeExit(exit)})`);
      return 0;
    }
    const uptimeSeconds = (performance.now() - startedAt) / 1000;
    const started = exit.error === undefined && uptimeSeconds > settings.startSeconds;

    if (started) {
      failures = 0;
      const expected = exit.code !== null && settings.expectedExitCodes.includes(exit.code);
      logger.warn(`exited: app (${describeExit(exit)}; ${expected ? "expected" : "not expected"})`);
      if (settings.autoRestart === "never" || (settings.autoRestart === "unexpected" && expected)) {
        logger.info(`app is not restarted (autorestart=${settings.autoRestart === "never" ? "false" : "unexpected"}); exiting with its status`);
        return exitStatus(exit);
      }
    } else {
      failures += 1;
      if (exit.error) {
        const reason = exit.error.code === "ENOENT" ? `can't find command '${argv[0]}'` : `'${argv[0]}': ${exit.error.message}`;
        logger.error(`spawnerr: ${reason}`);
      } else {
        logger.warn(`exited: app (${describeExit(exit)}; not expected)`);
      }
      if (failures > settings.maxStartRetries) {
        logger.error("gave up: app entered FATAL state, too many start retries too quickly");
        return 1;
      }
    }

    if (settings.restartWindowSeconds !== undefined) {
      const now = performance.now();
      restartTimes.push(now);
      while ((restartTimes[0] ?? now) < now - settings.restartWindowSeconds * 1000) restartTimes.shift();
      if (restartTimes.length > settings.maxStartRetries) {
        logger.error(`gave up: app entered FATAL state, more than ${settings.maxStartRetries} restarts within ${settings.restartWindowSeconds} s`);
        return 1;
      }
    }

    if (failures > 0) {
      const seconds = Number((failures * settings.backoffSeconds).toFixed(3));
      logger.info(`retrying in ${seconds} s (attempt ${failures + 1} of ${settings.maxStartRetries + 1})`);
      if (!(await backoff(context, seconds))) break;
    }
  }
  logger.info("stop requested before the app was (re)started");
  return 0;
}
