import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../../runtimes/node/serve.ts";
import type { RunningServer } from "../../runtimes/server/listen.ts";
import { buildApp } from "./_support/app.ts";
import type { App } from "./_support/app.ts";
import { extendApp } from "./_support/features.ts";
import { byteByByte, exchange } from "./_support/raw-http.ts";
import { PIPELINED, SMUGGLING } from "./_support/smuggling.ts";
import type { Step } from "./_support/raw-http.ts";

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
/** Slack for a shared, loaded 2-core machine; these bound hangs, not speed. */
const SLACK_MS = 5_000;

export const wireResults: Array<{ name: string; statuses: number[]; closed: boolean; reachedHandler: boolean }> = [];

function chunked(total: number, chunkSize: number): Step[] {
  const steps: Step[] = [];
  for (let sent = 0; sent < total; sent += chunkSize) {
    const size = Math.min(chunkSize, total - sent);
    steps.push(`${size.toString(16)}\r\n${"a".repeat(size)}\r\n`);
  }
  steps.push("0\r\n\r\n");
  return steps;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe("Node shim over raw sockets", () => {
  let app: App;
  let server: RunningServer;

  beforeAll(async () => {
    app = buildApp({ extend: extendApp, maxRequestBytes: 64 * 1024 });
    server = await serve(app.handler, {
      port: 0,
      hostname: "127.0.0.1",
      handleSignals: false,
      announce: false,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
  });

  afterAll(async () => {
    await server?.close();
    console.log(
      `[reliability] node wire:\n${wireResults.map((r) => `  ${r.name}: ${JSON.stringify(r.statuses)} ${r.closed ? "closed" : "kept open"}${r.reachedHandler ? ", reached the app" : ""}`).join("\n")}`,
    );
  });

  it.each(SMUGGLING)("%s: refused or framed one way, never a smuggled request or a 5xx", async (name, raw) => {
    const before = app.probe.reached + app.probe.fallbackPaths.length;
    app.probe.fallbackPaths.length = 0;
    // The pipelined answer comes after the first one; on a loaded machine that can be past the default quiet window.
    const pipelined = raw.includes(PIPELINED) ? { quietMs: 5_000, until: (data: string) => (data.match(/HTTP\/1\.1 \d{3}/g)?.length ?? 0) >= 2 } : {};
    const result = await exchange(server.port, [raw], pipelined);
    wireResults.push({ name, statuses: result.statuses, closed: result.closedByServer, reachedHandler: app.probe.reached + app.probe.fallbackPaths.length > before });
    expect(app.probe.fallbackPaths).not.toContain("/smuggled");
    expect(result.statuses.length).toBeGreaterThan(0);
    expect(result.statuses.every((status) => status < 500)).toBe(true);
    if (raw.includes(PIPELINED)) {
      expect(result.statuses).toEqual([200, 404]);
      expect(app.probe.fallbackPaths).toContain("/pipelined");
    } else if (result.statuses.some((status) => status >= 400)) {
      expect(result.closedByServer).toBe(true);
    }
  });

  it("absolute-form targets are routed by their path, not glued to the Host header", async () => {
    const result = await exchange(server.port, [
      "POST http://elsewhere.example/invocations HTTP/1.1\r\nHost: x\r\nx-fuzz-mode: echo\r\nContent-Length: 2\r\n\r\nab",
    ]);
    expect(result.statuses).toEqual([200]);
    expect(result.data).toContain('"handler":"invocations"');
  });

  it.each([
    ["TRACE", "TRACE /ping HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["TRACK", "TRACK /ping HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"],
    ["Host with a path", "GET /ping HTTP/1.1\r\nHost: a/b\r\n\r\n"],
    ["Host with userinfo", "GET /ping HTTP/1.1\r\nHost: u@a\r\n\r\n"],
    ["unparsable absolute-form", "GET http://[::1/ping HTTP/1.1\r\nHost: x\r\n\r\n"],
  ])("%s, which no Fetch Request can carry, is answered with {detail} and no stack trace", async (name, raw) => {
    const result = await exchange(server.port, [raw]);
    wireResults.push({ name, statuses: result.statuses, closed: result.closedByServer, reachedHandler: false });
    // CONNECT never reaches a request listener: Node closes the socket itself when nobody handles 'connect'.
    if (result.statuses.length === 0) expect(result.closedByServer).toBe(true);
    expect(result.statuses.every((status) => status < 500 || status === 501)).toBe(true);
    expect(result.data).not.toMatch(/\n\s+at |TypeError|node:internal/);
  });

  it("a client sending its headers byte by byte gets 408 once headersTimeout passes", async () => {
    const reached = app.probe.reached;
    const result = await exchange(server.port, byteByByte("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab", 150), {
      timeoutMs: HEADERS_TIMEOUT_MS + SLACK_MS * 2,
    });
    wireResults.push({ name: "headers byte by byte (150 ms/byte)", statuses: result.statuses, closed: result.closedByServer, reachedHandler: app.probe.reached > reached });
    expect(result.statuses).toEqual([408]);
    expect(result.closedByServer).toBe(true);
    expect(result.elapsedMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    expect(app.probe.reached).toBe(reached);
  });

  it("a client sending its body byte by byte gets 408 once requestTimeout passes, and the handler's read fails without an ERROR log", async () => {
    app.logger.clear();
    const result = await exchange(
      server.port,
      ["POST /invocations HTTP/1.1\r\nHost: x\r\nx-fuzz-mode: echo\r\nContent-Length: 100\r\n\r\n", ...byteByByte("a".repeat(100), 150)],
      { timeoutMs: REQUEST_TIMEOUT_MS + SLACK_MS * 2 },
    );
    wireResults.push({ name: "body byte by byte (150 ms/byte)", statuses: result.statuses, closed: result.closedByServer, reachedHandler: true });
    expect(result.statuses).toEqual([408]);
    expect(result.closedByServer).toBe(true);
    expect(result.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
    await until(() => app.logger.lines.length > 0, 2_000);
    expect(app.logger.text("error")).toBe("");
  });

  it("a slow handler is not cut by requestTimeout once the request is in", async () => {
    // The handler outlives requestTimeout by a full second, so a cut at requestTimeout shows as no 200.
    const holdMs = REQUEST_TIMEOUT_MS + 1_000;
    const result = await exchange(server.port, [`POST /invocations HTTP/1.1\r\nHost: x\r\nx-fuzz-mode: hold:${holdMs}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`], {
      quietMs: holdMs + SLACK_MS,
      timeoutMs: holdMs + SLACK_MS,
    });
    expect(result.statuses).toEqual([200]);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(holdMs - 50);
  });

  it("a client that disconnects from a hanging handler aborts context.signal", async () => {
    const reached = app.probe.reached;
    const aborted = app.probe.aborted;
    const socket = connect({ port: server.port, host: "127.0.0.1" });
    socket.on("error", () => undefined);
    socket.write("POST /invocations HTTP/1.1\r\nHost: x\r\nx-fuzz-mode: hang\r\nContent-Length: 0\r\n\r\n");
    expect(await until(() => app.probe.reached > reached, SLACK_MS)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.probe.aborted).toBe(aborted);
    const closedAt = performance.now();
    socket.destroy();
    expect(await until(() => app.probe.aborted > aborted, SLACK_MS)).toBe(true);
    wireResults.push({ name: `disconnect during a hanging handler: signal aborted after ${Math.round(performance.now() - closedAt)} ms`, statuses: [], closed: false, reachedHandler: true });
  });

  it("a declared Content-Length over the limit is 413 before the body is sent", async () => {
    const reached = app.probe.reached;
    const result = await exchange(server.port, [`POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: ${app.maxRequestBytes + 1}\r\n\r\n`]);
    expect(result.statuses).toEqual([413]);
    expect(result.data).toContain('"detail"');
    expect(app.probe.reached).toBe(reached);
  });

  it("a chunked body without Content-Length is cut at the limit with 413", async () => {
    const result = await exchange(server.port, [
      "POST /invocations HTTP/1.1\r\nHost: x\r\nx-fuzz-mode: echo\r\nTransfer-Encoding: chunked\r\n\r\n",
      ...chunked(app.maxRequestBytes * 4, 8 * 1024),
    ]);
    expect(result.statuses).toEqual([413]);
    expect(app.probe.maxBodyBytesRead).toBeLessThanOrEqual(app.maxRequestBytes);
    // The abandoned rest of the body must not leave a half-read connection behind (it used to stay open forever).
    expect(result.closedByServer).toBe(true);
  });

  it("a chunked body of exactly the limit is accepted", async () => {
    const result = await exchange(server.port, [
      "POST /invocations HTTP/1.1\r\nHost: x\r\nx-fuzz-mode: echo\r\nTransfer-Encoding: chunked\r\n\r\n",
      ...chunked(app.maxRequestBytes, 8 * 1024),
    ]);
    expect(result.statuses).toEqual([200]);
    expect(result.data).toContain(`"bytes":${app.maxRequestBytes}`);
  });

  it("close() returns promptly after all of the above (no connection left half-read)", async () => {
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(SLACK_MS);
  });
});
