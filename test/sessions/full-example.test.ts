// The full sticky-session flow against examples/full.ts: in process with both stores, over a socket,
// and with the file store across two server processes sharing one directory.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import { createSageMakerHandler } from "../../runtimes/node/index.ts";
import type { SageMakerConfig } from "../../src/types.ts";
import { CLOSED_H, H, NEW_H } from "./_harness.ts";

// The example imports the package by name; vitest.config.ts aliases it to the sources.
const { config } = await import("../../examples/full.ts");

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

type Post = (body: string, id?: string) => Promise<Response>;

/** create -> 3 invocations carrying the id -> close -> use after close is 400. */
async function stickyFlow(create: Post, use: Post = create): Promise<void> {
  const created = await create(JSON.stringify({ requestType: "NEW_SESSION" }));
  expect(created.status).toBe(200);
  const id = created.headers.get(NEW_H)!.split(";")[0]!.trim();
  expect(await created.text()).toBe(`Session ${id} created`);
  for (const prompt of ["one", "two", "three"]) {
    const response = await use(JSON.stringify({ prompt }), id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ output: prompt, session_id: id });
  }
  const closed = await use(JSON.stringify({ requestType: "CLOSE" }), id);
  expect([closed.status, closed.headers.get(CLOSED_H)]).toEqual([200, id]);
  const after = await create(JSON.stringify({ prompt: "late" }), id);
  expect([after.status, await after.json()]).toEqual([400, { detail: `Bad request: session not found: ${id}` }]);
}

const inProcess = (config: SageMakerConfig): { post: Post; close: () => Promise<void> } => {
  const handler = createSageMakerHandler(config);
  return {
    post: (body, id) =>
      handler.fetch(new Request("http://localhost/invocations", { method: "POST", body, headers: id ? { [H]: id } : {} })),
    close: () => handler.close(),
  };
};

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("examples/full.ts sticky sessions", () => {
  it("in process, memory store", async () => {
    const app = inProcess({ ...config, logger: quiet, env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true" }, sessions: { store: createMemorySessionStore() } });
    await stickyFlow(app.post);
    await app.close();
  });

  it("in process, the Node default file store", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mhcs-full-"));
    dirs.push(dir);
    const app = inProcess({ ...config, logger: quiet, env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: dir } });
    await stickyFlow(app.post);
    await app.close();
  });

  it("two server processes running examples/full.ts share sessions through one directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mhcs-full-procs-"));
    dirs.push(dir);
    const env = { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: dir };
    const [a, b] = await Promise.all([startExample(env), startExample(env)]);
    try {
      const at = (port: number): Post => (body, id) =>
        fetch(`http://127.0.0.1:${port}/invocations`, {
          method: "POST",
          body,
          headers: id ? { [H]: id } : {},
          signal: AbortSignal.timeout(20_000),
        });
      // Created on A, used and closed on B, then rejected on A.
      await stickyFlow(at(a.port), at(b.port));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

const EXAMPLE = fileURLToPath(new URL("../../examples/full.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs examples/full.ts with tsx (which maps the package name to the sources) on a free port. */
async function startExample(env: Record<string, string>): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", EXAMPLE], {
    cwd: ROOT,
    env: { ...process.env, ...env, SAGEMAKER_BIND_TO_PORT: String(port), PORT: String(port), SAGEMAKER_CONTAINER_LOG_LEVEL: "ERROR" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`examples/full.ts exited ${child.exitCode}: ${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/ping`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`examples/full.ts did not answer /ping in time: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
