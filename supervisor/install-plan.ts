import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { InstallSettings } from "./settings.ts";

export type Tool = "npm" | "bun" | "deno" | "pnpm" | "yarn";

export type InstallPlan =
  | { kind: "skip"; reason: string; level: "debug" | "info" }
  | { kind: "fail"; reason: string }
  | { kind: "run"; tool: Tool; command: readonly string[]; cwd: string; missing: readonly string[] };

/** Lockfiles in the order they are looked for; the first one present chooses the tool. */
const LOCKFILES: readonly (readonly [string, Tool])[] = [
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["deno.lock", "deno"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
];

const FROZEN_ARGS: Readonly<Record<Tool, readonly string[]>> = {
  npm: ["ci", "--omit=dev", "--no-audit", "--no-fund"],
  bun: ["install", "--frozen-lockfile", "--production"],
  deno: ["install", "--frozen-lockfile", "--prod"],
  pnpm: ["install", "--frozen-lockfile", "--prod"],
  yarn: ["install", "--frozen-lockfile", "--production"],
};
const UNLOCKED_ARGS: Readonly<Record<"npm" | "bun" | "deno", readonly string[]>> = {
  npm: ["install", "--omit=dev", "--no-audit", "--no-fund"],
  bun: ["install", "--production"],
  deno: ["install", "--prod"],
};

/** The runtime executing the supervisor: its own binary installs for it when no lockfile decides. */
function currentRuntime(): "bun" | "deno" | "node" {
  if (process.versions.bun !== undefined) return "bun";
  if ((process.versions as Record<string, string | undefined>).deno !== undefined) return "deno";
  return "node";
}

/** bun and deno are their own installers: prefer the binary running us over a PATH lookup. */
function executableFor(tool: Tool): string {
  return (tool === "bun" || tool === "deno") && currentRuntime() === tool ? process.execPath : tool;
}

/** Without a lockfile the launch command picks the tool (`bun server.ts` installs with bun), else our runtime. */
function unlockedTool(argv: readonly string[]): "npm" | "bun" | "deno" {
  const launcher = basename(argv[0] ?? "");
  if (launcher === "bun" || launcher === "bunx") return "bun";
  if (launcher === "deno") return "deno";
  if (launcher === "node" || launcher === "nodejs" || launcher === "npm" || launcher === "npx") return "npm";
  const runtime = currentRuntime();
  return runtime === "node" ? "npm" : runtime;
}

function dependencyNames(manifestPath: string): string[] {
  const manifest: unknown = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) throw new Error("not a JSON object");
  const dependencies = (manifest as { dependencies?: unknown }).dependencies;
  if (dependencies === undefined) return [];
  if (typeof dependencies !== "object" || dependencies === null || Array.isArray(dependencies)) throw new Error('"dependencies" is not an object');
  return Object.keys(dependencies);
}

/**
 * Decides what the install step does for the model directory. `node_modules` is complete when every
 * name in `dependencies` has `node_modules/<name>/package.json` (versions are not compared); then
 * nothing runs, which also protects a vendored `node_modules` that `npm ci` would delete.
 */
export function planInstall(settings: InstallSettings, argv: readonly string[]): InstallPlan {
  const dir = settings.modelDir;
  if (!settings.enabled) return { kind: "skip", level: "info", reason: "Automatic dependency installation disabled (STANDARD_AUTO_INSTALL_REQ)" };
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) {
    if (existsSync(join(dir, "requirements.txt"))) {
      return { kind: "skip", level: "info", reason: `${dir}/requirements.txt is not installed: the JavaScript supervisor installs package.json dependencies only` };
    }
    return { kind: "skip", level: "debug", reason: `No package.json found in ${dir}` };
  }
  let names: string[];
  try {
    names = dependencyNames(manifestPath);
  } catch (error) {
    return { kind: "fail", reason: `cannot read ${manifestPath}: ${(error as Error).message}` };
  }
  if (names.length === 0) return { kind: "skip", level: "debug", reason: `${manifestPath} has no dependencies` };
  const missing = names.filter((name) => !existsSync(join(dir, "node_modules", name, "package.json")));
  if (missing.length === 0) {
    return { kind: "skip", level: "info", reason: `${join(dir, "node_modules")} already holds all ${names.length} dependencies: not installing` };
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return {
      kind: "fail",
      reason: `${dir} is not writable, so its dependencies (${missing.join(", ")}) cannot be installed in place: ship node_modules in the model artifact or set STANDARD_AUTO_INSTALL_REQ=false`,
    };
  }
  const locked = LOCKFILES.find(([file]) => existsSync(join(dir, file)));
  const tool = locked ? locked[1] : unlockedTool(argv);
  const args = locked ? FROZEN_ARGS[tool] : UNLOCKED_ARGS[tool as "npm" | "bun" | "deno"];
  return { kind: "run", tool, command: [executableFor(tool), ...args, ...settings.extraArgs], cwd: dir, missing };
}
