/**
 * The allocator settings the image's `serve` script exports (`export MALLOC_X="${MALLOC_X:-value}"`), read
 * from the script itself, so that the tests and the benchmark run the server as the container does.
 */
import { readFileSync } from "node:fs";

export function containerMallocEnv(): Record<string, string> {
  const script = readFileSync(new URL("./serve", import.meta.url), "utf8");
  const exports = script.matchAll(/^export (MALLOC_\w+)="\$\{\1:-([^}]*)\}"$/gm);
  return Object.fromEntries([...exports].map((match) => [match[1]!, match[2]!]));
}
