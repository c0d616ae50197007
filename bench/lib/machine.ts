import { execFile } from "node:child_process";
import { cpus, loadavg, totalmem, type as osType, release } from "node:os";
import { promisify } from "node:util";
import { formatBytes } from "./stats.ts";
import { BUN, DENO, NODE } from "./runtimes.ts";

const run = promisify(execFile);

async function versionOf(binary: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(binary, args, { timeout: 15_000 });
    return stdout.trim().split("\n")[0] ?? "unknown";
  } catch {
    return "not available";
  }
}

/** What the figures were measured on: they mean nothing without it. */
export async function describeMachine(): Promise<string[]> {
  const cpu = cpus();
  const [node, bun, deno] = await Promise.all([
    versionOf(NODE, ["--version"]),
    versionOf(BUN, ["--version"]),
    versionOf(DENO, ["--version"]),
  ]);
  const load = loadavg().map((value) => value.toFixed(2)).join(" / ");
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${cpu[0]?.model.trim() ?? "unknown"}, ${cpu.length} cores`,
    `- Memory: ${formatBytes(totalmem())}`,
    `- OS: ${osType()} ${release()}; load average at start (1/5/15 min): ${load}`,
    `- Node ${node} (harness and Node servers: ${NODE}); Bun ${bun}; ${deno}`,
  ];
}
