/**
 * `work`, or a rejection with `timeoutError()` once `ms` have passed first. The pending timer keeps
 * the process alive meanwhile, so a promise that never settles is reported instead of ending it.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, timeoutError: () => unknown): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    // Timers take at most 2^31-1 ms; a longer delay would fire at once.
    timer = setTimeout(() => reject(timeoutError()), Math.min(ms, 2 ** 31 - 1));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
