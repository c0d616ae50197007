/**
 * Stryker's vitest runner forces `pool: "threads"`, where `process.umask(mask)` throws. Under mutation
 * only, setting the umask to the value it already has is a no-op instead of an error (tests that set
 * it to 022, the usual default, then run unchanged); any other value still throws.
 */
import { isMainThread } from "node:worker_threads";

if (!isMainThread) {
  const read = (): number => {
    const original = Object.getOwnPropertyDescriptor(process, "umask")!.value as (mask?: number) => number;
    return original.call(process);
  };
  const current = read();
  Object.defineProperty(process, "umask", {
    configurable: true,
    writable: true,
    value: (mask?: number | string): number => {
      if (mask === undefined) return current;
      const wanted = typeof mask === "string" ? Number.parseInt(mask, 8) : mask;
      if (wanted !== current) throw new Error(`process.umask(${wanted.toString(8)}) cannot be set in a worker thread (umask is ${current.toString(8)})`);
      return current;
    },
  });
}
