#!/usr/bin/env node
// Installs the llama.cpp example's own dependencies (node-llama-cpp with only its Linux x64 CPU prebuilt,
// itty-router) into examples/llama-cpp/node_modules, pinned by its package-lock.json. A separate tree,
// because `--omit=optional` at the repository root would also strip the root's optional platform binaries
// (esbuild's, bun's, deno's). Does nothing when the pinned versions are already there; safe to run from
// several processes at once (the root's `prepare`, .ci/run and the tests all call it).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function installed() {
  const { dependencies } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
  return Object.entries(dependencies).every(([name, version]) => {
    const manifest = join(here, "node_modules", name, "package.json");
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === version;
  });
}

if (process.argv[2] === "--check") process.exit(installed() ? 0 : 1);

if (!installed()) {
  const npmCli = process.env.npm_execpath;
  const npm = npmCli && npmCli.endsWith(".js") ? [process.execPath, npmCli] : ["npm"];
  const install = [...npm, "ci", "--omit=optional", "--no-audit", "--no-fund", "--loglevel=error"];
  // One install at a time: a second caller waits on the lock, then finds the tree ready (--check).
  const lock = join(tmpdir(), `mhcs-llama-install-${createHash("sha256").update(here).digest("hex").slice(0, 12)}.lock`);
  const script = 'node="$0"; self="$1"; shift; "$node" "$self" --check || exec "$@"';
  const options = {
    cwd: here,
    stdio: ["ignore", "inherit", "inherit"],
    // Only the prebuilt CPU binary: nothing is downloaded or built, at install or at run time.
    env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true", npm_config_omit: "optional" },
  };
  try {
    execFileSync("flock", [lock, "sh", "-c", script, process.execPath, fileURLToPath(import.meta.url), ...install], options);
  } catch (error) {
    // No flock (util-linux) on this machine: install without the lock.
    if (error.code !== "ENOENT") throw error;
    execFileSync(install[0], install.slice(1), options);
  }
  if (!installed()) {
    console.error(`examples/llama-cpp: npm ci did not install the pinned versions of ${join(here, "package.json")}`);
    process.exit(1);
  }
}
