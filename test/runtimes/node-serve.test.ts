// The Node shim with raw sockets and real processes: client disconnect, backpressure, malformed HTTP,
// SIGTERM drain, startup failure exit code, and toNodeListener in an existing node:http server.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSageMakerHandler, serve, toNodeListener } from "../../runtimes/node/index.ts";
import type { RunningServer } from "../../runtimes/node/index.ts";
import { resolveListenAddress } from "../../runtimes/server/listen.ts";
import { quietServe, sleep, useModelDirs, waitFor } from "../support/harness.ts";

const modelDir = useModelDirs();
const servers: RunningServer[] = [];
const sockets: Socket[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const server of servers.splice(0)) await server.close();
});

async function start(config: Parameters<typeof createSageMakerHandler>[0]): Promise<RunningServer> {
  const server = await serve(createSageMakerHandler({ env: { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" }, ...config }), quietServe);
  servers.push(server);
  return server;
}

function rawSocket(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  return once(socket, "connect").then(() => socket);
}

describe("raw sockets", () => {
  it("a client disconnect aborts context.signal and request.signal", async () => {
    let started = false;
    let aborted = false;
    let requestAborted = false;
    const server = await start({
      invocations: async (request, context) => {
        started = true;
        request.signal.addEventListener("abort", () => {
          requestAborted = true;
        });
        context.signal.addEventListener("abort", () => {
          aborted = true;
        });
        await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
        return "never sent";
      },
    });
    const socket = await rawSocket(server.port);
    socket.write("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    await waitFor(() => started, 15_000, "the handler to start");
    expect(aborted).toBe(false);
    socket.destroy();
    await waitFor(() => aborted, 15_000, "context.signal to abort");
    await waitFor(() => requestAborted, 15_000, "request.signal to abort");
  });

  it("a streamed response honours backpressure: a reader that stops reading stops the producer", async () => {
    const chunk = new Uint8Array(64 * 1024);
    const total = 1024 * 1024 * 1024; // 1 GiB if nothing held the producer back
    let produced = 0;
    let cancelled = false;
    const server = await start({
      invocations: () =>
        new Response(
          new ReadableStream<Uint8Array>(
            {
              pull(controller) {
                produced += chunk.byteLength;
                controller.enqueue(chunk);
                if (produced >= total) controller.close();
              },
              cancel() {
                cancelled = true;
              },
            },
            { highWaterMark: 1 },
          ),
          { headers: { "content-type": "application/octet-stream" } },
        ),
    });
    const socket = await rawSocket(server.port);
    let received = 0;
    socket.on("data", (data: Buffer) => {
      received += data.length;
    });
    socket.write("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    await waitFor(() => received > 0, 15_000, "the first bytes");
    socket.pause(); // stop reading: kernel buffers fill, then the server must stop pulling
    let last = -1;
    await waitFor(
      async () => {
        const settled = produced === last;
        last = produced;
        await sleep(300);
        return settled && produced === last;
      },
      20_000,
      "the producer to stop",
    );
    expect(produced).toBeLessThan(64 * 1024 * 1024);
    const held = produced;
    socket.resume();
    await waitFor(() => produced > held + 4 * 1024 * 1024, 20_000, "the producer to resume once the reader reads");
    socket.destroy();
    await waitFor(() => cancelled, 15_000, "the stream to be cancelled after the disconnect");
  });

  it("malformed HTTP gets Node's 400, never a 500 or a hang", async () => {
    const server = await start({ ping: () => "ok" });
    const socket = await rawSocket(server.port);
    let text = "";
    socket.on("data", (data: Buffer) => {
      text += data.toString();
    });
    socket.write("THIS IS NOT HTTP\r\n\r\n");
    await once(socket, "close");
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
  });

  async function exchange(port: number, request: string): Promise<string> {
    const socket = await rawSocket(port);
    let text = "";
    socket.on("data", (data: Buffer) => {
      text += data.toString();
    });
    socket.write(request);
    await once(socket, "close");
    return text;
  }

  it("a Host that is not an authority is 400 {detail}, never a 500 with a stack trace, nor a rerouted path", async () => {
    const server = await start({ ping: () => "ok", fallback: () => new Response("fallback") });
    for (const host of ["[::zz", "a b", "a:99999999", "user@a", "a/b"]) {
      const text = await exchange(server.port, `GET /ping HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(text, host).toMatch(/^HTTP\/1\.1 400 /);
      expect(text, host).toContain('{"detail":"Bad Request: invalid Host header"}');
    }
  });

  it("TRACE (no Fetch Request can carry it) is 501 {detail}, not a 500", async () => {
    const server = await start({ ping: () => "ok", fallback: () => new Response("fallback") });
    const text = await exchange(server.port, "TRACE /ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    expect(text).toMatch(/^HTTP\/1\.1 501 /);
    expect(text).toContain('{"detail":"Method TRACE is not supported"}');
  });

  it("an absolute-form target routes by its path", async () => {
    const server = await start({ ping: () => "pong", fallback: () => new Response("fallback") });
    const text = await exchange(server.port, "GET http://elsewhere.example/ping?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain("pong");
    expect(text).not.toContain("fallback");
  });

  it("a request line with an absurd path still reaches routing and answers 404", async () => {
    const server = await start({ ping: () => "ok" });
    const response = await fetch(`${server.url}/%ZZ/..%2f..%2f/ping?x=%`);
    expect(response.status).toBe(404);
  });
});

describe("toNodeListener", () => {
  it("mounts the handler into an existing node:http server next to the app's own routes", async () => {
    const handler = createSageMakerHandler({ env: { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" }, ping: () => ({ status: "healthy" }), invocations: async (r) => ({ echo: await r.json() }) });
    await handler.ready();
    const sagemaker = toNodeListener(handler);
    const server = createServer((request, response) => {
      if (request.url === "/metrics") {
        response.end("metrics 1");
        return;
      }
      sagemaker(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${base}/metrics`)).text()).toBe("metrics 1");
      expect(await (await fetch(`${base}/ping`)).json()).toEqual({ status: "healthy" });
      const invoke = await fetch(`${base}/invocations`, { method: "POST", body: JSON.stringify({ a: 1 }) });
      expect(await invoke.json()).toEqual({ echo: { a: 1 } });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
    }
  });
});

describe("listen address", () => {
  it("options.port, else SAGEMAKER_BIND_TO_PORT, else PORT, else 8080, on 0.0.0.0 by default", () => {
    expect(resolveListenAddress({}, {})).toEqual({ port: 8080, hostname: "0.0.0.0" });
    expect(resolveListenAddress({}, { PORT: "9000" })).toEqual({ port: 9000, hostname: "0.0.0.0" });
    expect(resolveListenAddress({}, { PORT: "9000", SAGEMAKER_BIND_TO_PORT: "9001" }).port).toBe(9001);
    expect(resolveListenAddress({ port: 0, hostname: "127.0.0.1" }, { SAGEMAKER_BIND_TO_PORT: "9001" })).toEqual({ port: 0, hostname: "127.0.0.1" });
    expect(() => resolveListenAddress({}, { SAGEMAKER_BIND_TO_PORT: "eighty" })).toThrow("SAGEMAKER_BIND_TO_PORT must be a port number");
    expect(() => resolveListenAddress({}, { PORT: "70000" })).toThrow("PORT must be a port number");
  });
});

/** Runs `code` (an ES module importing the package by name) with the system Node in a temp model dir. */
async function spawnServer(code: string, env: Record<string, string> = {}) {
  const dir = await modelDir({ "server.mjs": code });
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", SAGEMAKER_MODEL_PATH: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (data: Buffer) => (output.stdout += data.toString()));
  child.stderr.on("data", (data: Buffer) => (output.stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = async () => {
    await waitFor(() => /listening on http:\/\/[^:]+:(\d+)/.test(output.stdout) || child.exitCode !== null, 30_000, "the server to listen");
    const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output.stdout);
    if (!match) throw new Error(`server did not start: ${output.stderr}`);
    return Number(match[1]);
  };
  return { child, output, exited, port };
}

describe("serve() as a process", () => {
  it("SIGTERM lets an in-flight request finish (on a keep-alive connection), then exits 0", { timeout: 60_000 }, async () => {
    const server = await spawnServer(`
      import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";
      const handler = createSageMakerHandler({
        invocations: async () => {
          console.log("IN_FLIGHT");
          await new Promise((resolve) => setTimeout(resolve, 1500));
          return { done: true };
        },
      });
      await serve(handler, { port: 0, hostname: "127.0.0.1" });`);
    const port = await server.port();
    const pending = fetch(`http://127.0.0.1:${port}/invocations`, { method: "POST", body: "{}", signal: AbortSignal.timeout(30_000) });
    await waitFor(() => server.output.stdout.includes("IN_FLIGHT"), 15_000, "the request to be in flight");
    server.child.kill("SIGTERM");
    const response = await pending;
    expect([response.status, await response.json()]).toEqual([200, { done: true }]);
    const code = await Promise.race([server.exited, sleep(20_000).then(() => "timeout")]);
    expect(code).toBe(0);
  });

  it("SIGINT drains too, and a request that outlives drainTimeoutMs is cut so the process still exits 0", { timeout: 60_000 }, async () => {
    const server = await spawnServer(`
      import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";
      const handler = createSageMakerHandler({
        invocations: async (request, context) => {
          console.log("STUCK");
          await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          console.log("ABORTED");
          return { done: false };
        },
      });
      await serve(handler, { port: 0, hostname: "127.0.0.1", drainTimeoutMs: 1000 });`);
    const port = await server.port();
    const pending = fetch(`http://127.0.0.1:${port}/invocations`, { method: "POST", body: "{}", signal: AbortSignal.timeout(30_000) }).then(
      (response) => response.text(),
      (error: unknown) => error,
    );
    await waitFor(() => server.output.stdout.includes("STUCK"), 15_000, "the request to be in flight");
    server.child.kill("SIGINT");
    const code = await Promise.race([server.exited, sleep(20_000).then(() => "timeout")]);
    expect(code).toBe(0);
    expect(server.output.stdout).toContain("ABORTED");
    await pending;
  });

  it("a failing ready() makes serve exit 1 with the error on stderr, without listening", async () => {
    const server = await spawnServer(
      `import { serve } from "model-hosting-container-standards/node";
       await serve({ ping: () => "ok" });`,
      { CUSTOM_FASTAPI_PING_HANDLER: "model:missing_function" },
    );
    const code = await Promise.race([server.exited, sleep(30_000).then(() => "timeout")]);
    expect(code).toBe(1);
    expect(server.output.stderr).toContain("startup failed");
    expect(server.output.stderr).toContain("CUSTOM_FASTAPI_PING_HANDLER='model:missing_function'");
    expect(server.output.stdout).not.toContain("listening on");
  });

  it("serve listens on SAGEMAKER_BIND_TO_PORT over PORT", async () => {
    const free = async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise((resolve) => probe.close(resolve));
      return port;
    };
    const bind = await free();
    const server = await spawnServer(
      `import { serve } from "model-hosting-container-standards/node";
       await serve({ ping: () => "bound" }, { hostname: "127.0.0.1" });`,
      { SAGEMAKER_BIND_TO_PORT: String(bind), PORT: "1" },
    );
    expect(await server.port()).toBe(bind);
    expect(await (await fetch(`http://127.0.0.1:${bind}/ping`)).text()).toBe("bound");
  });
});

describe("nothing happens at import time", () => {
  it("importing every entry reads no env, opens no handle and starts no timer", async () => {
    const server = await spawnServer(`
      // The module loader's own file reads and closes (FSReqCallback, CloseReq) come and go; count the rest.
      const active = () => process.getActiveResourcesInfo().filter((kind) => !/^(FSReq|CloseReq|FileHandleCloseReq)/.test(kind));
      // Node creates the stdio pipes on first use, and on Node 22/24 loading node:http touches stderr: create them first.
      void process.stdout.writable, process.stderr.writable;
      const before = active();
      const reads = [];
      process.env = new Proxy(process.env, { get(target, key) { if (typeof key === "string") reads.push(key); return target[key]; } });
      await import("model-hosting-container-standards");
      await import("model-hosting-container-standards/node");
      // Measured before console is touched: Node creates the global console (and the stdout pipe) on first use.
      const report = JSON.stringify({ reads, before, after: active() });
      console.log(report);`);
    expect(await Promise.race([server.exited, sleep(30_000).then(() => "timeout")])).toBe(0);
    const report = JSON.parse(server.output.stdout.trim()) as { reads: string[]; before: string[]; after: string[] };
    // Node itself reads a few (WATCH_REPORT_DEPENDENCIES, NODE_V8_COVERAGE when fetch loads; on Node 22 and 24
    // FORCE_COLOR from its internal colors module and JEST_WORKER_ID from undici's llhttp loader); the library none.
    const ours = /^(SAGEMAKER_|CUSTOM_|LOG_LEVEL$|PORT$|STANDARD_|PROCESS_)/;
    expect(report.reads.filter((name) => ours.test(name))).toEqual([]);
    expect(report.reads.filter((name) => !["WATCH_REPORT_DEPENDENCIES", "NODE_V8_COVERAGE", "UNDICI_NO_FG", "FORCE_COLOR", "JEST_WORKER_ID"].includes(name))).toEqual([]);
    expect(report.after).toEqual(report.before);
  });
});
