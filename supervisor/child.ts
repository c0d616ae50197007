import { spawn } from "node:child_process";
import type { StdioOptions } from "node:child_process";
import { constants } from "node:os";
import type { Readable } from "node:stream";

/** How a child ended: an exit code, a signal, or a spawn that never happened (`error`). */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: NodeJS.ErrnoException;
}

export interface RunningChild {
  /** Undefined only when the spawn failed. */
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Sends `signal` to the child's whole process group; a group that is already gone is not an error. */
  signalGroup(signal: NodeJS.Signals): void;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  stdio: StdioOptions;
  cwd?: string;
}

/**
 * Spawns `argv` without a shell, so every argument arrives byte for byte, as the leader of a new process
 * group (`detached` calls setsid), so signals reach its descendants and a terminal Ctrl-C reaches only us.
 */
export function startChild(argv: readonly string[], options: StartOptions): RunningChild {
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, { detached: true, shell: false, stdio: options.stdio, env: options.env, cwd: options.cwd });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
    child.once("exit", (code, signal) => {
      // Descendants left behind by the leader die with it: no orphan keeps a port or GPU memory.
      if (child.pid !== undefined) killQuietly(-child.pid);
      resolve({ code, signal });
    });
  });
  const pid = child.pid;
  return {
    pid,
    exited,
    stdout: child.stdout,
    stderr: child.stderr,
    signalGroup(signal) {
      if (pid === undefined) return;
      try {
        process.kill(-pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ESRCH") return;
        // A runtime without process-group kill still reaches the child itself.
        try {
          child.kill(signal);
        } catch {
          // already gone
        }
      }
    },
  };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // the group is already empty
  }
}

/** The shell convention for a child's end: its exit code, or 128 + the signal number. */
export function exitStatus(exit: ChildExit): number {
  if (exit.code !== null) return exit.code;
  if (exit.signal !== null) return 128 + (constants.signals[exit.signal] ?? 0);
  return 1;
}

export function describeExit(exit: ChildExit): string {
  if (exit.error) return exit.error.message;
  if (exit.code !== null) return `exit status ${exit.code}`;
  return `terminated by ${exit.signal ?? "an unknown signal"}`;
}

/** Resolves after `ms`, or as soon as `abort` is called; returns whether the full delay elapsed. */
export function delay(ms: number): { done: Promise<boolean>; abort: () => void } {
  let abort = (): void => {};
  const done = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    abort = () => {
      clearTimeout(timer);
      resolve(false);
    };
  });
  return { done, abort };
}

export interface StopOptions {
  signal: NodeJS.Signals;
  timeoutSeconds: number;
  /** Called just before SIGKILL with the seconds since `signal` was sent. */
  onKill?: (elapsedSeconds: number) => void;
}

/**
 * Stops a child's group: `signal`, then SIGKILL once `timeoutSeconds` have passed, then waits for the child
 * to be reaped. Calling `escalate` (a second stop request) sends SIGKILL at once.
 */
export function stopChild(child: RunningChild, options: StopOptions): { stopped: Promise<ChildExit>; escalate: () => void } {
  const wait = delay(options.timeoutSeconds * 1000);
  const signalled = performance.now();
  let killed = false;
  const kill = (elapsedSeconds: number): void => {
    if (killed) return;
    killed = true;
    options.onKill?.(elapsedSeconds);
    child.signalGroup("SIGKILL");
  };
  child.signalGroup(options.signal);
  void wait.done.then((elapsed) => {
    if (elapsed) kill(options.timeoutSeconds);
  });
  const stopped = child.exited.then((exit) => {
    wait.abort();
    return exit;
  });
  return {
    stopped,
    escalate: () => {
      wait.abort();
      // A second stop request: the real time since the first, to a tenth of a second.
      kill(Math.round((performance.now() - signalled) / 100) / 10);
    },
  };
}
