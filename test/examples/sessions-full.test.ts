// The full sticky-session flow against examples/full.ts: in process and over HTTP with both stores,
// and with the file store across two server processes sharing one directory.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import { createSageMakerHandler, serve } from "../../runtimes/node/index.ts";
import type { SageMakerConfig } from "../../src/types.ts";
import { startExample } from "../support/example-process.ts";
import { CLOSED_H, H, NEW_H } from "../sessions/_harness.ts";

// The example imports the package by name; vitest.config.ts aliases it to the sources.
const { config } = await import("../../examples/full.ts");

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

type Post = (body: string, id?: string) => Promise<Response>;

/**
 * create -> 3 invocations carrying the id -> close -> use after close is 400. With `fileStore`, the
 * session's directory must be there while it is open, so a memory store in its place fails.
 */
async function stickyFlow(create: Post, use: Post = create, fileStore?: string): Promise<void> {
  const created = await create(JSON.stringify({ requestType: "NEW_SESSION" }));
  expect(created.status).toBe(200);
  const id = created.headers.get(NEW_H)!.split(";")[0]!.trim();
  expect(await created.text()).toBe(`Session ${id} created`);
  if (fileStore) expect(await readdir(fileStore)).toContain(id);
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

const overHttp = (port: number): Post => (body, id) =>
  fetch(`http://127.0.0.1:${port}/invocations`, {
    method: "POST",
    body,
    headers: id ? { [H]: id } : {},
    signal: AbortSignal.timeout(20_000),
  });

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
    await stickyFlow(app.post, app.post, dir);
    await app.close();
  });

  it.each(["memory", "file"] as const)("over HTTP (serve on a Node socket), %s store", async (store) => {
    const dir = await mkdtemp(join(tmpdir(), "mhcs-full-http-"));
    dirs.push(dir);
    const handler = createSageMakerHandler({
      ...config,
      logger: quiet,
      env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: dir },
      ...(store === "memory" ? { sessions: { store: createMemorySessionStore() } } : {}),
    });
    const server = await serve(handler, { port: 0, hostname: "127.0.0.1", handleSignals: false, announce: false, exitOnStartupError: false });
    try {
      await stickyFlow(overHttp(server.port), overHttp(server.port), store === "file" ? dir : undefined);
      // After the close nothing is left behind (and the memory store never wrote there).
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("two server processes running examples/full.ts share sessions through one directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mhcs-full-procs-"));
    dirs.push(dir);
    const env = { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true", SAGEMAKER_SESSIONS_PATH: dir };
    const [a, b] = await Promise.all([startExample("full.ts", env), startExample("full.ts", env)]);
    try {
      // Created on A, used and closed on B, then rejected on A.
      await stickyFlow(overHttp(a.port), overHttp(b.port), dir);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
