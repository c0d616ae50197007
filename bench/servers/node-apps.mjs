// The application each Node contender serves, shared by its HTTP server script and by node-listener.mjs
// (the same listener without a socket): bare node:http by hand, Hono's app, srvx's fetch handler.
import { ADAPTER_HEADER, invoke, PING_BODY, withAdapter } from "./app.mjs";

const JSON_HEADERS = { "content-type": "application/json" };

function sendJson(response, value) {
  const body = JSON.stringify(value);
  response.writeHead(200, { ...JSON_HEADERS, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

async function sendStream(response, stream) {
  response.writeHead(200, { "content-type": "application/octet-stream" });
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!response.write(value)) await new Promise((resolve) => response.once("drain", resolve));
  }
  response.end();
}

/** The bare node:http listener: the library's routes written by hand. */
export function bareListener() {
  return (request, response) => {
    if (request.url === "/ping" && request.method === "GET") return sendJson(response, PING_BODY);
    if (request.url === "/invocations" && request.method === "POST") {
      const chunks = [];
      request.on("data", (chunk) => chunks.push(chunk));
      request.on("end", () => {
        const body = withAdapter(JSON.parse(Buffer.concat(chunks).toString("utf8")), request.headers[ADAPTER_HEADER]);
        const streamed = invoke(body);
        if (streamed) void sendStream(response, streamed.body);
        else sendJson(response, body);
      });
      return;
    }
    response.writeHead(404, JSON_HEADERS).end('{"detail":"Not Found"}');
  };
}

/** The same routes as a Hono app. */
export async function honoApp() {
  const { Hono } = await import("hono");
  const app = new Hono();
  app.get("/ping", (c) => c.json(PING_BODY));
  app.post("/invocations", async (c) => {
    const body = await c.req.json();
    return invoke(body) ?? c.json(body);
  });
  return app;
}

/** The same routes as a fetch handler answering with srvx's FastResponse. */
export async function srvxFetch() {
  const { FastResponse } = await import("srvx/node");
  const json = (value) => new FastResponse(JSON.stringify(value), { headers: JSON_HEADERS });
  return async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/ping" && request.method === "GET") return json(PING_BODY);
    if (path === "/invocations" && request.method === "POST") {
      const body = await request.json();
      return invoke(body) ?? json(body);
    }
    return new FastResponse('{"detail":"Not Found"}', { status: 404, headers: JSON_HEADERS });
  };
}
