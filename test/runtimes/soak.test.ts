import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaledTimeout } from "./_support/runs.ts";
import { startServer } from "./_support/servers.ts";
import type { ServerProcess } from "./_support/servers.ts";
import { formatStats, loadAdapters, runSoak } from "./_support/soak.ts";

/** The CI-sized soak (`npm run soak` is the long one): two processes, one session directory. */
describe("soak: two server processes sharing one file session store", () => {
  let dir: string;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mhcs-soak-ci-"));
    const env = { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: dir };
    servers = await Promise.all([startServer(env), startServer(env)]);
    await loadAdapters(servers.map((server) => server.url));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop("SIGTERM")));
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    "completes every session lifecycle across both servers with no 5xx, no lost session and no unexpected answer",
    async () => {
      const stats = await runSoak({
        urls: servers.map((server) => server.url),
        durationMs: scaledTimeout(6_000),
        clients: 8,
        maxSessions: 400,
        usesPerSession: 3,
      });
      console.log(`[reliability] soak (CI): ${formatStats(stats)}`);
      expect(stats.samples).toEqual([]);
      expect(stats.fiveXx).toBe(0);
      expect(stats.lost).toBe(0);
      expect(stats.errors).toBe(0);
      expect(stats.created).toBeGreaterThan(0);
      expect(stats.closed).toBe(stats.created);
      expect(stats.confirmedGone).toBe(stats.closed);
      expect((await readdir(dir)).filter((name) => !name.startsWith("."))).toEqual([]);
    },
    scaledTimeout(90_000),
  );

  it("both servers drain and exit 0 on SIGTERM", async () => {
    const codes = await Promise.all(servers.map((server) => server.stop("SIGTERM")));
    expect(codes).toEqual([0, 0]);
  }, 60_000);
});
