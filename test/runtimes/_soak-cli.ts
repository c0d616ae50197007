/**
 * `npm run soak`: two server processes (fixtures/soak-server.ts) on 127.0.0.1 sharing one
 * file session directory, and many concurrent clients doing full sticky-session lifecycles (create on one
 * server, use on either with streamed and non-streamed invocations and adapter ids, close on the other).
 * Bounded by SOAK_SECONDS (default 60) and SOAK_MAX_SESSIONS (default 5000); SOAK_CLIENTS (default 32).
 * Prints the counts and exits 1 on any 5xx, lost session or unexpected answer.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "./_support/servers.ts";
import type { ServerProcess } from "./_support/servers.ts";
import { formatStats, loadAdapters, runSoak, soakFailed } from "./_support/soak.ts";

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? "");
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const dir = await mkdtemp(join(tmpdir(), "mhcs-soak-"));
const servers: ServerProcess[] = [];
let failed = true;
try {
  const env = { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: dir };
  servers.push(...(await Promise.all([startServer(env), startServer(env)])));
  const urls = servers.map((server) => server.url);
  await loadAdapters(urls);
  const options = {
    urls,
    durationMs: number("SOAK_SECONDS", 60) * 1000,
    clients: number("SOAK_CLIENTS", 32),
    maxSessions: number("SOAK_MAX_SESSIONS", 5000),
    usesPerSession: number("SOAK_USES", 4),
  };
  console.log(`soak: ${options.clients} clients, up to ${options.maxSessions} sessions or ${options.durationMs / 1000} s, servers ${urls.join(" ")}, store ${dir}`);
  const stats = await runSoak(options, undefined, number("SOAK_SEED", 1));
  const left = (await readdir(dir)).filter((name) => !name.startsWith("."));
  console.log(`soak: ${formatStats(stats)}; session directories left ${left.length}`);
  for (const sample of stats.samples) console.log(`  ${sample}`);
  failed = soakFailed(stats);
} finally {
  const codes = await Promise.all(servers.map((server) => server.stop("SIGTERM")));
  if (codes.some((code) => code !== 0)) {
    console.log(`soak: a server exited with ${codes.join(", ")}`);
    failed = true;
  }
  await rm(dir, { recursive: true, force: true });
}
console.log(failed ? "soak: FAILED" : "soak: passed");
process.exit(failed ? 1 : 0);
