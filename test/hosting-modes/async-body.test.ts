// Async inference: a 500 MB body streams through the Node, Bun and Deno shims to a handler reading
// request.body, with the server's resident memory measured while it passes. The library must never
// hold the body whole (API.md, "Async inference").
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { commandFor, removeSessionsDir, ROOT } from "../runtimes/conformance/_transports.ts";
import { freePort } from "../support/free-port.ts";

const MB = 1000 * 1000;
const BODY_BYTES = 500 * MB;
const MiB = 1024 * 1024;
/** Well under the body: a shim or wrapper that buffered it would need 477 MiB more (garbage not yet collected accounts for the rest). */
const MAX_GROWTH_BYTES = 128 * MiB;
/** Flat: the second 250 MB may not add what a held body would (238 MiB). */
const MAX_SECOND_HALF_GROWTH_BYTES = 48 * MiB;
const SERVER = `${ROOT}test/hosting-modes/fixture/async-server.ts`;

const stops: Array<() => void> = [];
// Importing the conformance transports made their (unused here) sessions directory.
afterAll(() => removeSessionsDir());
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

async function startServer(runtime: "node20" | "bun" | "deno"): Promise<number> {
  const [command, ...args] = commandFor(runtime);
  // The conformance fixture's command line, pointed at this file instead.
  const fixtureArg = args.findIndex((arg) => arg.endsWith("fixture/server.ts"));
  args[fixtureArg] = SERVER;
  // A small young generation, so resident memory tracks what is held rather than garbage not yet collected.
  if (runtime === "node20") args.unshift("--max-semi-space-size=1");
  if (runtime === "deno") args.splice(1, 0, "--v8-flags=--max-semi-space-size=1");
  const port = await freePort();
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SAGEMAKER_BIND_TO_PORT: String(port), SAGEMAKER_MAX_PAYLOAD_IN_MB: "1024", SAGEMAKER_MODEL_PATH: "/nonexistent", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  stops.push(() => child.kill("SIGKILL"));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${runtime} server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${runtime} server exited with ${code}:\n${output}`)));
  });
  return port;
}

/** Sends `bytes` zeros in 1 MiB writes with backpressure, with Content-Length as async inference does; GETs /ping meanwhile. */
function sendLargeBody(port: number, bytes: number): Promise<{ status: number; body: string; pings: number[] }> {
  return new Promise((resolve, reject) => {
    const pings: number[] = [];
    // The ping is sent half way through the upload; its answer may land just after the invocation's.
    let pingAnswered: Promise<unknown> = Promise.resolve();
    const req = httpRequest({ host: "127.0.0.1", port, path: "/invocations", method: "POST", headers: { "content-length": bytes, "content-type": "application/octet-stream" }, agent: false });
    req.on("error", reject);
    req.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => void pingAnswered.then(() => resolve({ status: response.statusCode ?? 0, body, pings })));
    });
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    let pinged = false;
    const write = (): void => {
      while (sent < bytes) {
        const size = Math.min(chunk.byteLength, bytes - sent);
        sent += size;
        if (!pinged && sent > bytes / 2) {
          pinged = true;
          // Half way through: /ping must answer while the invocation is still reading.
          pingAnswered = fetch(`http://127.0.0.1:${port}/ping`).then((answer) => pings.push(answer.status), reject);
        }
        if (!req.write(size === chunk.byteLength ? chunk : chunk.subarray(0, size))) {
          req.once("drain", write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

describe("async inference: a 500 MB body streams through with flat memory", () => {
  for (const runtime of ["node20", "bun", "deno"] as const) {
    it(`over ${runtime}`, async () => {
      const port = await startServer(runtime);
      const answer = await sendLargeBody(port, BODY_BYTES);
      expect(answer.status).toBe(200);
      const result = JSON.parse(answer.body) as { runtime: string; bytes: number; before: number; firstHalfPeak: number; peak: number };
      expect(result.bytes).toBe(BODY_BYTES);
      expect(answer.pings).toEqual([200]);
      const growth = result.peak - result.before;
      const secondHalf = result.peak - result.firstHalfPeak;
      const report = `${result.runtime}: +${(growth / MiB).toFixed(1)} MiB in all, +${(secondHalf / MiB).toFixed(1)} MiB over the second half`;
      expect(growth, report).toBeLessThan(MAX_GROWTH_BYTES);
      expect(secondHalf, report).toBeLessThan(MAX_SECOND_HALF_GROWTH_BYTES);
      console.log(report);
    }, 180_000);
  }
});
