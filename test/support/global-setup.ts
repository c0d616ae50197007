/**
 * Builds dist/ when it is missing or older than the sources: customer scripts and examples under test
 * import the package by name, which resolves through package.json `exports` to dist/.
 * (`npm test` builds first anyway; this covers `npx vitest run ...`.)
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

export default function setup(): void {
  let built = 0;
  try {
    built = statSync(join(root, "dist", "runtimes", "node.js")).mtimeMs;
  } catch {
    // missing: build below
  }
  const sources = Math.max(
    ...["src", "runtimes", "supervisor", "testing"].map((dir) => newestMtime(join(root, dir))),
    statSync(join(root, "tsup.config.ts")).mtimeMs,
  );
  if (built >= sources) return;
  execFileSync(process.execPath, [join(root, "node_modules", "tsup", "dist", "cli-default.js")], { cwd: root, stdio: "inherit" });
}
