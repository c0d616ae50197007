/**
 * Sizes of the property and soak suites. CI runs them as they are; `FUZZ_SCALE` multiplies the number
 * of cases (`npm run fuzz:nightly` sets it to 20), `FUZZ_SEED` replays a failure fast-check reported.
 */
export const FUZZ_SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? "1") || 1);

export function runs(base: number): number {
  return Math.max(1, Math.round(base * FUZZ_SCALE));
}

export function fuzzSeed(): { seed?: number } {
  const raw = process.env.FUZZ_SEED;
  return raw === undefined || raw === "" ? {} : { seed: Number(raw) };
}

/** Extra time a test may take when the scale is raised, so nightly runs are not cut short by vitest. */
export function scaledTimeout(baseMs: number): number {
  return Math.round(baseMs * Math.max(1, FUZZ_SCALE));
}
