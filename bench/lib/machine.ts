import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem, type as osType, release } from "node:os";
import { promisify } from "node:util";
import { formatBytes } from "./stats.ts";
import { chooseLoadGenerator, type LoadGenerator } from "./load.ts";
import { describePlacement } from "./cpus.ts";
import { BUN, DENO, NODE } from "./runtimes.ts";

const run = promisify(execFile);

async function versionOf(binary: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(binary, args, { timeout: 15_000 });
    return stdout.trim().split("\n")[0] ?? "unknown";
  } catch (error) {
    // wrk --version prints its version and exits 1.
    const stdout = (error as { stdout?: unknown }).stdout;
    return typeof stdout === "string" && stdout.trim() !== "" ? (stdout.trim().split("\n")[0] ?? "unknown") : "not available";
  }
}

async function loadGeneratorVersion(generator: LoadGenerator): Promise<string> {
  if (generator === "wrk") return `${(await versionOf("wrk", ["--version"])).split(" [")[0]}, one thread`;
  const version = (createRequire(import.meta.url)("autocannon/package.json") as { version: string }).version;
  return `autocannon ${version}, in the harness process (install wrk for lower client overhead)`;
}

/** What the figures were measured on: they mean nothing without it. */
export async function describeMachine(): Promise<string[]> {
  const cpu = cpus();
  const generator = await chooseLoadGenerator();
  const [node, bun, deno, loadGenerator] = await Promise.all([
    versionOf(NODE, ["--version"]),
    versionOf(BUN, ["--version"]),
    versionOf(DENO, ["--version"]),
    loadGeneratorVersion(generator),
  ]);
  const load = loadavg().map((value) => value.toFixed(2)).join(" / ");
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${cpu[0]?.model.trim() ?? "unknown"}, ${cpu.length} cores`,
    `- Memory: ${formatBytes(totalmem())}`,
    `- OS: ${osType()} ${release()}; load average at start (1/5/15 min): ${load}`,
    `- Node ${node} (harness and Node servers: ${NODE}); Bun ${bun}; ${deno}`,
    `- HTTP load generator: ${loadGenerator}, on the same machine; ${describePlacement(generator)}`,
  ];
}
