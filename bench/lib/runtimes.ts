import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The Node that runs the Node servers: this one unless BENCH_NODE names another (e.g. Node 24). */
export const NODE = process.env.BENCH_NODE ?? process.execPath;
export const BUN = process.env.BENCH_BUN ?? `${root}node_modules/.bin/bun`;
export const DENO = process.env.BENCH_DENO ?? `${root}node_modules/.bin/deno`;
export const SERVERS = `${root}bench/servers/`;
export const DIST = `${root}dist/`;

export type RuntimeName = "node" | "bun" | "deno";

/** The command that runs a server script under a runtime; Deno gets every permission it may need. */
export function commandFor(runtime: RuntimeName, script: string): { command: string; args: string[] } {
  if (runtime === "node") return { command: NODE, args: [script] };
  if (runtime === "bun") return { command: BUN, args: ["run", script] };
  return { command: DENO, args: ["run", "-A", "--quiet", script] };
}

export function runtimeAvailable(runtime: RuntimeName): boolean {
  return runtime === "node" || existsSync(runtime === "bun" ? BUN : DENO);
}

/** Our shim for a runtime exists once its entry has been built into dist/. */
export function shimBuilt(runtime: RuntimeName): boolean {
  return existsSync(`${DIST}runtimes/${runtime}.js`);
}
