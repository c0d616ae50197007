import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Which CPUs the servers and the load generator run on. On a virtual machine one vCPU can be far slower
 * than another for minutes at a time (README finding AM: the same bare server read 19 µs a request on one
 * and 33 µs on the other), and a process mostly stays where the scheduler first put it, so two servers
 * compared in one run could differ by that much before either ran a line of library code. With `taskset`
 * and two or more CPUs allowed, every server runs on one CPU (`BENCH_SERVER_CPUS`, default the last
 * allowed) and wrk on the others (`BENCH_CLIENT_CPUS`); `BENCH_PIN=0` leaves placement to the scheduler.
 */
export interface Placement {
  /** A taskset CPU list, or undefined when processes are not pinned. */
  server?: string;
  client?: string;
}

let cached: Placement | undefined;

/** The CPU ids this process may run on (a container's cpuset need not start at 0); empty when unknown. */
function allowedCpus(): number[] {
  try {
    const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "";
    return list.split(",").flatMap((part) => {
      const [first, last = first] = part.split("-").map(Number) as [number, number?];
      return Array.from({ length: last - first + 1 }, (_, index) => first + index);
    });
  } catch {
    return [];
  }
}

/** taskset is there and the system lets it pin (a sandbox may forbid sched_setaffinity). */
function canPin(cpu: string): boolean {
  try {
    execFileSync("taskset", ["-c", cpu, "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function placement(): Placement {
  if (cached) return cached;
  const cpus = allowedCpus();
  const server = process.env.BENCH_SERVER_CPUS || String(cpus.at(-1));
  if (process.env.BENCH_PIN === "0" || cpus.length < 2 || !canPin(server)) return (cached = {});
  return (cached = { server, client: process.env.BENCH_CLIENT_CPUS || cpus.slice(0, -1).join(",") });
}

/** `command args` run on the CPUs of `role`, through taskset when processes are pinned. */
export function placed(role: keyof Placement, command: string, args: readonly string[]): { command: string; args: string[] } {
  const cpus = placement()[role];
  return cpus === undefined ? { command, args: [...args] } : { command: "taskset", args: ["-c", cpus, command, ...args] };
}

/** For RESULTS.md's machine lines; autocannon runs in the harness, which is not pinned. */
export function describePlacement(generator: "wrk" | "autocannon"): string {
  const { server, client } = placement();
  if (server === undefined) return "not pinned (no taskset, one CPU, or BENCH_PIN=0)";
  return generator === "wrk" ? `servers on CPU ${server}, load generator on CPU ${client}` : `servers on CPU ${server}, the harness (and autocannon) not pinned`;
}
