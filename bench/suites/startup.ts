import { runtimeAvailable, shimBuilt, type RuntimeName } from "../lib/runtimes.ts";
import { startServer } from "../lib/server-process.ts";
import { alternate, formatMs, median } from "../lib/stats.ts";
import { skippedRow, type Row } from "../lib/table.ts";
import type { SuiteOptions } from "./options.ts";

const BARE: Record<RuntimeName, string> = { node: "node:http", bun: "Bun.serve", deno: "Deno.serve" };

/**
 * Process start to `ready()` (imports, config validation, handler preparation) for our server script,
 * against process start to the same point of the bare server script, which only imports the app.
 */
export async function startupSuite(options: SuiteOptions): Promise<Row[]> {
  const rounds = options.quick ? 1 : Math.max(5, options.rounds);
  const rows: Row[] = [];
  for (const runtime of options.runtimes) {
    const area = `Start-up ${runtime}`;
    const kase = "process start -> ready()";
    if (!runtimeAvailable(runtime) || !shimBuilt(runtime)) {
      rows.push(skippedRow(area, kase, !runtimeAvailable(runtime) ? `${runtime} binary not found` : `our ${runtime} shim is not built`));
      continue;
    }
    options.log(`${area}`);
    const listening = { ours: [] as number[], bare: [] as number[] };
    const once = (variant: "ours" | "bare") => async () => {
      const server = await startServer(runtime, `${runtime}-${variant}.mjs`);
      await server.stop();
      listening[variant].push(server.listeningMs);
      return server.readyMs;
    };
    try {
      const samples = await alternate(rounds, { ours: once("ours"), bare: once("bare") });
      const ours = median(samples.ours);
      const bare = median(samples.bare);
      rows.push({
        area,
        case: kase,
        ours: formatMs(ours),
        baseline: `${formatMs(bare)} (bare ${BARE[runtime]} script)`,
        ratio: ours / bare,
        ratioAs: "multiple",
        target: "",
        note: `median of ${rounds}; listening after ${formatMs(median(listening.ours))} vs ${formatMs(median(listening.bare))}`,
      });
    } catch (error) {
      rows.push(skippedRow(area, kase, `failed: ${(error as Error).message.split("\n")[0]}`));
    }
  }
  return rows;
}
