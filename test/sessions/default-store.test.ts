import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSageMakerHandler } from "../../src/index.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import { toNodeListener } from "../../runtimes/node/listener.ts";
import { ROOT } from "../support/process.ts";

const PROBE = `${ROOT}/test/sessions/fixtures/default-store-probe.mjs`;
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mhcs-default-store-"));
  scratch.push(dir);
  return dir;
}

const RUNTIMES: Record<string, string[]> = {
  node: [process.execPath, PROBE],
  bun: [`${ROOT}/node_modules/.bin/bun`, "run", PROBE],
  deno: [`${ROOT}/node_modules/.bin/deno`, "run", "-A", PROBE],
};

function probe(runtime: string, args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const command = RUNTIMES[runtime]!;
    const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim().split("\n"));
      else reject(new Error(`${runtime} probe exited ${String(code)}: ${err}${out}`));
    });
  });
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("the default store follows the runtime, whichever entry made the handler", () => {
  it("a core-entry handler under Node, Bun and Deno uses the shared file store: each process sees the last one's session and data", async () => {
    const root = await tempDir();
    const [id, ...rest] = await probe("node", [root]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest).toEqual([]); // no in-memory warning
    expect((await stat(join(root, id!))).isDirectory()).toBe(true);
    expect(await probe("bun", [root, id!])).toEqual([JSON.stringify({ status: 200, before: "node" })]);
    expect(await probe("deno", [root, id!])).toEqual([JSON.stringify({ status: 200, before: "bun" })]);
    expect(await probe("node", [root, id!])).toEqual([JSON.stringify({ status: 200, before: "deno" })]);
  }, 180_000);

  it("a core-entry handler mounted with toNodeListener keeps its sessions on disk", async () => {
    const root = await tempDir();
    const handler = createSageMakerHandler({
      env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: root },
      logger: quiet,
      invocations: statefulSessionManager()(() => "ok"),
    });
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const created = await fetch(`http://127.0.0.1:${port}/invocations`, { method: "POST", body: '{"requestType":"NEW_SESSION"}' });
      const id = created.headers.get("X-Amzn-SageMaker-New-Session-Id")!.split(";")[0]!;
      expect(await readdir(root)).toEqual([id]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
    }
  });

  it("where the host offers no file system, memory is used and ready() says so once", async () => {
    const host = process as { getBuiltinModule?: unknown };
    const original = host.getBuiltinModule;
    const warnings: string[] = [];
    const handler = createSageMakerHandler({
      env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_CONTAINER_LOG_LEVEL: "WARNING" },
      logger: { ...quiet, warn: (m) => warnings.push(m) },
      invocations: statefulSessionManager()(() => "ok"),
    });
    host.getBuiltinModule = undefined;
    try {
      await handler.ready();
    } finally {
      host.getBuiltinModule = original;
    }
    for (let i = 0; i < 3; i++) {
      const created = await handler.fetch(new Request("http://localhost/invocations", { method: "POST", body: '{"requestType":"NEW_SESSION"}' }));
      expect(created.status).toBe(200);
    }
    expect(warnings.filter((w) => w.includes("in-memory store"))).toHaveLength(1);
    expect(warnings[0]).toMatch(/each isolate \(or process\) has its own sessions.*config\.sessions\.store/);
    await handler.close();
  });
});
