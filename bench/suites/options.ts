import type { RuntimeName } from "../lib/runtimes.ts";

/** How long and how often every suite measures; quick mode shrinks everything for smoke tests. */
export interface SuiteOptions {
  quick: boolean;
  rounds: number;
  /** HTTP only: alternating rounds of `durationSeconds` a side, each round's ours/bare pair one ratio. */
  httpRounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  runtimes: RuntimeName[];
  log(message: string): void;
}

export function suiteOptions(quick: boolean, env: Record<string, string | undefined>, log: (message: string) => void): SuiteOptions {
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    return raw === undefined || raw === "" || Number.isNaN(Number(raw)) ? fallback : Number(raw);
  };
  const runtimes = (env.BENCH_RUNTIMES ?? "node,bun,deno").split(",").map((name) => name.trim()).filter(Boolean) as RuntimeName[];
  return {
    quick,
    rounds: number("BENCH_ROUNDS", quick ? 1 : 3),
    httpRounds: number("BENCH_HTTP_ROUNDS", quick ? 1 : 9),
    durationSeconds: number("BENCH_DURATION", quick ? 0.5 : 1),
    warmupSeconds: number("BENCH_WARMUP", quick ? 0 : 1),
    runtimes,
    log,
  };
}
