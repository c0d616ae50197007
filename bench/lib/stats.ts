/** The middle value (mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The median of `combine` over each round's pair (`ours[i]` with `baseline[i]`, measured back to back):
 * it cancels the machine's drift across rounds, which combining two medians does not.
 */
export function medianOfPairs(ours: readonly number[], baseline: readonly number[], combine: (ours: number, baseline: number) => number): number {
  return median(ours.map((value, round) => combine(value, baseline[round]!)));
}

/** Runs `variants` in turn for `rounds` rounds, flipping the order every round, and keeps every sample. */
export async function alternate<K extends string>(
  rounds: number,
  variants: Record<K, () => Promise<number>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(variants) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await variants[name]());
  }
  return samples;
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  const mib = bytes / (1024 * 1024);
  return mib >= 10 ? `${formatNumber(mib, 0)} MiB` : mib >= 0.1 ? `${formatNumber(mib, 1)} MiB` : `${formatNumber(bytes / 1024, 1)} KiB`;
}

/** A duration in milliseconds with sensible precision. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 0.01) return `${formatNumber(ms * 1000, 2)} µs`;
  if (ms < 1) return `${formatNumber(ms * 1000, 0)} µs`;
  return `${formatNumber(ms, ms < 100 ? 2 : 0)} ms`;
}
