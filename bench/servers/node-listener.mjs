// One Node listener (bare node:http, ours, Hono's, srvx's) in a real node:http server, fed through an
// in-memory connection instead of a socket: what each costs per request without the kernel's part, which
// on a virtual machine moves more from run to run than the listeners differ. Driven over IPC by
// suites/node-listener.ts: {run: {request, count}} answers {cpuUs}; {check: {request}} answers {response}.
import { createServer } from "node:http";
import { Duplex } from "node:stream";
import { ADAPTER_HEADER, announce, configFor, invoke, PING_BODY, withAdapter } from "./app.mjs";

const JSON_HEADERS = { "content-type": "application/json" };

function bareListener() {
  const sendJson = (response, value) => {
    const body = JSON.stringify(value);
    response.writeHead(200, { ...JSON_HEADERS, "content-length": Buffer.byteLength(body) });
    response.end(body);
  };
  return (request, response) => {
    if (request.url === "/ping" && request.method === "GET") return sendJson(response, PING_BODY);
    if (request.url === "/invocations" && request.method === "POST") {
      const chunks = [];
      request.on("data", (chunk) => chunks.push(chunk));
      request.on("end", () => sendJson(response, withAdapter(JSON.parse(Buffer.concat(chunks).toString("utf8")), request.headers[ADAPTER_HEADER])));
      return;
    }
    response.writeHead(404, JSON_HEADERS).end('{"detail":"Not Found"}');
  };
}

async function oursListener() {
  const lib = await import("../../dist/runtimes/node.js");
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
  const { Hono } = await import("hono");
  const app = new Hono();
  app.get("/ping", (c) => c.json(PING_BODY));
  app.post("/invocations", async (c) => {
    const body = await c.req.json();
    return invoke(body) ?? c.json(body);
  });
  return getRequestListener(app.fetch);
}

async function srvxListener() {
  const { FastResponse, toNodeHandler } = await import("srvx/node");
  const json = (value) => new FastResponse(JSON.stringify(value), { headers: JSON_HEADERS });
  return toNodeHandler(async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/ping" && request.method === "GET") return json(PING_BODY);
    if (path === "/invocations" && request.method === "POST") {
      const body = await request.json();
      return invoke(body) ?? json(body);
    }
    return new FastResponse('{"detail":"Not Found"}', { status: 404, headers: JSON_HEADERS });
  });
}

const LISTENERS = { bare: bareListener, ours: oursListener, hono: honoListener, srvx: srvxListener };

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
  const before = process.cpuUsage();
  for (let i = 0; i < message.run.count; i++) await exchange(bytes);
  const used = process.cpuUsage(before);
  process.send({ cpuUs: (used.user + used.system) / message.run.count });
});
