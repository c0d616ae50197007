import { exitStatus, startChild, stopChild } from "./child.ts";
import { spawnErrorText } from "./run-context.ts";
import type { RunContext } from "./run-context.ts";

/**
 * `PROCESS_AUTO_RECOVERY=false`: the JS form of the reference's exec. Runs the command once, passes stop
 * signals on to its group (SIGKILL after the stop timeout) and exits with its status: the exit code,
 * 128 + signal number, 127 when the command does not exist and 126 when it cannot be executed.
 */
export async function passThrough(context: RunContext): Promise<number> {
  const { argv, settings, logger, stops } = context;
  // A background process group reading a terminal would be stopped by SIGTTIN, so a TTY stdin is not shared.
  const stdin = process.stdin.isTTY ? "ignore" : "inherit";
  const child = startChild(argv, { env: context.env, stdio: [stdin, "inherit", "inherit"] });
  let stopper: ReturnType<typeof stopChild> | undefined;
  const onStop = (signal: NodeJS.Signals): void => {
    if (stopper === undefined) {
      stopper = stopChild(child, {
        signal,
        timeoutSeconds: settings.stopTimeoutSeconds,
        onKill: (seconds) => logger.warn(`killing '${argv[0]}' (${child.pid}) with SIGKILL: still running after ${seconds} s`),
      });
    } else {
      stopper.escalate();
    }
  };
  const unsubscribe = stops.subscribe(onStop);
  stops.forwardTo((signal) => child.signalGroup(signal));
  if (stops.signal !== undefined) onStop(stops.signal);
  const exit = await child.exited;
  unsubscribe();
  stops.forwardTo(undefined);
  if (exit.error) {
    process.stderr.write(`ERROR: ${argv[0]}: ${spawnErrorText(exit.error)}\n`);
    return exit.error.code === "ENOENT" ? 127 : 126;
  }
  return exitStatus(exit);
}
