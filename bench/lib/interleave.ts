/** What one side costs per operation. */
export interface PerOperation {
  /** Process CPU time (all threads: GC included), in µs. */
  cpuMicros: number;
  wallMicros: number;
}

export interface InterleaveOptions {
  /** Operations per side before anything is timed (JIT warm-up). */
  warmup: number;
  batches: number;
  batchSize: number;
}

/**
 * Runs the sides in short batches, one after the other, flipping the order every batch, and sums each
 * side's CPU and wall time. On a shared VM the speed of the machine drifts over seconds; batches of
 * milliseconds put both sides under the same drift, where a few long rounds each see a different machine
 * (the same code read 36% to 49% of its baseline over rounds of a second).
 */
export async function interleave<K extends string>(sides: Record<K, () => Promise<unknown>>, options: InterleaveOptions): Promise<Record<K, PerOperation>> {
  const names = Object.keys(sides) as K[];
  for (const name of names) for (let i = 0; i < options.warmup; i++) await sides[name]();
  const cpu = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  const wall = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  for (let batch = 0; batch < options.batches; batch++) {
    const order = batch % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const run = sides[name];
      const cpuStart = process.cpuUsage();
      const wallStart = performance.now();
      for (let i = 0; i < options.batchSize; i++) await run();
      wall[name] += (performance.now() - wallStart) * 1000;
      const used = process.cpuUsage(cpuStart);
      cpu[name] += used.user + used.system;
    }
  }
  const count = options.batches * options.batchSize;
  return Object.fromEntries(names.map((name) => [name, { cpuMicros: cpu[name] / count, wallMicros: wall[name] / count }])) as Record<K, PerOperation>;
}

/** Full runs: 200 alternating batches of 100 operations a side; quick runs only check that both sides answer. */
export function interleaveOptions(quick: boolean): InterleaveOptions {
  return quick ? { warmup: 20, batches: 4, batchSize: 20 } : { warmup: 2_000, batches: 200, batchSize: 100 };
}
