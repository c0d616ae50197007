import { randomUUID } from "node:crypto";
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOAK_SERVER, startCommand, startServer } from "./_support/servers.ts";
import type { ServerProcess } from "./_support/servers.ts";
import { emptyStats, runSoak } from "./_support/soak.ts";

const SESSION = "x-amzn-sagemaker-session-id";
/** Debian's nobody/nogroup. */
const NOBODY = 65534;

async function invoke(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${url}/invocations`, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function newSession(url: string): Promise<string> {
  const answer = await invoke(url, { requestType: "NEW_SESSION" });
  expect(answer.status, answer.text).toBe(200);
  return /^([^;]+);/.exec(answer.headers.get("x-amzn-sagemaker-new-session-id") ?? "")![1]!;
}

const sessionsEnv = (dir: string) => ({ SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: dir });

describe("faults around the file session store", () => {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "mhcs-faults-"));
    dirs.push(dir);
    return dir;
  };
  const start = async (env: Record<string, string>) => {
    const server = await startServer(env);
    servers.push(server);
    return server;
  };
  /** The soak server as another user, through util-linux's setpriv (a Debian essential package). */
  const startAs = async (uid: number, env: Record<string, string>) => {
    const server = await startCommand(["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", process.execPath, "--import", "tsx", SOAK_SERVER], env);
    servers.push(server);
    return server;
  };

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop("SIGKILL")));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }, 60_000);

  it(
    "kill -9 of a server mid-load, then a restart: live sessions stay valid everywhere, the directory holds no corrupt session",
    async () => {
      const dir = await tempDir();
      const [a, b] = await Promise.all([start(sessionsEnv(dir)), start(sessionsEnv(dir))]);
      const live = [await newSession(a!.url), await newSession(b!.url), await newSession(a!.url)];
      const stats = emptyStats();
      const load = runSoak({ urls: [a!.url], durationMs: 4_000, clients: 8, maxSessions: 10_000, usesPerSession: 2, requestTimeoutMs: 10_000 }, stats);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      a!.child.kill("SIGKILL");
      expect(await a!.exited).toBe("SIGKILL");
      await load;
      expect(stats.created).toBeGreaterThan(0);

      const restarted = await start(sessionsEnv(dir));
      for (const id of live) {
        for (const server of [restarted, b!]) {
          const used = await invoke(server.url, { n: 1 }, { [SESSION]: id });
          expect(used.status, used.text).toBe(200);
          expect(used.text).toContain(`"session_id":"${id}"`);
        }
      }
      // Every session directory left behind (those the load had not closed yet) is whole: usable, then closable.
      const entries = (await readdir(dir)).filter((name) => !name.startsWith("."));
      for (const name of entries) {
        const expiry = await readFile(join(dir, name, ".expiration_ts"), "utf8");
        expect(Number.isFinite(Number(expiry)), `${name}/.expiration_ts = ${expiry}`).toBe(true);
        const used = await invoke(restarted.url, { n: 2 }, { [SESSION]: name });
        expect(used.status, used.text).toBe(200);
      }
      for (const id of live) expect((await invoke(restarted.url, { requestType: "CLOSE" }, { [SESSION]: id })).status).toBe(200);
      console.log(`[reliability] kill -9 mid-load: ${stats.created} sessions created before/around the kill, ${entries.length} left open, all valid after restart`);
    },
    120_000,
  );

  describe("truncated and garbage entries in the store directory", () => {
    let dir: string;
    let server: ServerProcess;
    const garbage = { file: randomUUID(), empty: randomUUID(), text: randomUUID(), dir: randomUUID(), link: randomUUID(), huge: randomUUID() };

    beforeAll(async () => {
      dir = await tempDir();
      await writeFile(join(dir, garbage.file), "not a directory");
      await mkdir(join(dir, garbage.empty));
      await writeFile(join(dir, garbage.empty, ".expiration_ts"), "");
      await mkdir(join(dir, garbage.text));
      await writeFile(join(dir, garbage.text, ".expiration_ts"), "{garbage");
      await mkdir(join(dir, garbage.dir));
      await symlink("/etc", join(dir, garbage.link));
      await mkdir(join(dir, garbage.huge));
      await writeFile(join(dir, garbage.huge, ".expiration_ts"), "9".repeat(1_000_000));
      await mkdir(join(dir, "not-a-session-id..x"));
      await writeFile(join(dir, ".staging-leftover"), "x");
      server = await start(sessionsEnv(dir));
    }, 90_000);

    it("answers every corrupt id with 400 session not found, never a 5xx", async () => {
      for (const id of Object.values(garbage)) {
        const used = await invoke(server.url, { n: 1 }, { [SESSION]: id });
        expect(used.status, `${id}: ${used.text}`).toBe(400);
        expect(used.text).toContain(`session not found: ${id}`);
        const closed = await invoke(server.url, { requestType: "CLOSE" }, { [SESSION]: id });
        expect(closed.status, `${id}: ${closed.text}`).toBeLessThan(500);
      }
    });

    it("still creates, uses and closes sessions, and a second process starts on the same directory", async () => {
      const id = await newSession(server.url);
      expect((await invoke(server.url, { n: 1 }, { [SESSION]: id })).status).toBe(200);
      const second = await start(sessionsEnv(dir));
      expect((await invoke(second.url, { n: 1 }, { [SESSION]: id })).status).toBe(200);
      expect((await invoke(second.url, { requestType: "CLOSE" }, { [SESSION]: id })).status).toBe(200);
      expect(server.child.exitCode).toBeNull();
      // The symlink's target was never touched.
      expect((await stat("/etc")).isDirectory()).toBe(true);
    });
  });

  it("a store directory replaced by a file while serving: a clear 424/503 detail and a log line, never a crash; recovers when it is back", async () => {
    const parent = await tempDir();
    const dir = join(parent, "sessions");
    const server = await start({ ...sessionsEnv(dir), SAGEMAKER_CONTAINER_LOG_LEVEL: "INFO" });
    const id = await newSession(server.url);
    await rm(dir, { recursive: true, force: true });
    await writeFile(dir, "in the way");

    const created = await invoke(server.url, { requestType: "NEW_SESSION" });
    expect([424, 503]).toContain(created.status);
    expect(JSON.parse(created.text).detail).toMatch(/^Failed to create session: /);
    const used = await invoke(server.url, { n: 1 }, { [SESSION]: id });
    expect(used.status === 400 || used.status === 503, used.text).toBe(true);
    const closed = await invoke(server.url, { requestType: "CLOSE" }, { [SESSION]: id });
    expect([400, 424, 503]).toContain(closed.status);
    for (const answer of [created, used, closed]) expect(answer.text).not.toMatch(/ENOTDIR:|\n\s+at /);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.output.join("")).toMatch(/Session store failed to create session/);
    expect(server.child.exitCode).toBeNull();

    await rm(dir, { force: true });
    expect(await newSession(server.url)).toMatch(/^[0-9a-f-]{36}$/);
  }, 90_000);

  it("a read-only store directory: 424 on create with a log line, never a crash", async () => {
    const dir = await tempDir();
    // Root ignores file modes (CI runs as root): there the server runs as nobody, who owns the directory.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chown(dir, NOBODY, NOBODY);
    const server = asRoot ? await startAs(NOBODY, sessionsEnv(dir)) : await start(sessionsEnv(dir));
    const id = await newSession(server.url);
    await chmod(dir, 0o500);
    try {
      const created = await invoke(server.url, { requestType: "NEW_SESSION" });
      expect(created.status, created.text).toBe(424);
      expect(server.output.join("")).toMatch(/\[ERROR\].*Session store failed to create.*EACCES/);
      expect((await invoke(server.url, { n: 1 }, { [SESSION]: id })).status).toBe(200);
      expect(server.child.exitCode).toBeNull();
    } finally {
      await chmod(dir, 0o700);
    }
  }, 90_000);

  it("a missing or unusable SAGEMAKER_SESSIONS_PATH at start: a warning naming it, a working fallback, no crash", async () => {
    const parent = await tempDir();
    const blocker = join(parent, "file");
    await writeFile(blocker, "x");
    const server = await start({ ...sessionsEnv(join(blocker, "sessions")), SAGEMAKER_CONTAINER_LOG_LEVEL: "INFO" });
    const id = await newSession(server.url);
    expect((await invoke(server.url, { n: 1 }, { [SESSION]: id })).status).toBe(200);
    expect(server.output.join("")).toContain(`Failed to initialize sessions at '${join(blocker, "sessions")}'`);
    expect((await invoke(server.url, { requestType: "CLOSE" }, { [SESSION]: id })).status).toBe(200);

    const missing = join(parent, "does", "not", "exist");
    const second = await start(sessionsEnv(missing));
    await newSession(second.url);
    expect((await readdir(missing)).filter((name) => !name.startsWith(".")).length).toBe(1);
  }, 90_000);
});
