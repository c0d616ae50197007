// One Node listener (bare node:http, ours, Hono's, srvx's) in a real node:http server, fed through an
// in-memory connection instead of a socket: what each costs per request without the kernel's part, which
// on a virtual machine moves more from run to run than the listeners differ. Driven over IPC by
// suites/node-listener.ts: {run: {request, count}} answers {cpuUs, failed}; {check: {request}} answers {response}.
import { createServer } from "node:http";
import { resolve as resolvePath } from "node:path";
import { Duplex } from "node:stream";
import { pathToFileURL } from "node:url";
import { announce, configFor } from "./app.mjs";
import { bareListener, honoApp, srvxFetch } from "./node-apps.mjs";

async function oursListener(dist = "../../dist") {
  const lib = await import(`${dist}/runtimes/node.js`);
  const handler = lib.createSageMakerHandler(configFor(lib));
  await handler.ready();
  const listener = lib.toNodeListener(handler);
  // What serve() adds per request: the in-flight count that shutdown drains.
  let inFlight = 0;
  const leave = () => inFlight--;
  return (request, response) => {
    inFlight++;
    response.on("close", leave);
    listener(request, response);
  };
}

async function honoListener() {
  const { getRequestListener } = await import("@hono/node-server");
  return getRequestListener((await honoApp()).fetch);
}

async function srvxListener() {
  const { toNodeHandler } = await import("srvx/node");
  return toNodeHandler(await srvxFetch());
}

/** Another build of ours (BENCH_BASE_DIST: a `dist/` folder), for an A/B against the current one. */
function baseListener() {
  return oursListener(pathToFileURL(resolvePath(process.env.BENCH_BASE_DIST)).href);
}

const LISTENERS = { bare: bareListener, ours: oursListener, hono: honoListener, srvx: srvxListener, base: baseListener };

/** Where one whole response ends in `text` (Content-Length or chunked), or -1 while it is incomplete. */
function responseEnd(text) {
  const headEnd = text.indexOf("\r\n\r\n");
  if (headEnd === -1) return -1;
  const head = text.slice(0, headEnd).toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) return text.length >= headEnd + 4 + Number(length[1]) ? headEnd + 4 + Number(length[1]) : -1;
  if (head.includes("transfer-encoding: chunked")) {
    const last = text.indexOf("\r\n0\r\n\r\n", headEnd);
    return last === -1 ? -1 : last + 7;
  }
  return headEnd + 4;
}

/** One keep-alive connection into `listener`'s server; `exchange(bytes)` sends one request and resolves with the response text. */
function connect(listener) {
  const server = createServer(listener);
  server.keepAliveTimeout = 65_000;
  let received = "";
  let waiting;
  const connection = new Duplex({
    read() {},
    write(chunk, _encoding, done) {
      received += chunk.toString("latin1");
      settle();
      done();
    },
  });
  connection.remoteAddress = "127.0.0.1";
  connection.setTimeout = () => connection;
  connection.setNoDelay = () => connection;
  connection.setKeepAlive = () => connection;
  function settle() {
    if (!waiting) return;
    const end = responseEnd(received);
    if (end === -1) return;
    const response = received.slice(0, end);
    received = received.slice(end);
    const resolve = waiting;
    waiting = undefined;
    // The next request goes in from a fresh turn, as from a socket read, not from inside this write.
    setImmediate(resolve, response);
  }
  server.emit("connection", connection);
  return (bytes) =>
    new Promise((resolve) => {
      waiting = resolve;
      connection.push(bytes);
    });
}

const side = process.argv[2];
const exchange = connect(await LISTENERS[side]());
announce("ready");
process.on("message", async (message) => {
  if (message.check) {
    process.send({ response: await exchange(Buffer.from(message.check.request, "latin1")) });
    return;
  }
  const bytes = Buffer.from(message.run.request, "latin1");
  let failed = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < message.run.count; i++) if (!(await exchange(bytes)).startsWith("HTTP/1.1 200 ")) failed++;
  const used = process.cpuUsage(before);
  process.send({ cpuUs: (used.user + used.system) / message.run.count, failed });
});
