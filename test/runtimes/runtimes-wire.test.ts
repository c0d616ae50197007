import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byteByByte, exchange } from "./_support/raw-http.ts";
import { ROOT, startCommand } from "./_support/servers.ts";
import type { ServerProcess } from "./_support/servers.ts";
import { PIPELINED, SMUGGLING } from "./_support/smuggling.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/wire-server.ts", import.meta.url));
const COMMANDS: Record<string, string[]> = {
  node: [process.execPath, "--import", "tsx", FIXTURE],
  bun: [`${ROOT}node_modules/.bin/bun`, FIXTURE],
  deno: [`${ROOT}node_modules/.bin/deno`, "run", "-A", "--unstable-no-legacy-abort", FIXTURE],
};
/** How long a slow client is watched; what each runtime does within it goes to docs/security.md. */
const SLOW_WATCH_MS = 6_000;

const present = (runtime: string) => existsSync(`${ROOT}runtimes/${runtime}/index.ts`) && existsSync(COMMANDS[runtime]![0]!);
/** In CI every runtime the project claims must run: a missing one fails there, and is skipped (visibly) elsewhere. */
const IN_CI = process.env.CI === "true";
const skipped = (runtime: string) => !present(runtime) && !IN_CI;

/** The same hostile bytes against each runtime's own HTTP parser, through that runtime's `serve()`. */
describe.each(Object.keys(COMMANDS))("%s serve() over raw sockets", (runtime) => {
  let server: ServerProcess;
  const results: string[] = [];

  beforeAll(async () => {
    if (!present(runtime)) {
      if (IN_CI) throw new Error(`${runtime} is claimed but missing: ${COMMANDS[runtime]![0]} or runtimes/${runtime}/index.ts (npm ci installs it)`);
      return;
    }
    server = await startCommand(COMMANDS[runtime]!, {}, 90_000);
  }, 120_000);

  afterAll(async () => {
    await server?.stop("SIGKILL");
    if (results.length) console.log(`[reliability] ${runtime} wire:\n${results.map((r) => `  ${r}`).join("\n")}`);
  }, 60_000);

  it.skipIf(skipped(runtime)).each(SMUGGLING)("%s: refused or framed one way, never smuggled, never a 5xx", async (name, raw) => {
    // The pipelined answer comes after the first one; on a loaded machine that can be past the default quiet window.
    const pipelined = raw.includes(PIPELINED) ? { quietMs: 5_000, until: (data: string) => data.includes('"path":"/pipelined"') } : {};
    const result = await exchange(server.port, [raw], pipelined);
    results.push(`${name}: ${JSON.stringify(result.statuses)} ${result.closedByServer ? "closed" : "kept open"}`);
    // Answered or hung up on: an exchange where the server did neither proves nothing below.
    expect(result.statuses.length > 0 || result.closedByServer, "neither answered nor closed").toBe(true);
    expect(result.data).not.toContain('"path":"/smuggled"');
    // Bun's parser refuses some malformed request lines with 505 itself; nothing reached the app.
    expect(result.statuses.every((status) => status < 500 || status === 505), JSON.stringify(result.statuses)).toBe(true);
    if (raw.includes(PIPELINED)) expect(result.data).toContain('"path":"/pipelined"');
    expect(server.child.exitCode).toBeNull();
  });

  it.skipIf(skipped(runtime))("an oversized chunked body is 413, a declared oversized length is 413, and a GET's body is not limited", async () => {
    const chunk = `${(8192).toString(16)}\r\n${"a".repeat(8192)}\r\n`;
    // On a loaded machine the answer can come later than the default quiet window: wait for a status line.
    const answered = { quietMs: 5_000, until: (data: string) => /HTTP\/1\.1 [2-5]\d\d/.test(data) };
    const streamed = await exchange(server.port, ["POST /invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", ...Array(40).fill(chunk), "0\r\n\r\n"], answered);
    const declared = await exchange(server.port, [`POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: ${64 * 1024 + 1}\r\n\r\n`], answered);
    // A GET's body reaches no handler on any runtime (the runtime drops it): it is not refused either.
    const declaredGet = await exchange(server.port, [`GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: ${64 * 1024 + 1}\r\n\r\n`], answered);
    results.push(
      `oversized chunked body: ${JSON.stringify(streamed.statuses)} ${streamed.closedByServer ? "closed" : "kept open"}; declared oversized: ${JSON.stringify(declared.statuses)}; on a GET: ${JSON.stringify(declaredGet.statuses)}`,
    );
    expect(streamed.statuses[0]).toBe(413);
    expect(declared.statuses[0]).toBe(413);
    expect(declaredGet.statuses[0]).toBe(200);
  });

  it.skipIf(skipped(runtime))("a GET's small body is dropped and the keep-alive connection serves the next request", async () => {
    const twoAnswers = { quietMs: 5_000, until: (data: string) => (data.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= 2 };
    const result = await exchange(server.port, ["GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"], twoAnswers);
    expect(result.statuses).toEqual([200, 200]);
  });

  it.skipIf(skipped(runtime))("sends the standard reason phrase", async () => {
    const result = await exchange(server.port, ["GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]);
    expect(result.data.split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    const missing = await exchange(server.port, ["GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]);
    expect(missing.data.split("\r\n")[0]).toBe("HTTP/1.1 404 Not Found");
  });

  // Routes that answer without reading the body: the keep-alive connection must serve the next request at once.
  const UNREAD = [
    ["/ping", "POST /ping"],
    ["a fallback route", "POST /elsewhere"],
  ] as const;
  it.skipIf(skipped(runtime)).each(UNREAD.flatMap(([where, line]) => [[where, "", line, false], [where, " with Expect: 100-continue", line, true]] as const))(
    "an unread chunked body on %s%s is drained and the connection reused, or the connection is closed at once",
    async (_where, _expect, line, expectContinue) => {
      const head = `${line} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n${expectContinue ? "Expect: 100-continue\r\n" : ""}\r\n`;
      const result = await exchange(
        server.port,
        [head, { pauseMs: 150 }, ...Array(8).fill("400\r\n" + "u".repeat(1024) + "\r\n"), "0\r\n\r\n", { pauseMs: 50 }, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"],
        { quietMs: 1_000, timeoutMs: 15_000 },
      );
      results.push(`unread chunked body on ${line}${expectContinue ? " with Expect: 100-continue" : ""}: ${JSON.stringify(result.statuses)} ${result.closedByServer ? "closed" : "kept open"} in ${Math.round(result.elapsedMs)} ms`);
      // Without either, the second answer never comes: the connection stalls until a reset ~66 s later.
      // Node and Bun drain and answer the next request; Deno closes the connection after the answer.
      const first = line === "POST /ping" ? 200 : 404;
      const answers = result.statuses.filter((status) => status !== 100);
      if (result.closedByServer) expect(answers).toEqual([first]);
      else expect(answers).toEqual([first, 200]);
      if (runtime !== "deno") expect(result.closedByServer).toBe(false);
    },
    30_000,
  );

  it.skipIf(skipped(runtime))("an unread chunked body larger than the limit closes the connection instead of stalling it", async () => {
    const head = "POST /ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    const chunk = `${(8192).toString(16)}\r\n${"a".repeat(8192)}\r\n`;
    const result = await exchange(server.port, [head, { pauseMs: 150 }, ...Array(24).fill(chunk), "0\r\n\r\n"], { quietMs: 1_000, timeoutMs: 15_000 });
    results.push(`unread oversized chunked body on /ping: ${JSON.stringify(result.statuses)} ${result.closedByServer ? "closed" : "kept open"} in ${Math.round(result.elapsedMs)} ms`);
    expect(result.statuses[0]).toBe(200);
    expect(result.elapsedMs).toBeLessThan(12_000);
  }, 30_000);

  it.skipIf(skipped(runtime))(`slow clients (one byte per 200 ms, watched ${SLOW_WATCH_MS / 1000} s): never a crash or a 5xx`, async () => {
    const headers = await exchange(server.port, byteByByte("POST /invocations HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(100) + "\r\n\r\n", 200), {
      timeoutMs: SLOW_WATCH_MS,
    });
    const body = await exchange(server.port, ["POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n", ...byteByByte("b".repeat(200), 200)], {
      timeoutMs: SLOW_WATCH_MS,
    });
    const describe_ = (r: typeof headers) =>
      r.statuses.length ? `${JSON.stringify(r.statuses)} after ${Math.round(r.elapsedMs)} ms` : r.closedByServer ? `closed after ${Math.round(r.elapsedMs)} ms` : `still open after ${Math.round(r.elapsedMs)} ms`;
    results.push(`headers byte by byte: ${describe_(headers)}; body byte by byte: ${describe_(body)}`);
    // Each slow client was watched for the whole window, or the server answered or closed before it ended.
    for (const r of [headers, body]) expect(r.statuses.length > 0 || r.closedByServer || r.elapsedMs >= SLOW_WATCH_MS - 50).toBe(true);
    expect([...headers.statuses, ...body.statuses].every((status) => status < 500)).toBe(true);
    expect(server.child.exitCode).toBeNull();
  }, 30_000);
});
