import { spawn } from "node:child_process";
import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createFileSessionStore } from "../../runtimes/node-apis/file-session-store.ts";

const CLI = fileURLToPath(new URL("./fixtures/store-cli.ts", import.meta.url));
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mhcs-file-procs-"));
  scratch.push(dir);
  return dir;
}

/** Runs the CLI in its own Node process (bounded), resolving to its stdout lines. */
function run(args: string[], timeoutMs = 30_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`store-cli ${args.join(" ")} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim().split("\n").filter(Boolean));
      else reject(new Error(`store-cli ${args.join(" ")} exited ${String(code)}: ${err}`));
    });
  });
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("file session store across processes", () => {
  it("a session created in one process is used and closed in another", async () => {
    const root = await tempDir();
    const [id] = await run(["create", root]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const inOther = await run(["lookup", root, id!]);
    const [deleted] = await run(["delete", root, id!]);
    const [again] = await run(["delete", root, id!]);
    const [after] = await run(["lookup", root, id!]);
    expect(inOther).toEqual(["active"]);
    expect(deleted).toBe("true");
    expect(again).toBe("false");
    expect(after).toBe("unknown");
  });

  it("two processes deleting the same session at once: exactly one wins", async () => {
    const root = await tempDir();
    const [id] = await run(["create", root]);
    const results = await Promise.all([run(["delete", root, id!]), run(["delete", root, id!]), run(["delete", root, id!])]);
    expect(results.flat().filter((r) => r === "true")).toHaveLength(1);
  });

  it("two processes putting one key at once end with one whole value; a third never reads a torn one", async () => {
    const root = await tempDir();
    const [id] = await run(["create", root]);
    const [, , reads] = await Promise.all([run(["put-many", root, id!, "0"]), run(["put-many", root, id!, "1"]), run(["read-many", root, id!])]);
    expect(reads!.every((line) => line === "whole"), reads!.join(",")).toBe(true);
    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    const final = (await store.getValue!(id!, "shared")) as { writer: number; round: number; fill: string };
    expect(final.round).toBe(19);
    expect(final.fill).toBe(String.fromCharCode(97 + final.writer * 10 + 9).repeat(300_000));
    expect((await readdir(join(root, id!))).sort()).toEqual([".expiration_ts", "shared"]);
    await store.close?.();
  });

  it("a process putting while another closes the session never brings it back", async () => {
    const root = await tempDir();
    const [id] = await run(["create", root]);
    const putting = run(["put-until-gone", root, id!], 60_000);
    // Close only once the writer is really writing (its first value is there).
    const deadline = Date.now() + 30_000;
    while (!(await readdir(join(root, id!)).catch((): string[] => [])).includes("k0") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const [deleted] = await run(["delete", root, id!]);
    expect(deleted).toBe("true");
    expect(await putting).toEqual(["SessionNotFoundError"]);
    expect(await run(["lookup", root, id!])).toEqual(["unknown"]);
    expect(await readdir(root)).toEqual([]);
  });

  it("does not keep a process alive: the sweeper timer is unref'd", async () => {
    const root = await tempDir();
    const [id] = await run(["linger", root], 30_000);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a process killed (SIGKILL) in the middle of writing leaves a store that starts and answers", async () => {
    const root = await tempDir();
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "hammer", root], { stdio: ["ignore", "pipe", "ignore"] });
    const ids: string[] = [];
    let partial = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("hammer produced too few sessions in time")), 45_000);
      child.stdout.on("data", (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split("\n");
        partial = lines.pop() ?? "";
        ids.push(...lines.filter(Boolean));
        if (ids.length >= 30) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    // Also leave the worst states a crash can: a half-written staging dir and a truncated record.
    await mkdir(join(root, ".staging-dead"));
    await writeFile(join(root, ".staging-dead", ".expiration_ts"), "17953");
    const truncated = "0e0e0e0e-0000-4000-8000-000000000000";
    await mkdir(join(root, truncated));
    await writeFile(join(root, truncated, ".expiration_ts"), "");

    const store = createFileSessionStore({ path: root, logger: quiet, sweepIntervalMs: 0 });
    for (const id of ids) expect((await store.lookup(id)).state, id).toBe("active");
    expect(await store.lookup(truncated)).toEqual({ state: "unknown" });
    const fresh = await store.create({ ttlSeconds: 60 });
    expect((await store.lookup(fresh.id)).state).toBe("active");
    await expect(store.sweep()).resolves.toBeTypeOf("number");
    expect(await store.delete(ids[0]!)).toBe(true);
    // Every visible entry is a complete session, a staging/trash leftover, or the planted truncated one.
    for (const name of await readdir(root)) {
      if (name.startsWith(".") || name === truncated) continue;
      expect((await store.lookup(name)).state, name).toBe("active");
    }
    await store.close?.();
  });
});
