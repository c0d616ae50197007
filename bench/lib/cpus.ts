import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * Which CPUs the servers and the load generator run on. On a virtual machine one vCPU can be far slower
 * than another for minutes at a time (README finding AM: the same bare server read 19 µs a request on one
 * and 33 µs on the other), and a process mostly stays where the scheduler first put it, so two servers
 * compared in one run could differ by that much before either ran a line of library code. With `taskset`
 * and two or more CPUs, every server runs on one CPU (`BENCH_SERVER_CPUS`, default the last) and the load
 * generator on the others (`BENCH_CLIENT_CPUS`); `BENCH_PIN=0` leaves placement to the scheduler.
 */
export interface Placement {
  /** A taskset CPU list, or undefined when processes are not pinned. */
  server?: string;
  client?: string;
}

let cached: Placement | undefined;

function tasksetPresent(): boolean {
  try {
    execFileSync("taskset", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function placement(env: Record<string, string | undefined> = process.env): Placement {
  if (cached) return cached;
  const cpus = availableParallelism();
  if (env.BENCH_PIN === "0" || cpus < 2 || !tasksetPresent()) return (cached = {});
  const last = cpus - 1;
  return (cached = {
    server: env.BENCH_SERVER_CPUS || String(last),
    client: env.BENCH_CLIENT_CPUS || (last === 1 ? "0" : `0-${last - 1}`),
  });
}

/** `command args` run on the CPUs of `role`, through taskset when processes are pinned. */
export function placed(role: keyof Placement, command: string, args: readonly string[]): { command: string; args: string[] } {
  const cpus = placement()[role];
  return cpus === undefined ? { command, args: [...args] } : { command: "taskset", args: ["-c", cpus, command, ...args] };
}

/** For RESULTS.md's machine lines. */
export function describePlacement(): string {
  const { server, client } = placement();
  return server === undefined ? "not pinned (no taskset, one CPU, or BENCH_PIN=0)" : `servers on CPU ${server}, load generator on CPU ${client}`;
}
