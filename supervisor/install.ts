import { delay, describeExit, startChild, stopChild } from "./child.ts";
import { planInstall } from "./install-plan.ts";
import type { RunContext } from "./run-context.ts";
import { spawnErrorText } from "./run-context.ts";
import { quoteForLog } from "./split-args.ts";

export type InstallOutcome = "installed" | "skipped" | "failed" | "stopped";

/**
 * Installs the model directory's production dependencies before the first start. Installer output is
 * streamed to stderr as it comes (stdout stays the app's); a failure, a timeout or a missing tool is
 * `failed`; a stop request kills the installer's group and is `stopped`.
 */
export async function installDependencies(context: RunContext): Promise<InstallOutcome> {
  const { settings, logger, stops } = context;
  const plan = planInstall(settings.install, context.argv);
  if (plan.kind === "skip") {
    logger[plan.level](plan.reason);
    return "skipped";
  }
  if (plan.kind === "fail") {
    logger.error(`Dependency installation failed: ${plan.reason}`);
    return "failed";
  }
  logger.info(`Installing dependencies in ${plan.cwd} (missing: ${plan.missing.join(", ")}): ${quoteForLog(plan.command)}`);
  const installer = startChild(plan.command, {
    cwd: plan.cwd,
    env: { ...context.env, npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const streams = [installer.stdout, installer.stderr].filter((stream) => stream !== null);
  for (const stream of streams) stream.on("data", (chunk: Uint8Array) => process.stderr.write(chunk));
  // 'exit' can come before the last output: wait (bounded) for the pipes so the failure message follows it.
  const outputDone = Promise.all(streams.map((stream) => new Promise((resolve) => stream.once("close", resolve))));

  let stopper: ReturnType<typeof stopChild> | undefined;
  const unsubscribe = stops.subscribe(() => {
    if (stopper) stopper.escalate();
    else stopper = stopChild(installer, { signal: "SIGTERM", timeoutSeconds: Math.min(settings.stopTimeoutSeconds, 5) });
  });
  if (stops.requested) stopper = stopChild(installer, { signal: "SIGTERM", timeoutSeconds: 0 });
  const timeout = settings.install.timeoutSeconds === undefined ? undefined : delay(settings.install.timeoutSeconds * 1000);
  let timedOut = false;
  void timeout?.done.then((elapsed) => {
    if (!elapsed) return;
    timedOut = true;
    installer.signalGroup("SIGKILL");
  });
  const exit = await installer.exited;
  const grace = delay(2000);
  await Promise.race([outputDone, grace.done]);
  grace.abort();
  timeout?.abort();
  unsubscribe();

  if (stops.requested) {
    logger.info("Dependency installation interrupted by a stop request");
    return "stopped";
  }
  if (exit.error) {
    logger.error(`Dependency installation failed: cannot run '${plan.command[0]}': ${spawnErrorText(exit.error)} (is ${plan.tool} installed?)`);
    return "failed";
  }
  if (timedOut) {
    logger.error(`Dependency installation failed: still running after STANDARD_INSTALL_TIMEOUT=${settings.install.timeoutSeconds} s`);
    return "failed";
  }
  if (exit.code !== 0) {
    logger.error(`Dependency installation failed (${describeExit(exit)}); see the ${plan.tool} output above`);
    return "failed";
  }
  logger.info("Dependency installation completed successfully");
  return "installed";
}
